import { DOCUMENT_FONT_STACK, wrapText } from "./fonts.server";
import { escapeXml as esc } from "~/utils/xml";

/**
 * The flowchart of an ISO process document (lưu đồ), drawn on the server as SVG in the Vietnamese layout: three
 * columns *Trách nhiệm — Các bước — Mô tả / Biểu mẫu*; inside *Các bước* a lane per responsible unit (in the
 * order the steps first name them), a row per step, so step order reads top to bottom and who acts reads left
 * to right. Start and end are terminals, steps are boxes, decisions diamonds, documents the wavy-bottom shape.
 * A branch to another step is drawn as an orthogonal connector through a gutter at the right of the lanes; a
 * branch that ends the process ("hồ sơ không hợp lệ → trả lại") goes right to a terminal in the column
 * *Xử lý khác*. The layout is a fixed grid (no graph-layout library: none keeps lanes and step order, see
 * ../shared/STACK-NOTES.md), so the same process always gives the same bytes. Text is wrapped by measuring the
 * font the documents embed (fonts.server.ts).
 */

export interface FlowchartBranch {
  /** When the branch is taken, e.g. "Hồ sơ không hợp lệ". */
  condition: string;
  /** What is done, e.g. "Trả lại hồ sơ, hướng dẫn bổ sung" (the terminal's text when the branch ends the process). */
  action?: string;
  /** The step (its `order`) the branch goes to; absent, the branch ends the process. */
  goTo?: number;
}

export interface FlowchartStep {
  order: number;
  name: string;
  responsible: string;
  shape?: "process" | "decision" | "document";
  /** The column *Mô tả / Biểu mẫu*: time, forms, records. */
  note?: string;
  branches?: FlowchartBranch[];
}

export interface FlowchartInput {
  /** The accessible name (`<title>`), e.g. the process's name. */
  title: string;
  steps: FlowchartStep[];
}

/** Width of the drawing in SVG units; printed across A4's 174 mm text width, 1 unit ≈ 0,31 mm. */
export const FLOWCHART_WIDTH = 560;
/** Text size in SVG units (≈ 8,4 pt printed across A4). */
export const FLOWCHART_FONT_SIZE = 9.5;

const HEADER_HEIGHT = 26;
const LINE = FLOWCHART_FONT_SIZE * 1.2;
const SMALL = 7.5;
const RESPONSIBLE_WIDTH = 96;
const NOTE_WIDTH = 132;
const OTHER_WIDTH = 80;
const GUTTER_STEP = 7;
const PAD = 5;
const ROW_GAP = 16;
const TERMINAL_HEIGHT = 20;
/** The narrowest a step's box gets, whatever the number of lanes (two short words a line). */
const MIN_BOX_WIDTH = 84;

type Box = { x: number; y: number; w: number; h: number; cx: number; cy: number };

const n = (v: number) => String(Math.round(v * 10) / 10);

export class FlowchartError extends Error {}

/** The whole flowchart as one SVG (the SVG download; what the pages below are cut from). */
export function renderFlowchart(input: FlowchartInput): string {
  const d = draw(input);
  return page(d, { top: HEADER_HEIGHT, bottom: d.height, index: 1, count: 1 });
}

export interface FlowchartPage {
  svg: string;
  width: number;
  height: number;
}

/**
 * The flowchart cut into parts no taller than `maxHeight` (SVG units), each cut in the gap between two rows so no
 * step is split across sheets, each part repeating the column headers: what the PDF and the DOCX print, a part a
 * sheet. A row taller than `maxHeight` gets a part of its own.
 */
export function renderFlowchartPages(input: FlowchartInput, maxHeight: number): FlowchartPage[] {
  return drawFlowchart(input, maxHeight).pages;
}

