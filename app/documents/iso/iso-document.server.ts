import { FEE_KIND_WORDS, formatDate, formatDuration, formatMoney, formatNumber } from "~/domain/format";
import { stepTimeFindings } from "~/domain/consistency";
import { compareStepTimes, formatWorkingTime, toWorkingCentihours } from "~/domain/process-time";
import type { Procedure, Process, Quality } from "~/generated";
import { drawFlowchart, type FlowchartPage } from "./flowchart.server";

/** The tallest part of a flowchart on one A4 sheet, in SVG units (560 across 174 mm: 700 ≈ 218 mm). */
export const FLOWCHART_PAGE_HEIGHT = 700;
import { textBlocks } from "./text-blocks.server";

/**
 * An ISO 9001 controlled document (a process, or the quality policy and objectives) in the Vietnamese layout, as
 * one model the three outputs render: the HTML view (iso-html.server.tsx), the PDF printed from it, and the
 * DOCX (iso-docx.server.ts). Whatever one output shows, the others show, because none of them reads the
 * document's body: they read these blocks.
 */

import { MARK_TEXT, type IsoMark } from "./shared";

export { MARK_TEXT, type IsoMark };

export interface IsoCell {
  text: string;
  bold?: boolean;
  align?: "left" | "center" | "right";
}

export type IsoBlock =
  | { type: "heading"; level: 1 | 2; text: string }
  | { type: "paragraph"; text: string; bold?: boolean; italic?: boolean }
  | { type: "list"; ordered: boolean; items: string[] }
  /** Widths are fractions of the text width; the first row is the header row when `header` is set. */
  | { type: "table"; name: string; widths: number[]; header: boolean; rows: IsoCell[][] }
  /** `svg` whole (the SVG download); `pages` the same cut between rows, a part a sheet (the HTML, PDF, DOCX). */
  | { type: "flowchart"; svg: string; title: string; pages: FlowchartPage[] }
  /** A time-limit check of the step table: ok, or the mismatch an auditor would find. */
  | { type: "check"; ok: boolean; text: string };

export interface IsoDocument {
  kind: "process" | "quality";
  key: string;
  revision: number;
  mark: IsoMark;
  /** "UBND PHƯỜNG HÒA AN": the issuing body, in capitals as the header block prints it. */
  issuer: string;
  /** "QUY TRÌNH" or "CHÍNH SÁCH VÀ MỤC TIÊU CHẤT LƯỢNG". */
  documentType: string;
  title: string;
  documentCode: string;
  issue: string;
  issuedDate: string | null;
  effectiveDate: string | null;
  reviewDate: string | null;
  /** Header block, approval table, distribution list, change log, then the numbered sections. */
  blocks: IsoBlock[];
}

/** The text at the foot of every page beside "Trang x/y" (the mark included, so no page is without it). */
export function isoFooter(doc: IsoDocument): string {
  const mark = doc.mark ? ` – ${MARK_TEXT[doc.mark]}` : "";
  return `${doc.documentCode} – Lần ban hành ${doc.issue}${mark}`;
}

/** "QT-01-HT-lan-00[-ban-nhap].pdf": the file name of an output, from the document code, never user paths. */
export function isoFileName(doc: IsoDocument, format: "html" | "pdf" | "docx" | "svg"): string {
  const code = doc.documentCode.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || doc.key;
  const mark = doc.mark === "draft" ? "-ban-nhap" : doc.mark === "superseded" ? "-het-hieu-luc" : "";
  return `${code}-lan-${doc.issue}${mark}.${format === "svg" ? "luu-do.svg" : format}`;
}

interface Common {
  key: string;
  revision: number;
  mark: IsoMark;
  issuer: string;
}

type Control = NonNullable<Process["documentControl"]>;

const date = (iso: string | undefined | null) => (iso ? formatDate(iso) : "");

