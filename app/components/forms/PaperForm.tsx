import type { PaperLayout, PaperNode } from "~/domain/paper-form";

/**
 * A blank form as the paper template lays it out (app/domain/paper-form.ts): the national motto, the title, each
 * field with a dotted writing line, check boxes, tables for repeating groups, the place-and-date line and the
 * signature blocks. Server-rendered; the dotted lines are drawn by CSS and hidden from screen readers.
 */

const Dots = ({ className = "" }: { className?: string }) => <span className={`dots ${className}`} aria-hidden="true" />;
const Box = () => (
  <span className="box" aria-hidden="true">
    ☐
  </span>
);

function DateBlanks() {
  return (
    <span className="date-blanks">
      ngày <Dots className="dots--date" /> tháng <Dots className="dots--date" /> năm <Dots className="dots--year" />
    </span>
  );
}

/** "Người yêu cầu (ký, ghi rõ họ, chữ đệm, tên)" → the role, and the instruction in brackets. */
function splitSignature(title: string): { role: string; how: string | null } {
  const open = title.indexOf("(");
  if (open === -1) return { role: title, how: "Ký, ghi rõ họ, chữ đệm, tên" };
  const how = title.slice(open + 1).replace(/\)\s*$/, "").trim();
  return { role: title.slice(0, open).trim(), how: how.charAt(0).toUpperCase() + how.slice(1) };
}

function Node({ node, level }: { node: PaperNode; level: number }) {
  switch (node.kind) {
    case "addressee":
      return (
        <p className="paper-addressee">
          {node.label}: <Dots />
        </p>
      );
    case "line":
      return (
        <div className={`paper-field paper-field--${node.size}`}>
          <p className="paper-line">
            <span className="paper-label">{node.label}:</span> <Dots />
          </p>
          {Array.from({ length: node.lines - 1 }, (_, i) => (
            <p key={i} className="paper-line">
              <Dots />
            </p>
          ))}
        </div>
      );
    case "date":
      return (
        <p className="paper-field paper-line">
          <span className="paper-label">{node.label}:</span> <DateBlanks />
        </p>
      );
    case "check":
      return (
        <p className="paper-field paper-check">
          <Box /> {node.label}
        </p>
      );
    case "choices":
      return (
        <p className="paper-field paper-choices">
          <span className="paper-label">{node.label}:</span>{" "}
          {node.options.map((o) => (
            <span key={o} className="paper-choice">
              <Box /> {o}
            </span>
          ))}
        </p>
      );
    case "table":
      return (
        <table className="paper-table paper-field">
          <caption>{node.title}</caption>
          <thead>
            <tr>
              <th scope="col">STT</th>
              {node.columns.map((c) => (
                <th scope="col" key={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: node.rows }, (_, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                {node.columns.map((c) => (
                  <td key={c} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    case "group": {
      const Heading = (level <= 2 ? "h2" : level === 3 ? "h3" : "h4") as "h2" | "h3" | "h4";
      return (
        <section className={`paper-group${node.official ? " paper-group--official" : ""}`} aria-labelledby={`${node.id}-title`}>
          <Heading id={`${node.id}-title`} className="paper-group__title">
            {node.official && !node.title ? "Phần dành cho cơ quan đăng ký" : node.title}
          </Heading>
          {node.children.map((child) => (
            <Node key={child.id} node={child} level={level + 1} />
          ))}
        </section>
      );
    }
    case "placeDate":
      return (
        <div className="paper-closing">
          <p className="paper-place-date">
            <Dots className="dots--place" />, <DateBlanks />
          </p>
          <div className="paper-signatures">
            {node.signatures.map((s) => {
              const { role, how } = splitSignature(s);
              return (
                <div key={s} className="paper-signature">
                  <p className="paper-signature__role">{role}</p>
                  {how ? <p className="paper-signature__how">({how})</p> : null}
                </div>
              );
            })}
          </div>
        </div>
      );
  }
}

export function PaperForm({ layout, templateLine }: { layout: PaperLayout; templateLine: string | null }) {
  return (
    <article className="paper" aria-labelledby="paper-title">
      {templateLine ? <p className="paper-template">{templateLine}</p> : null}
      <p className="paper-motto">
        <strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>
        <br />
        <strong className="paper-motto__sub">Độc lập - Tự do - Hạnh phúc</strong>
      </p>
      <h1 id="paper-title" className="paper-title">
        {layout.title.toLocaleUpperCase("vi")}
      </h1>
      {layout.nodes.map((node) => (
        <Node key={node.id} node={node} level={2} />
      ))}
    </article>
  );
}