/** The whole flowchart and its sheet-sized parts from one layout (what a document needs of it). */
export function drawFlowchart(input: FlowchartInput, maxHeight: number): { whole: string; pages: FlowchartPage[] } {
  const d = draw(input);
  const room = maxHeight - HEADER_HEIGHT;
  const ranges: [number, number][] = [];
  let top = HEADER_HEIGHT;
  while (d.height - top > room) {
    const fits = d.breaks.filter((b) => b > top && b - top <= room);
    const cut = fits.length ? fits[fits.length - 1]! : d.breaks.find((b) => b > top);
    if (cut === undefined) break;
    ranges.push([top, cut]);
    top = cut;
  }
  ranges.push([top, d.height]);
  return {
    whole: page(d, { top: HEADER_HEIGHT, bottom: d.height, index: 1, count: 1 }),
    pages: ranges.map(([from, to], i) => ({
      svg: page(d, { top: from, bottom: to, index: i + 1, count: ranges.length }),
      width: FLOWCHART_WIDTH,
      height: Math.round((to - from + HEADER_HEIGHT) * 10) / 10,
    })),
  };
}

interface Drawing {
  title: string;
  description: string;
  height: number;
  /** Where the drawing may be cut: the middle of each gap between rows. */
  breaks: number[];
  /** Column rules and lane rules from `top` to `bottom`, the header row at `top - HEADER_HEIGHT`. */
  head: { x: number; w: number; label: string }[];
  lanes: number[];
  body: string;
}

/** One part of the drawing (rows from `top` to `bottom`) with the header row above it; ids unique per part. */
function page(d: Drawing, { top, bottom, index, count }: { top: number; bottom: number; index: number; count: number }): string {
  const y0 = top - HEADER_HEIGHT;
  const h = bottom - y0;
  const id = (name: string) => (index === 1 ? name : `${name}-${index}`);
  const title = count === 1 ? `Lưu đồ: ${d.title}` : `Lưu đồ: ${d.title} (phần ${index}/${count})`;
  const headerText = (label: string, cx: number) =>
    `<text x="${n(cx)}" y="${n(y0 + (HEADER_HEIGHT - LINE) / 2 + 0.8 * FLOWCHART_FONT_SIZE * 1.2)}" font-size="${n(FLOWCHART_FONT_SIZE)}" font-weight="bold" text-anchor="middle">${esc(label)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 ${n(y0)} ${FLOWCHART_WIDTH} ${n(h)}" width="${FLOWCHART_WIDTH}" height="${n(h)}" role="img" aria-labelledby="${index === 1 ? "luu-do-ten luu-do-mo-ta" : id("luu-do-ten")}" font-family="${esc(DOCUMENT_FONT_STACK)}">`,
    `<title id="${id("luu-do-ten")}">${esc(title)}</title>`,
    index === 1 ? `<desc id="luu-do-mo-ta">${esc(d.description)}</desc>` : "",
    `<defs><marker id="${id("mui-ten")}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L8 4L0 8Z" fill="#000"/></marker></defs>`,
    `<style>.xu-ly,.quyet-dinh,.tai-lieu,.ket-thuc,.bat-dau{fill:#fff;stroke:#000;stroke-width:1}.noi{fill:none;stroke:#000;stroke-width:0.8;marker-end:url(#${id("mui-ten")})}.luoi{fill:none;stroke:#000;stroke-width:0.6}.lan{stroke:#999;stroke-width:0.4;stroke-dasharray:3 2}text{fill:#000}</style>`,
    d.lanes.length ? `<path class="lan" d="${d.lanes.map((x) => `M${n(x)} ${n(top)}V${n(bottom)}`).join("")}"/>` : "",
    d.body,
    // The header row over whatever of the rows above this part lies under it, then the frame and column rules.
    `<rect x="0" y="${n(y0)}" width="${FLOWCHART_WIDTH}" height="${HEADER_HEIGHT}" fill="#fff"/>`,
    `<rect class="luoi" x="0.5" y="${n(y0 + 0.5)}" width="${FLOWCHART_WIDTH - 1}" height="${n(h - 1)}"/>`,
    `<path class="luoi" d="M0 ${n(top)}H${FLOWCHART_WIDTH}${d.head
      .slice(1)
      .map((c) => `M${n(c.x)} ${n(y0)}V${n(bottom)}`)
      .join("")}"/>`,
    ...d.head.map((c) => headerText(c.label, c.x + c.w / 2)),
    "</svg>",
  ].join("");
}

