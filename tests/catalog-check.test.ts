import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCatalog } from "~/catalog/check.server";
import { checkProvinceCatalog } from "~/catalog/province.server";
import { formatProblem } from "~/catalog/problem";
import { tempDir } from "./setup/db";

const BROKEN = "tests/fixtures/broken-catalog";

describe("catalog check", () => {
  it("accepts the sample catalog in catalog/: a province catalog and three communes' own documents", () => {
    const checked = checkProvinceCatalog("catalog");
    expect(checked.problems.map(formatProblem)).toEqual([]);
    expect(checked.units.map((u) => [u.code, u.level, u.parent ?? null])).toEqual([
      ["01", "province", null],
      ["00000", "commune", "01"],
      ["99901", "commune", "01"],
      ["99902", "commune", "01"],
    ]);
    expect([...checked.communes.keys()]).toEqual(["00000", "99901", "99902"]);
    const entries = [...checked.province.entries, ...[...checked.communes.values()].flatMap((c) => c.entries)];
    const count = (kind: string) => entries.filter((e) => e.kind === kind).length;
    expect(count("procedure")).toBeGreaterThanOrEqual(30);
    expect(count("form")).toBeGreaterThanOrEqual(8);
    expect(count("fee")).toBeGreaterThanOrEqual(6);
    expect(count("process")).toBeGreaterThanOrEqual(8);
    expect(count("code-of-conduct")).toBe(1);
    expect(count("organization")).toBe(3);
    // The province catalog holds no commune's profile; each commune folder holds its own.
    expect(checked.province.entries.filter((e) => e.kind === "organization")).toEqual([]);
    expect(count("holiday-calendar")).toBeGreaterThanOrEqual(2);
    const fields = new Set(entries.filter((e) => e.kind === "procedure").map((e) => e.data.fieldCode));
    expect(fields.size).toBeGreaterThanOrEqual(6);
  });

  it("reports every problem of the broken catalog as `file: field: message`, in Vietnamese", () => {
    const lines = checkCatalog(BROKEN).problems.map(formatProblem);
    const f = (name: string) => `${BROKEN}/${name}`;
    const expected = [
      `${f("procedures/1.000656.json")}: (tệp): Không đọc được JSON`,
      `${f("procedures/1.23.json")}: unexpected: Trường «unexpected» không có trong lược đồ`,
      `${f("procedures/1.23.json")}: Mã thủ tục: «Mã thủ tục» không đúng định dạng`,
      `${f("procedures/1.23.json")}: Tên thủ tục: «Tên thủ tục» không được để trống`,
      `${f("procedures/1.23.json")}: Cấp thực hiện: «Cấp thực hiện» phải là một trong: Cấp tỉnh, Cấp xã`,
      `${f("procedures/1.23.json")}: Cách thức thực hiện › 1 › Thời hạn giải quyết › Giá trị: «Giá trị» phải lớn hơn hoặc bằng 0`,
      `${f("procedures/2.000816.json")}: Mã thủ tục: Mã «2.000815» không khớp với tên tệp «2.000816.json»`,
      `${f("procedures/2.000816.json")}: Mã lĩnh vực: Không có lĩnh vực mã «G15-TP03» trong danh mục`,
      `${f("forms/to-khai-mau.json")}: Lược đồ trường của biểu mẫu › type: Gốc của «Lược đồ trường của biểu mẫu» phải có "type": "object"`,
      `${f("procedures/1.001193.json")}: Cách thức thực hiện › 1 › Phí, lệ phí › 1 › Mã phí, lệ phí: Không có phí, lệ phí mã «le-phi-khong-co» trong danh mục`,
      `${f("procedures/1.001193.json")}: Hồ sơ theo trường hợp › 1 › Thành phần hồ sơ › 1 › Mã biểu mẫu: Không có biểu mẫu mã «to-khai-khong-co» trong danh mục`,
      `${f("procedures/1.001193.json")}: Căn cứ pháp lý › 1 › Mã văn bản trong danh mục: Không có văn bản pháp luật mã «60-2014-QH13» trong danh mục`,
      `${f("procedures/1.001193.json")}: Yêu cầu, điều kiện thực hiện: Dòng 3: không được dùng biểu thức JavaScript`,
      `${f("procedures/1.001193.json")}: Hồ sơ theo trường hợp › 1 › Mã trường hợp: Mã trường hợp «1.009999.01» phải bắt đầu bằng mã thủ tục «1.001193.»`,
      `${f("fees/le-phi-khai-sinh.json")}: Mức thu › 2 › Áp dụng từ ngày: Thời gian hiệu lực chồng lên mức thu thứ 1`,
      `${f("fees/phi-chung-thuc.json")}: Mức thu › 1 › Quy tắc tính › Bậc tính › 2 › Từ đơn vị thứ: Bậc phải bắt đầu từ 3`,
      `${f("processes/QT-HT-01.json")}: Nội dung quy trình: Tổng thời gian các bước (8,5 ngày làm việc) khác thời hạn giải quyết của thủ tục «1.001193» theo cách thức Trực tiếp (7 ngày làm việc)`,
      `${f("codes-of-conduct/quy-tac.mdx")}: Toàn văn: Dòng 3: không được dùng lệnh import/export trong nội dung MDX`,
      `${f("codes-of-conduct/quy-tac.mdx")}: Toàn văn: Dòng 5, cột 10: không được dùng thành phần <Script>`,
      `${f("codes-of-conduct/quy-tac.mdx")}: Toàn văn: Dòng 7: liên kết dùng giao thức không an toàn "javascript:"`,
    ];
    for (const prefix of expected) {
      expect(
        lines.filter((line) => line.startsWith(prefix)),
        prefix,
      ).toHaveLength(1);
    }
    expect(lines).toHaveLength(expected.length);
  });

  it("catches a process whose steps no longer add up after the procedure's time limit changes", () => {
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    const path = join(dir, "procedures", "2.000815.json");
    const procedure = JSON.parse(readFileSync(path, "utf8"));
    const processCode: string = procedure.processCodes[0];
    procedure.channels[0].timeLimit = { value: 3, unit: "working_days" };
    writeFileSync(path, JSON.stringify(procedure, null, 2));
    const lines = checkCatalog(dir).problems.map(formatProblem);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `processes/${processCode}\\.json: Nội dung quy trình: Tổng thời gian các bước \\(.+\\) khác thời hạn giải quyết của thủ tục «2\\.000815» theo cách thức .+ \\(3 ngày làm việc\\)`,
      ),
    );
  });
});

describe("a commune folder over its province", () => {
  it("refers to the province catalog, and may not redefine one of its documents", () => {
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    expect(checkProvinceCatalog(dir).problems).toEqual([]);
    // A commune's own copy of a province procedure is refused (it would shadow what the province decides).
    cpSync(join(dir, "procedures", "2.000815.json"), join(dir, "communes", "99901", "procedures", "2.000815.json"), { recursive: true });
    expect(checkProvinceCatalog(dir).problems.map((p) => `${p.fieldTitle}: ${p.message}`)).toEqual([
      `Mã thủ tục: Mã «2.000815» đã có trong danh mục của tỉnh (${relative(process.cwd(), join(dir, "procedures", "2.000815.json"))})`,
    ]);
  });

  it("checks units.json: a commune under another province is named", () => {
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    const file = join(dir, "units.json");
    const units = JSON.parse(readFileSync(file, "utf8"));
    units.units[2].parent = "79";
    writeFileSync(file, JSON.stringify(units));
    expect(checkProvinceCatalog(dir).problems.map(formatProblem)).toEqual([`${file}: Đơn vị › 3 › Thuộc tỉnh: Xã, phường phải thuộc tỉnh 01`]);
  });
});
