import { Resvg } from "@resvg/resvg-js";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  ImageRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type ParagraphChild,
} from "docx";
import { DOCUMENT_FONT_FAMILY, DOCUMENT_FONT_FILES } from "./fonts.server";
import { MARK_TEXT, isoFooter, type IsoBlock, type IsoCell, type IsoDocument } from "./iso-document.server";

/**
 * An ISO document as a Word file (docx 9), for the officers who keep editing in Word and for the audit pack.
 * Kept simple on purpose (LibreOffice opening a file is no proof Word will, see ../shared/STACK-NOTES.md): one
 * section on A4 with the PDF's margins, Times New Roman (the Tinos metrics; Word has it, LibreOffice maps it to
 * Liberation Serif), tables with fixed column widths in twips, the flowchart as SVG with a PNG drawn by resvg
 * from the same SVG and the embedded font, the mark and the document code in every page's header, "Trang x/y"
 * in every page's footer.
 */

const FONT = "Times New Roman";
/** A4 and the margins of PDF_MARGIN (app/utils/pdf.server.ts), in twips (1 mm ≈ 56,69 twips). */
const PAGE = { width: 11906, height: 16838, top: 850, right: 794, bottom: 1020, left: 1020 } as const;
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** Sizes in half-points. */
const BODY = 26;
const TABLE = 23;

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function runs(text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun[] {
  return [new TextRun({ text: text.normalize("NFC"), bold: options.bold, italics: options.italics, size: options.size, font: FONT })];
}

function cellParagraphs(c: IsoCell, bold: boolean): Paragraph[] {
  return c.text.split("\n").map(
    (line) => new Paragraph({ alignment: ALIGN[c.align ?? "left"], spacing: { before: 20, after: 20 }, children: runs(line, { bold: bold || c.bold, size: TABLE }) }),
  );
}

const border = { style: BorderStyle.SINGLE, size: 6, color: "000000" } as const;
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

function table(block: Extract<IsoBlock, { type: "table" }>): Table {
  const widths = block.widths.map((w) => Math.round(w * TEXT_WIDTH));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders,
    rows: block.rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: block.header && r === 0,
          cantSplit: true,
          children: row.map(
            (c, i) =>
              new TableCell({
                width: { size: widths[i] ?? 0, type: WidthType.DXA },
                verticalAlign: block.name === "Khối tiêu đề" ? VerticalAlign.CENTER : VerticalAlign.TOP,
                margins: { top: 40, bottom: 40, left: 80, right: 80 },
                children: cellParagraphs(c, block.header && r === 0),
              }),
          ),
        }),
    ),
  });
}

/** Each part of the flowchart (a sheet tall at most) as its own image: SVG, with a PNG of it for Word processors without SVG. */
function flowchart(block: Extract<IsoBlock, { type: "flowchart" }>): Paragraph[] {
  return block.pages.map((part, i) => {
    const png = new Resvg(part.svg, {
      fitTo: { mode: "width", value: Math.round(part.width * 3) },
      background: "#ffffff",
      font: { fontFiles: [DOCUMENT_FONT_FILES.regular, DOCUMENT_FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: DOCUMENT_FONT_FAMILY },
    })
      .render()
      .asPng();
    // The drawing across the text width, in pixels at 96 per inch (1440 twips).
    const width = Math.round((TEXT_WIDTH / 1440) * 96);
    const height = Math.round((width * part.height) / part.width);
    const title = block.pages.length > 1 ? `${block.title} (phần ${i + 1}/${block.pages.length})` : block.title;
    return new Paragraph({
      alignment: AlignmentType.CENTER,
      keepLines: true,
      children: [
        new ImageRun({
          type: "svg",
          data: Buffer.from(part.svg, "utf8"),
          fallback: { type: "png", data: png },
          transformation: { width, height },
          altText: { name: "Lưu đồ", title, description: title },
        }),
      ],
    });
  });
}

function blockToDocx(block: IsoBlock): (Paragraph | Table)[] {
  switch (block.type) {
    case "heading":
      return [
        new Paragraph({
          spacing: { before: block.level === 1 ? 240 : 120, after: 80 },
          keepNext: true,
          children: runs(block.text, { bold: true, size: BODY }),
        }),
      ];
    case "paragraph":
      return block.text.split("\n").map((line) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 80 }, children: runs(line, { bold: block.bold, italics: block.italic, size: BODY }) }));
    case "list":
      return block.items.map(
        (item) =>
          new Paragraph({
            numbering: { reference: block.ordered ? "iso-numbered" : "iso-bullet", level: 0 },
            spacing: { after: 40 },
            children: runs(item.replace(/\n/g, " "), { size: BODY }),
          }),
      );
    case "table":
      return [table(block), new Paragraph({ spacing: { after: 80 }, children: [] })];
    case "flowchart":
      return flowchart(block);
    case "check":
      return [
        new Paragraph({
          spacing: { after: 80 },
          border: { left: { style: BorderStyle.SINGLE, size: block.ok ? 12 : 36, color: "000000", space: 6 } },
          children: [...runs(block.ok ? "Khớp thời hạn: " : "Không khớp thời hạn: ", { bold: true, size: 24 }), ...runs(block.text, { bold: !block.ok, size: 24 })],
        }),
      ];
  }
}

export async function isoDocumentDocx(doc: IsoDocument): Promise<Buffer> {
  const mark = doc.mark ? MARK_TEXT[doc.mark] : null;
  const headerLine = `${doc.documentCode} – Lần ban hành ${doc.issue}`;
  const footerChildren: ParagraphChild[] = [
    ...runs(`${isoFooter(doc)}\t`, { size: 18 }),
    new TextRun({ children: ["Trang ", PageNumber.CURRENT, "/", PageNumber.TOTAL_PAGES], size: 18, font: FONT }),
  ];
  const document = new Document({
    creator: "Niêm Yết",
    title: `${doc.documentCode} – ${doc.title}`,
    description: `${doc.documentType} ${doc.title}, lần ban hành ${doc.issue}${mark ? ` (${mark})` : ""}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    numbering: {
      config: [
        { reference: "iso-bullet", levels: [{ level: 0, format: LevelFormat.BULLET, text: "–", alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 400, hanging: 260 } } } }] },
        { reference: "iso-numbered", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 400, hanging: 300 } } } }] },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, right: PAGE.right, bottom: PAGE.bottom, left: PAGE.left, header: 400, footer: 400 },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [...(mark ? runs(`${mark} – `, { bold: true, size: 20 }) : []), ...runs(headerLine, { size: 18 })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({ children: [new Paragraph({ tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }], children: footerChildren })] }),
        },
        children: [
          ...(mark
            ? [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  border: { top: border, bottom: border, left: border, right: border },
                  spacing: { after: 160 },
                  children: runs(mark, { bold: true, size: 30 }),
                }),
              ]
            : []),
          ...doc.blocks.flatMap(blockToDocx),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