function draw(input: FlowchartInput): Drawing {
  const steps = [...input.steps].sort((a, b) => a.order - b.order);
  if (steps.length === 0) throw new FlowchartError("Quy trình chưa có bước nào");
  const orders = new Set(steps.map((s) => s.order));
  for (const step of steps)
    for (const branch of step.branches ?? [])
      if (branch.goTo !== undefined && !orders.has(branch.goTo))
        throw new FlowchartError(`Bước ${step.order}: nhánh «${branch.condition}» chuyển đến bước ${branch.goTo}, quy trình không có bước này`);

  const lanes: string[] = [];
  for (const step of steps) if (!lanes.includes(step.responsible.trim())) lanes.push(step.responsible.trim());
  const shapeOf = (order: number) => steps.find((s) => s.order === order)?.shape ?? "process";
  const jumps = steps.flatMap((s) => (s.branches ?? []).filter((b) => b.goTo !== undefined).map((b) => ({ from: s, branch: b })));
  const endings = steps.some((s) => (s.branches ?? []).some((b) => b.goTo === undefined));
  const gutter = jumps.length ? jumps.length * GUTTER_STEP + PAD : 0;
  const otherWidth = endings ? OTHER_WIDTH : 0;
  const lanesWidth = FLOWCHART_WIDTH - RESPONSIBLE_WIDTH - NOTE_WIDTH - gutter - otherWidth;
  const laneWidth = lanesWidth / lanes.length;
  const x0 = RESPONSIBLE_WIDTH;
  const gutterX = x0 + lanesWidth;
  const otherX = gutterX + gutter;
  const noteX = otherX + otherWidth;
  // A row holds one step, so a box may be wider than its lane when there are many lanes: it stays centred on
  // its lane as far as the lanes' area allows, and still reads as that unit's.
  const boxWidth = Math.max(Math.min(laneWidth - 2 * PAD, 150), Math.min(MIN_BOX_WIDTH, lanesWidth - 2 * PAD));
  const laneCenter = (lane: string) => {
    const centre = x0 + laneWidth * lanes.indexOf(lane.trim()) + laneWidth / 2;
    return Math.min(Math.max(centre, x0 + PAD + boxWidth / 2), gutterX - PAD - boxWidth / 2);
  };

  const out: string[] = [];
  const text = (lines: string[], cx: number, top: number, anchor: "middle" | "start", size = FLOWCHART_FONT_SIZE, bold = false) =>
    lines
      .map(
        (line, i) =>
          `<text x="${n(cx)}" y="${n(top + (i + 0.8) * size * 1.2)}" font-size="${n(size)}"${bold ? ' font-weight="bold"' : ""} text-anchor="${anchor}">${esc(line)}</text>`,
      )
      .join("");

  // Rows: start, one per step, end. Each row is as tall as its tallest cell.
  let y = HEADER_HEIGHT + ROW_GAP / 2;
  const boxes = new Map<number, Box>();
    const start: Box = { x: laneCenter(steps[0]!.responsible) - 40, y, w: 80, h: TERMINAL_HEIGHT, cx: laneCenter(steps[0]!.responsible), cy: y + TERMINAL_HEIGHT / 2 };
  y += TERMINAL_HEIGHT + ROW_GAP;
  const breaks = [y - ROW_GAP / 2];
  for (const step of steps) {
    const shape = step.shape ?? "process";
    const inner = shape === "decision" ? boxWidth * 0.72 : boxWidth - 2 * PAD;
    const label = wrapText(`${step.order}. ${step.name}`, inner, FLOWCHART_FONT_SIZE);
    const responsible = wrapText(step.responsible, RESPONSIBLE_WIDTH - 2 * PAD, FLOWCHART_FONT_SIZE);
    const note = step.note ? wrapText(step.note, NOTE_WIDTH - 2 * PAD, SMALL) : [];
    const endingBranches = (step.branches ?? []).filter((b) => b.goTo === undefined);
    const other = endingBranches.map((b) => wrapText(b.action ?? b.condition, OTHER_WIDTH - 2 * PAD, SMALL));
    const labelHeight = label.length * LINE + 2 * PAD;
    const h = shape === "decision" ? labelHeight * 1.6 : shape === "document" ? labelHeight + 6 : labelHeight;
    const rowHeight = Math.max(h, responsible.length * LINE + 2 * PAD, note.length * SMALL * 1.2 + 2 * PAD, other.reduce((sum, o) => sum + o.length * SMALL * 1.2 + 2 * PAD + 4, 0));
    const cx = laneCenter(step.responsible);
    const box: Box = { x: cx - boxWidth / 2, y: y + (rowHeight - h) / 2, w: boxWidth, h, cx, cy: y + rowHeight / 2 };
    boxes.set(step.order, box);

    out.push(`<g class="buoc" data-step="${step.order}">`);
    out.push(text(responsible, PAD, box.cy - (responsible.length * LINE) / 2, "start"));
    if (shape === "decision") {
      out.push(`<path class="quyet-dinh" d="M${n(cx)} ${n(box.y)}L${n(box.x + box.w)} ${n(box.cy)}L${n(cx)} ${n(box.y + h)}L${n(box.x)} ${n(box.cy)}Z"/>`);
    } else if (shape === "document") {
      const bottom = box.y + h - 6;
      out.push(
        `<path class="tai-lieu" d="M${n(box.x)} ${n(box.y)}H${n(box.x + box.w)}V${n(bottom)}C${n(box.x + box.w * 0.75)} ${n(bottom - 8)} ${n(box.x + box.w * 0.25)} ${n(bottom + 10)} ${n(box.x)} ${n(bottom)}Z"/>`,
      );
    } else {
      out.push(`<rect class="xu-ly" x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(h)}"/>`);
    }
    out.push(text(label, cx, box.cy - (label.length * LINE) / 2 - (shape === "document" ? 3 : 0), "middle"));
    if (note.length) out.push(text(note, noteX + PAD, box.cy - (note.length * SMALL * 1.2) / 2, "start", SMALL));
    // Branches that end the process: a terminal in *Xử lý khác*, reached straight to the right along the row.
    let otherTop = box.cy - other.reduce((sum, o) => sum + o.length * SMALL * 1.2 + 2 * PAD + 4, 0) / 2;
    endingBranches.forEach((branch, i) => {
      const lines = other[i]!;
      const th = lines.length * SMALL * 1.2 + 2 * PAD;
      const ty = otherTop + 2;
      const tcy = ty + th / 2;
      const startX = box.x + box.w;
      const startY = box.cy + 4 * i;
      out.push(`<g class="nhanh" data-condition="${esc(branch.condition)}">`);
      out.push(`<path class="noi" d="M${n(startX)} ${n(startY)}H${n(otherX - 6)}V${n(tcy)}H${n(otherX + 1)}"/>`);
      const condition = wrapText(branch.condition, Math.max(otherX - 8 - startX, 40), SMALL).slice(0, 2);
      out.push(text(condition, startX + 3, startY - condition.length * SMALL * 1.2 - 1, "start", SMALL));
      out.push(`<rect class="ket-thuc" x="${n(otherX + 2)}" y="${n(ty)}" width="${n(OTHER_WIDTH - 4)}" height="${n(th)}" rx="${n(th / 2)}"/>`);
      out.push(text(lines, otherX + OTHER_WIDTH / 2, ty + PAD, "middle", SMALL));
      out.push("</g>");
      otherTop += th + 4;
    });
    out.push("</g>");
    y += rowHeight + ROW_GAP;
    breaks.push(y - ROW_GAP / 2);
  }
  const last = steps[steps.length - 1]!;
  const end: Box = { x: laneCenter(last.responsible) - 40, y, w: 80, h: TERMINAL_HEIGHT, cx: laneCenter(last.responsible), cy: y + TERMINAL_HEIGHT / 2 };
  const height = y + TERMINAL_HEIGHT + ROW_GAP / 2;

  // The main flow: start → each step in order → end, orthogonal, turning in the gap between rows.
  const chain: Box[] = [start, ...steps.map((s) => boxes.get(s.order)!), end];
  for (let i = 0; i + 1 < chain.length; i++) {
    const a = chain[i]!;
    const b = chain[i + 1]!;
    const midY = a.y + a.h + (b.y - a.y - a.h) / 2;
    const d = a.cx === b.cx ? `M${n(a.cx)} ${n(a.y + a.h)}V${n(b.y - 1)}` : `M${n(a.cx)} ${n(a.y + a.h)}V${n(midY)}H${n(b.cx)}V${n(b.y - 1)}`;
    out.push(`<path class="noi" d="${d}"/>`);
  }
  // Branches to another step: out of the right side, along the gutter, into the target's right side.
  jumps.forEach(({ from, branch }, i) => {
    const a = boxes.get(from.order)!;
    const b = boxes.get(branch.goTo!)!;
    const channel = gutterX + PAD + i * GUTTER_STEP;
    const fromY = a.cy - 4 - 4 * i;
    out.push(`<g class="nhanh" data-condition="${esc(branch.condition)}" data-go-to="${branch.goTo}">`);
    out.push(`<path class="noi" d="M${n(a.x + a.w)} ${n(fromY)}H${n(channel)}V${n(b.cy + 8)}H${n(b.x + b.w + (shapeOf(branch.goTo!) === "decision" ? -b.w * 0.1 : 1))}"/>`);
    const label = branch.action ? `${branch.condition}: ${branch.action}` : branch.condition;
    const lines = wrapText(label, Math.max(gutterX - (a.x + a.w) - 2, 40), SMALL).slice(0, 3);
    out.push(text(lines, a.x + a.w + 3, fromY - lines.length * SMALL * 1.2 - 1, "start", SMALL));
    out.push("</g>");
  });

  const head = [
    { x: 0, w: RESPONSIBLE_WIDTH, label: "Trách nhiệm" },
    { x: x0, w: lanesWidth + gutter, label: "Các bước" },
    ...(endings ? [{ x: otherX, w: otherWidth, label: "Xử lý khác" }] : []),
    { x: noteX, w: NOTE_WIDTH, label: "Mô tả / Biểu mẫu" },
  ];
  const description = `Lưu đồ ${steps.length} bước: ${steps
    .map((s) => {
      const branches = (s.branches ?? []).map((b) => `${b.condition} → ${b.goTo !== undefined ? `bước ${b.goTo}` : (b.action ?? "kết thúc")}`);
      return `${s.order}. ${s.name} (${s.responsible})${branches.length ? `; ${branches.join("; ")}` : ""}`;
    })
    .join(". ")}.`;

  return {
    title: input.title,
    description,
    height,
    breaks: breaks.filter((b) => b < height),
    head,
    lanes: lanes.slice(1).map((_, i) => x0 + laneWidth * (i + 1)),
    body: [
      `<g class="bat-dau-quy-trinh"><rect class="bat-dau" x="${n(start.x)}" y="${n(start.y)}" width="${n(start.w)}" height="${n(start.h)}" rx="10"/>${text(["Bắt đầu"], start.cx, start.y + (start.h - LINE) / 2, "middle")}</g>`,
      ...out,
      `<g class="ket-thuc-quy-trinh"><rect class="ket-thuc" x="${n(end.x)}" y="${n(end.y)}" width="${n(end.w)}" height="${n(end.h)}" rx="10"/>${text(["Kết thúc"], end.cx, end.y + (end.h - LINE) / 2, "middle")}</g>`,
    ].join(""),
  };
}
