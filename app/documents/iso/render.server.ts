import { htmlToPdf } from "~/utils/pdf.server";
import { isoDocumentDocx } from "./iso-docx.server";
import { isoFileName, isoFooter, MARK_TEXT, type IsoDocument } from "./iso-document.server";
import { isoDocumentHtml } from "./iso-html.server";

/**
 * One ISO document in the format asked for, the same content in each: the self-contained HTML page, the PDF
 * Chromium prints from that page (docs/decisions/019-iso-documents.md), the DOCX, or the flowchart alone as SVG.
 * Without Chromium the PDF throws PdfUnavailableError; the caller offers the HTML.
 */

export const ISO_FORMATS = ["html", "pdf", "docx", "svg"] as const;
export type IsoFormat = (typeof ISO_FORMATS)[number];
export const isIsoFormat = (value: string): value is IsoFormat => (ISO_FORMATS as readonly string[]).includes(value);

export const ISO_CONTENT_TYPES: Record<IsoFormat, string> = {
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  svg: "image/svg+xml; charset=utf-8",
};

export interface RenderedIso {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** null when the format is SVG and the document has no flowchart (the quality policy). */
export async function renderIso(doc: IsoDocument, format: IsoFormat): Promise<RenderedIso | null> {
  const out = (body: Buffer) => ({ body, contentType: ISO_CONTENT_TYPES[format], fileName: isoFileName(doc, format) });
  switch (format) {
    case "html":
      return out(Buffer.from(isoDocumentHtml(doc, { selfContained: true }), "utf8"));
    case "pdf":
      return out(
        await htmlToPdf(isoDocumentHtml(doc, { selfContained: true, embedFont: true }), {
          footerText: isoFooter(doc),
          headerText: doc.mark ? MARK_TEXT[doc.mark] : undefined,
        }),
      );
    case "docx":
      return out(await isoDocumentDocx(doc));
    case "svg": {
      const chart = doc.blocks.find((b) => b.type === "flowchart");
      return chart ? out(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${chart.svg}`, "utf8")) : null;
    }
  }
}
