import { Fragment, type ReactNode } from "react";
import type { IsoBlock, IsoCell, IsoDocument } from "~/documents/iso/iso-document.server";
import { MARK_TEXT } from "~/documents/iso/shared";

/**
 * An ISO document's content from its model (app/documents/iso/iso-document.server.ts): the page Chromium prints
 * and the admin's view render this same component. Styles: app/documents/iso/iso-css.ts (inside `.iso`).
 */
/** `titleLevel`: 1 where the document is the page, 2 inside a page that has its own title. */
export function IsoDocumentBody({ doc, titleLevel = 1 }: { doc: IsoDocument; titleLevel?: 1 | 2 }) {
  const Title = titleLevel === 1 ? "h1" : "h2";
  return (
    <article className="iso-document" aria-labelledby="iso-ten">
      {doc.mark ? (
        <p className="iso-mark" role="note">
          {MARK_TEXT[doc.mark]}
        </p>
      ) : null}
      <Title id="iso-ten" className="iso-title">
        {`${doc.documentType} ${doc.title} (${doc.documentCode}, lần ban hành ${doc.issue})`}
      </Title>
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
  // An empty corner cell (the approval table's) is no column header.
  return header && c.text !== "" ? (
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
      return (
        <figure className="iso-flowchart">
          {block.pages.map((part, i) => (
            <div key={i} className="iso-flowchart-part" dangerouslySetInnerHTML={{ __html: part.svg }} />
          ))}
        </figure>
      );
    case "check":
      return (
        <p className={`iso-check iso-check--${block.ok ? "ok" : "fail"}`}>
          <strong>{block.ok ? "Khớp thời hạn: " : "Không khớp thời hạn: "}</strong>
          {block.text}
        </p>
      );
  }
}