/** The front matter every controlled document opens with: header block, approvals, distribution, change log. */
function frontMatter(documentType: string, title: string, issuer: string, control: Control): IsoBlock[] {
  const header: IsoBlock = {
    type: "table",
    name: "Khối tiêu đề",
    widths: [0.28, 0.44, 0.28],
    header: false,
    rows: [
      [
        { text: issuer, bold: true, align: "center" },
        { text: `${documentType}\n${title}`, bold: true, align: "center" },
        {
          text: [
            `Mã hiệu: ${control.documentCode}`,
            `Lần ban hành: ${control.issue}`,
            `Ngày ban hành: ${date(control.issuedDate) || "…/…/…"}`,
            `Ngày hiệu lực: ${date(control.effectiveDate) || "…/…/…"}`,
          ].join("\n"),
        },
      ],
    ],
  };
  const people = [control.preparedBy, control.reviewedBy, control.approvedBy];
  const approval: IsoBlock = {
    type: "table",
    name: "Bảng phê duyệt",
    widths: [0.16, 0.28, 0.28, 0.28],
    header: true,
    rows: [
      [{ text: "", bold: true }, ...["Soạn thảo", "Kiểm tra", "Phê duyệt"].map((text) => ({ text, bold: true, align: "center" as const }))],
      [{ text: "Họ và tên", bold: true }, ...people.map((p) => ({ text: p?.name ?? "", align: "center" as const }))],
      [{ text: "Chức vụ", bold: true }, ...people.map((p) => ({ text: p?.title ?? "", align: "center" as const }))],
      [{ text: "Chữ ký", bold: true }, ...people.map(() => ({ text: "\n\n" }))],
      [{ text: "Ngày", bold: true }, ...people.map((p) => ({ text: date(p?.date), align: "center" as const }))],
    ],
  };
  const changes: IsoBlock = {
    type: "table",
    name: "Bảng theo dõi sửa đổi",
    widths: [0.12, 0.14, 0.38, 0.18, 0.18],
    header: true,
    rows: [
      ["Lần ban hành", "Ngày", "Nội dung sửa đổi", "Người sửa đổi", "Người phê duyệt"].map((text) => ({ text, bold: true, align: "center" as const })),
      ...(control.changes ?? []).map((c) => [
        { text: c.issue, align: "center" as const },
        { text: date(c.date), align: "center" as const },
        { text: c.description },
        { text: c.by ?? "" },
        { text: c.approvedBy ?? "" },
      ]),
    ],
  };
  return [
    header,
    approval,
    { type: "heading", level: 2, text: "Nơi nhận" },
    control.distribution?.length ? { type: "list", ordered: false, items: control.distribution } : { type: "paragraph", text: "Chưa ghi nơi nhận.", italic: true },
    { type: "heading", level: 2, text: "Bảng theo dõi sửa đổi" },
    changes,
  ];
}

function controlFields(control: Control) {
  return {
    documentCode: control.documentCode,
    issue: control.issue,
    issuedDate: control.issuedDate ?? null,
    effectiveDate: control.effectiveDate ?? null,
    reviewDate: control.reviewDate ?? null,
  };
}

const orNone = (blocks: IsoBlock[], none: string): IsoBlock[] => (blocks.length ? blocks : [{ type: "paragraph", text: none, italic: true }]);

export interface ProcessDocumentInput extends Common {
  process: Process;
  /** The procedures the process serves, as the unit applies them (missing ones are left out). */
  procedures: Procedure[];
  /** Names of the forms steps use, by code (a code without a name is printed as the code). */
  formNames: ReadonlyMap<string, string>;
  /** Labels of channel types: DIRECT → Trực tiếp. */
  channelNames: Readonly<Record<string, string>>;
}

