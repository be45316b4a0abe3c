import { readFileSync } from "node:fs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { FLOWCHART_FONT_SIZE, FLOWCHART_WIDTH, FlowchartError, renderFlowchart, renderFlowchartPages, type FlowchartStep } from "~/documents/iso/flowchart.server";
import { textWidth, wrapText } from "~/documents/iso/fonts.server";

const sample = JSON.parse(readFileSync("catalog/processes/QT-HT-01.json", "utf8")) as { name: string; steps: { order: number; name: string; responsible: string }[] };

function withBranches(): FlowchartStep[] {
  const steps: FlowchartStep[] = sample.steps.map((s) => ({ order: s.order, name: s.name, responsible: s.responsible }));
  steps[0] = { ...steps[0]!, shape: "decision", branches: [{ condition: "Hồ sơ không hợp lệ", action: "Trả lại hồ sơ, hướng dẫn bổ sung" }] };
  steps[1] = { ...steps[1]!, shape: "decision", branches: [{ condition: "Cần xác minh", action: "Gia hạn, gửi phiếu xin lỗi", goTo: 1 }] };
  return steps;
}

const allText = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(" ");

describe("ISO flowchart (SVG)", () => {
  it("is valid XML with a title and a description naming every step and branch", () => {
    const svg = renderFlowchart({ title: sample.name, steps: withBranches() });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(doc.svg["@_role"]).toBe("img");
    expect(doc.svg.title["#text"]).toBe(`Lưu đồ: ${sample.name}`);
    for (const step of sample.steps) expect(doc.svg.desc["#text"]).toContain(`${step.order}. ${step.name} (${step.responsible})`);
    expect(doc.svg.desc["#text"]).toContain("Hồ sơ không hợp lệ → Trả lại hồ sơ, hướng dẫn bổ sung");
    expect(doc.svg.desc["#text"]).toContain("Cần xác minh → bước 1");
  });

  it("draws each step in its row, in its responsible unit's lane, with branches as connectors", () => {
    const svg = renderFlowchart({ title: sample.name, steps: withBranches() });
    expect(svg.match(/<g class="buoc" data-step="\d+">/g)).toHaveLength(sample.steps.length);
    expect(svg.match(/class="quyet-dinh"/g)).toHaveLength(2);
    expect(svg).toContain('<g class="nhanh" data-condition="Hồ sơ không hợp lệ">');
    expect(svg).toContain('<g class="nhanh" data-condition="Cần xác minh" data-go-to="1">');
    const text = allText(svg);
    for (const heading of ["Trách nhiệm", "Các bước", "Xử lý khác", "Mô tả / Biểu mẫu", "Bắt đầu", "Kết thúc"]) expect(text).toContain(heading);
    // Rows go down in step order.
    const tops = [...svg.matchAll(/data-step="(\d+)">.*?<(?:rect|path) class="(?:xu-ly|quyet-dinh|tai-lieu)" (?:x="[\d.]+" y="([\d.]+)"|d="M[\d.]+ ([\d.]+))/g)].map((m) => Number(m[2] ?? m[3]));
    expect(tops).toHaveLength(sample.steps.length);
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
  });

  it("gives the same bytes for the same process", () => {
    expect(renderFlowchart({ title: sample.name, steps: withBranches() })).toBe(renderFlowchart({ title: sample.name, steps: withBranches() }));
  });

  it("wraps text by the embedded font so no line is wider than its box", () => {
    const long = "Thẩm định hồ sơ, xác minh thông tin về nơi cư trú của người yêu cầu đăng ký và ghi vào Sổ đăng ký hộ tịch";
    const lines = wrapText(long, 80, FLOWCHART_FONT_SIZE);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, FLOWCHART_FONT_SIZE)).toBeLessThanOrEqual(80);
    expect(lines.join(" ")).toBe(long);
  });

  it("stays readable on A4 for 20 steps: text of at least 8 pt across 174 mm, every step drawn", () => {
    const steps: FlowchartStep[] = Array.from({ length: 20 }, (_, i) => ({ order: i + 1, name: `Xử lý bước số ${i + 1}`, responsible: ["Bộ phận Một cửa", "Công chức Tư pháp – Hộ tịch", "Lãnh đạo UBND phường"][i % 3]! }));
    const svg = renderFlowchart({ title: "Hai mươi bước", steps });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/<g class="buoc"/g)).toHaveLength(20);
    const pointsPerUnit = ((174 / 25.4) * 72) / FLOWCHART_WIDTH;
    expect(FLOWCHART_FONT_SIZE * pointsPerUnit).toBeGreaterThanOrEqual(8);
  });

  it("refuses a branch to a step the process does not have, naming it", () => {
    const steps = withBranches();
    steps[1] = { ...steps[1]!, branches: [{ condition: "Cần xác minh", goTo: 9 }] };
    expect(() => renderFlowchart({ title: sample.name, steps })).toThrow(FlowchartError);
    expect(() => renderFlowchart({ title: sample.name, steps })).toThrow("Bước 2: nhánh «Cần xác minh» chuyển đến bước 9, quy trình không có bước này");
  });

  it("cuts a long flowchart between rows into parts no taller than a sheet, each with the column headers, every step in exactly one", () => {
    const steps: FlowchartStep[] = Array.from({ length: 20 }, (_, i) => ({
      order: i + 1,
      name: `Xử lý hồ sơ ở bước số ${i + 1}, một tên đủ dài để xuống dòng`,
      responsible: ["Bộ phận Một cửa", "Công chức Tư pháp – Hộ tịch", "Lãnh đạo UBND phường", "Văn thư"][i % 4]!,
    }));
    const whole = new XMLParser({ ignoreAttributes: false }).parse(renderFlowchart({ title: sample.name, steps }));
    const pages = renderFlowchartPages({ title: sample.name, steps }, 700);
    expect(pages.length).toBeGreaterThan(1);
    const seen: number[] = [];
    let covered = 0;
    for (const [i, page] of pages.entries()) {
      expect(XMLValidator.validate(page.svg)).toBe(true);
      expect(page.height).toBeLessThanOrEqual(700);
      const [, top, , height] = /viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"/.exec(page.svg)!.slice(1).map(Number);
      covered += height! - 26;
      expect(allText(page.svg)).toContain("Trách nhiệm");
      expect(page.svg).toContain(`(phần ${i + 1}/${pages.length})`);
      // The steps whose box lies wholly inside this part's rows.
      for (const m of page.svg.matchAll(/<g class="buoc" data-step="(\d+)">(?:<text[^>]*>[^<]*<\/text>)*<(?:rect|path)[^>]* (?:y="([\d.]+)"[^>]* height="([\d.]+)"|d="M[\d.]+ ([\d.]+)L)/g)) {
        const boxTop = Number(m[2] ?? m[4]);
        if (boxTop >= top! + 26 && boxTop < top! + height!) seen.push(Number(m[1]));
      }
    }
    expect(seen.sort((a, b) => a - b)).toEqual(steps.map((s) => s.order));
    expect(Math.round(covered)).toBe(Math.round(Number(whole.svg["@_height"]) - 26));
  });
});
