import { readFileSync } from "node:fs";
import { renderToStaticMarkup } from "react-dom/server";
import { ISO_CSS } from "./iso-css";
import { DOCUMENT_FONT_FAMILY, DOCUMENT_FONT_FILES } from "./fonts.server";
import { IsoDocumentBody } from "~/components/iso/IsoDocumentBody";
import { MARK_TEXT, type IsoDocument } from "./iso-document.server";
import { ISO_CSS_PATH } from "./shared";

/**
 * An ISO document as one complete HTML page: the admin's view (stylesheet linked, under the site's
 * Content-Security-Policy) and the self-contained page Chromium prints to PDF (stylesheet inlined, the Tinos
 * font embedded as data, so the PDF has the font the flowchart was measured with and needs no network).
 */

let fontFaces: string | null = null;
function embeddedFontFaces(): string {
  fontFaces ??= (["regular", "bold"] as const)
    .map(
      (weight) =>
        `@font-face { font-family: "${DOCUMENT_FONT_FAMILY}"; font-weight: ${weight === "bold" ? 700 : 400}; font-style: normal; ` +
        `src: url(data:font/ttf;base64,${readFileSync(DOCUMENT_FONT_FILES[weight]).toString("base64")}) format("truetype"); }`,
    )
    .join("\n");
  return fontFaces;
}

export function isoTitle(doc: IsoDocument): string {
  const mark = doc.mark ? ` (${MARK_TEXT[doc.mark]})` : "";
  return `${doc.documentCode} – ${doc.title} – Lần ban hành ${doc.issue}${mark}`;
}

/**
 * `selfContained`: the stylesheet inlined (a downloaded file, the PDF); `embedFont`: Tinos inlined too (the PDF:
 * ~1,4 MB, so a downloaded HTML file falls back to Times New Roman, which has the same metrics).
 */
export function isoDocumentHtml(doc: IsoDocument, { selfContained, embedFont = false }: { selfContained: boolean; embedFont?: boolean }): string {
  const style = selfContained ? (
    <style dangerouslySetInnerHTML={{ __html: `${embedFont ? `${embeddedFontFaces()}\n` : ""}${ISO_CSS}` }} />
  ) : (
    <link rel="stylesheet" href={ISO_CSS_PATH} />
  );
  return `<!DOCTYPE html>${renderToStaticMarkup(
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{isoTitle(doc)}</title>
        {style}
      </head>
      <body>
        <main className="iso">
          <IsoDocumentBody doc={doc} />
        </main>
      </body>
    </html>,
  )}`;
}