export function processDocument(input: ProcessDocumentInput): IsoDocument {
  const p = input.process;
  const control = p.documentControl;
  const blocks = frontMatter("QUY TRÌNH", p.name, input.issuer, control);
  const formName = (code: string) => input.formNames.get(code) ?? code;

  blocks.push({ type: "heading", level: 1, text: "1. Mục đích" }, ...orNone(textBlocks(p.purpose), "Không ghi."));
  blocks.push({ type: "heading", level: 1, text: "2. Phạm vi áp dụng" }, ...orNone(textBlocks(p.scope), "Không ghi."));

  blocks.push({ type: "heading", level: 1, text: "3. Tài liệu viện dẫn" });
  const references = [...(p.references ?? []), ...input.procedures.flatMap((proc) => proc.legalBasis ?? [])];
  const seen = new Set<string>();
  const referenceLines = references
    .filter((r) => {
      const id = r.number ?? r.title ?? "";
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map((r) => [r.number, r.title, r.issuer ? `của ${r.issuer}` : "", r.issuedDate ? `ngày ${formatDate(r.issuedDate)}` : "", r.article ? `(${r.article})` : ""].filter(Boolean).join(" "));
  blocks.push(...orNone(referenceLines.length ? [{ type: "list", ordered: false, items: referenceLines }] : [], "Không có."));

  blocks.push({ type: "heading", level: 1, text: "4. Định nghĩa và từ viết tắt" });
  blocks.push(
    ...orNone(
      p.definitions?.length
        ? [
            {
              type: "table",
              name: "Định nghĩa và từ viết tắt",
              widths: [0.3, 0.7],
              header: true,
              rows: [
                [
                  { text: "Thuật ngữ, từ viết tắt", bold: true },
                  { text: "Giải thích", bold: true },
                ],
                ...p.definitions.map((d) => [{ text: d.term }, { text: d.meaning }]),
              ],
            },
          ]
        : [],
      "Không có.",
    ),
  );

  blocks.push({ type: "heading", level: 1, text: "5. Nội dung quy trình" });
  let section = 1;
  const sub = (text: string) => blocks.push({ type: "heading", level: 2, text: `5.${section++}. ${text}` });
  if (input.procedures.length) {
    sub("Thủ tục hành chính áp dụng");
    for (const proc of input.procedures) {
      blocks.push({ type: "paragraph", text: `${proc.code} – ${proc.name}`, bold: true });
      const components = (proc.cases ?? []).flatMap((c) => (c.components ?? []).map((comp) => ({ ...comp, caseName: (proc.cases ?? []).length > 1 ? c.name : null })));
      if (components.length) {
        blocks.push({ type: "paragraph", text: "Thành phần hồ sơ:" });
        blocks.push({
          type: "list",
          ordered: false,
          items: components.map((c) => {
            const counts = [c.originals ? `${c.originals} bản chính` : "", c.copies ? `${c.copies} bản sao` : ""].filter(Boolean).join(", ");
            return `${c.caseName ? `${c.caseName}: ` : ""}${c.name}${counts ? ` (${counts})` : ""}${c.required ? "" : " – không bắt buộc"}`;
          }),
        });
      }
      blocks.push({
        type: "list",
        ordered: false,
        items: proc.channels.map((ch) => {
          const fees = (ch.fees ?? []).map((f) => (f.amount ? `${FEE_KIND_WORDS[f.kind]} ${formatMoney(f.amount.amount, f.amount.currency ?? null)}` : (f.description ?? ""))).filter(Boolean);
          return [
            `${input.channelNames[ch.type] ?? ch.type}: thời hạn giải quyết ${formatDuration(ch.timeLimit)}`,
            ch.place ? `nơi tiếp nhận: ${ch.place}` : "",
            fees.length ? fees.join("; ") : "không thu phí, lệ phí",
          ]
            .filter(Boolean)
            .join("; ");
        }),
      });
    }
  }

  sub("Trình tự thực hiện");
  const stepRows: IsoCell[][] = p.steps.map((s) => [
    { text: String(s.order), align: "center" },
    {
      text: [
        s.name,
        s.inputs ? `Đầu vào: ${s.inputs}` : "",
        textBlocks(s.content)
          .map((b) => (b.type === "list" ? b.items.map((i) => `– ${i}`).join("\n") : "text" in b ? b.text : ""))
          .join("\n"),
        ...(s.branches ?? []).map((b) => `${b.condition} → ${[b.action, b.goTo ? `chuyển bước ${b.goTo}` : "kết thúc"].filter(Boolean).join(", ")}`),
      ]
        .filter(Boolean)
        .join("\n"),
    },
    { text: s.responsible },
    { text: formatDuration(s.duration), align: "center" },
    { text: [...(s.forms ?? []).map(formName), s.output ?? "", ...(s.records ?? [])].filter(Boolean).join("\n") },
  ]);
  const total = stepTotal(p.steps);
  blocks.push({
    type: "table",
    name: "Bảng các bước",
    widths: [0.08, 0.4, 0.18, 0.12, 0.22],
    header: true,
    rows: [
      ["Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu, kết quả, hồ sơ"].map((text) => ({ text, bold: true, align: "center" as const })),
      ...stepRows,
      [{ text: "" }, { text: "Tổng thời gian", bold: true }, { text: "" }, { text: total, bold: true, align: "center" }, { text: "" }],
    ],
  });
  // One line per procedure and channel, from the rule the report and `check` apply (unit mix-ups included).
  for (const proc of input.procedures) {
    for (const ch of proc.channels.filter((c) => !p.channels?.length || p.channels.includes(c.type))) {
      const findings = stepTimeFindings({ code: p.code, body: p }, [{ code: proc.code, body: { ...proc, channels: [ch] } }], () => "");
      const where = `thủ tục ${proc.code}, cách thức ${input.channelNames[ch.type] ?? ch.type}`;
      if (compareStepTimes(p.steps, ch.timeLimit).kind === "limit-not-comparable") {
        blocks.push({ type: "check", ok: false, text: `Không đối chiếu được thời gian các bước với thời hạn giải quyết ${formatDuration(ch.timeLimit)} (${where}).` });
      } else if (findings.length) {
        blocks.push(...findings.map((f) => ({ type: "check" as const, ok: false, text: `${f.message}.` })));
      } else {
        blocks.push({ type: "check", ok: true, text: `Tổng thời gian các bước (${total}) bằng thời hạn giải quyết (${where}).` });
      }
    }
  }

  sub("Lưu đồ");
  const chart = {
    title: p.name,
    steps: p.steps.map((s) => ({
      order: s.order,
      name: s.name,
      responsible: s.responsible,
      shape: s.shape,
      branches: s.branches,
      note: [formatDuration(s.duration), ...(s.forms ?? []).map(formName)].filter(Boolean).join("; "),
    })),
  };
  const drawn = drawFlowchart(chart, FLOWCHART_PAGE_HEIGHT);
  blocks.push({ type: "flowchart", svg: drawn.whole, title: `Lưu đồ ${p.name}`, pages: drawn.pages });

  blocks.push({ type: "heading", level: 1, text: "6. Biểu mẫu" });
  const formCodes = [...new Set(p.steps.flatMap((s) => s.forms ?? []))];
  blocks.push(
    ...orNone(
      formCodes.length
        ? [
            {
              type: "table",
              name: "Biểu mẫu",
              widths: [0.08, 0.62, 0.3],
              header: true,
              rows: [
                [
                  { text: "STT", bold: true, align: "center" },
                  { text: "Tên biểu mẫu", bold: true },
                  { text: "Mã biểu mẫu", bold: true },
                ],
                ...formCodes.map((code, i) => [{ text: String(i + 1), align: "center" as const }, { text: formName(code) }, { text: code }]),
              ],
            },
          ]
        : [],
      "Quy trình không dùng biểu mẫu riêng.",
    ),
  );

  blocks.push({ type: "heading", level: 1, text: "7. Hồ sơ cần lưu" });
  blocks.push(
    ...orNone(
      p.records?.length
        ? [
            {
              type: "table",
              name: "Hồ sơ cần lưu",
              widths: [0.08, 0.47, 0.25, 0.2],
              header: true,
              rows: [
                ["STT", "Hồ sơ", "Trách nhiệm lưu", "Thời gian lưu"].map((text) => ({ text, bold: true, align: "center" as const })),
                ...p.records.map((r, i) => [{ text: String(i + 1), align: "center" as const }, { text: r.name }, { text: r.keeper ?? "" }, { text: r.retention ?? "Theo quy định hiện hành" }]),
              ],
            },
          ]
        : [],
      "Không ghi hồ sơ cần lưu.",
    ),
  );

  return { kind: "process", key: input.key, revision: input.revision, mark: input.mark, issuer: input.issuer, documentType: "QUY TRÌNH", title: p.name, ...controlFields(control), blocks };
}

/** The step table's total: in working hours when every step is, else in working days. */
function stepTotal(steps: Process["steps"]): string {
  let centihours = 0;
  for (const s of steps) {
    const h = toWorkingCentihours(s.duration);
    if (h === null) return "Không cộng được";
    centihours += h;
  }
  return formatWorkingTime(centihours, steps.every((s) => s.duration.unit === "working_hours") ? "working_hours" : "working_days");
}

const COMPARATORS: Record<string, string> = { ">=": "≥", "<=": "≤", "=": "=" };

export interface QualityDocumentInput extends Common {
  quality: Quality;
}

/** The quality policy and measurable objectives as a controlled document (its control block may be missing on old data). */
export function qualityDocument(input: QualityDocumentInput): IsoDocument {
  const q = input.quality;
  const control: Control = q.documentControl ?? { documentCode: q.code, issue: "00" };
  const blocks = frontMatter("CHÍNH SÁCH VÀ MỤC TIÊU CHẤT LƯỢNG", q.name, input.issuer, control);
  blocks.push({ type: "heading", level: 1, text: "1. Chính sách chất lượng" }, ...orNone(textBlocks(q.policy), "Không ghi."));
  blocks.push({ type: "heading", level: 1, text: "2. Mục tiêu chất lượng" });
  blocks.push({
    type: "table",
    name: "Mục tiêu chất lượng",
    widths: [0.07, 0.4, 0.25, 0.13, 0.15],
    header: true,
    rows: [
      ["STT", "Mục tiêu", "Chỉ số đo lường", "Chỉ tiêu", "Kỳ đánh giá"].map((text) => ({ text, bold: true, align: "center" as const })),
      ...q.objectives.map((o, i) => [
        { text: String(i + 1), align: "center" as const },
        { text: o.statement },
        { text: o.metric },
        { text: `${COMPARATORS[o.comparator] ?? o.comparator} ${formatNumber(o.target)}${o.unit === "%" ? "%" : ` ${o.unit}`}`, align: "center" as const },
        { text: o.period ?? "" },
      ]),
    ],
  });
  if (q.decision) {
    blocks.push({ type: "heading", level: 1, text: "3. Quyết định ban hành" });
    blocks.push({ type: "paragraph", text: [q.decision.number, q.decision.title, q.decision.issuer ? `của ${q.decision.issuer}` : "", q.decision.issuedDate ? `ngày ${formatDate(q.decision.issuedDate)}` : ""].filter(Boolean).join(" ") });
  }
  return {
    kind: "quality",
    key: input.key,
    revision: input.revision,
    mark: input.mark,
    issuer: input.issuer,
    documentType: "CHÍNH SÁCH VÀ MỤC TIÊU CHẤT LƯỢNG",
    title: q.name,
    ...controlFields(control),
    blocks,
  };
}
