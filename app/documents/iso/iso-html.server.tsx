import { readFileSync } from "node:fs";
import { Fragment, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ISO_CSS } from "./iso-css";
import { DOCUMENT_FONT_FAMILY, DOCUMENT_FONT_FILES } from "./fonts.server";
import { MARK_TEXT, type IsoBlock, type IsoCell, type IsoDocument } from "./iso-document.server";

/**
 * An ISO document as one complete HTML page: the admin's view (stylesheet linked, under the site's
 * Content-Security-Policy) and the self-contained page Chromium prints to PDF (stylesheet inlined, the Tinos
 * font embedded as data, so the PDF has the font the flowchart was measured with and needs no network).
 */

/** Where the stylesheet is served (app/routes/iso-css.ts). */
export const ISO_CSS_PATH = "/tai-lieu-iso.css";

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

/** The document's content (also shown inside the admin's pages). */
export function IsoDocumentBody({ doc }: { doc: IsoDocument }) {
  return (
    <article className="iso-document" aria-labelledby="iso-ten">
      {doc.mark ? (
        <p className="iso-mark" role="note">
          {MARK_TEXT[doc.mark]}
        </p>
      ) : null}
      <h1 id="iso-ten" className="iso-title">
        {`${doc.documentType} ${doc.title} (${doc.documentCode}, lần ban hành ${doc.issue})`}
      </h1>
      {doc.blocks.map((block, i) => (
        <Fragment key={i}>{renderBlock(block)}</Fragment>
      ))}
    </article>
  );
}

function lines(text: string): ReactNode {
  const parts = text.split("\n");
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 ? <br /> : null}
      {part}
    </Fragment>
  ));
}

function cell(c: IsoCell, i: number, header: boolean) {
  const className = c.align && c.align !== "left" ? c.align : undefined;
  const content = c.bold && !header ? <strong>{lines(c.text)}</strong> : lines(c.text);
  return header ? (
    <th key={i} scope="col" className={className}>
      {content}
    </th>
  ) : (
    <td key={i} className={className}>
      {content}
    </td>
  );
}

function renderBlock(block: IsoBlock): ReactNode {
  switch (block.type) {
    case "heading":
      return block.level === 1 ? <h2>{block.text}</h2> : <h3>{block.text}</h3>;
    case "paragraph": {
      const text = lines(block.text);
      return <p>{block.bold ? <strong>{text}</strong> : block.italic ? <em>{text}</em> : text}</p>;
    }
    case "list": {
      const items = block.items.map((item, i) => <li key={i}>{lines(item)}</li>);
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case "table": {
      const [first, ...rest] = block.rows;
      const body = block.header ? rest : block.rows;
      return (
        <table className={`iso-table${block.name === "Khối tiêu đề" ? " iso-table--header" : ""}`}>
          <caption>{block.name}</caption>
          <colgroup>
            {block.widths.map((w, i) => (
              // The width attribute, not a style: the admin's view allows no inline styles.
              <col key={i} width={`${Math.round(w * 1000) / 10}%`} />
            ))}
          </colgroup>
          {block.header && first ? (
            <thead>
              <tr>{first.map((c, i) => cell(c, i, true))}</tr>
            </thead>
          ) : null}
          <tbody>
            {body.map((row, r) => (
              <tr key={r}>{row.map((c, i) => cell(c, i, false))}</tr>
            ))}
          </tbody>
        </table>
      );
    }
    case "flowchart":
      // Our own SVG (flowchart.server.ts escapes every text it draws), not user markup.
      return <figure className="iso-flowchart" dangerouslySetInnerHTML={{ __html: block.svg }} />;
    case "check":
      return (
        <p className={`iso-check iso-check--${block.ok ? "ok" : "fail"}`}>
          <strong>{block.ok ? "Khớp thời hạn: " : "Không khớp thời hạn: "}</strong>
          {block.text}
        </p>
      );
  }
}
