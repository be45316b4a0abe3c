import { formatDate, formatNumber } from "~/domain/format";
import { valueAt, type PaperLayout, type PaperNode } from "~/domain/paper-form";

/**
 * A form as the paper template lays it out (app/domain/paper-form.ts): the national motto, the title, each field
 * with a dotted writing line, check boxes, tables for repeating groups, the place-and-date line and the
 * signature blocks. Blank (server-rendered, for printing and filling by hand) or, given `values`, filled in with
 * what a citizen typed on the page. The dotted lines are drawn by CSS and hidden from screen readers.
 */

type Values = unknown;

const Dots = ({ className = "" }: { className?: string }) => <span className={`dots ${className}`} aria-hidden="true" />;

/** A blank to write on, or the value written on it. */
function Blank({ value, className = "" }: { value: unknown; className?: string }) {
  const text = value === undefined || value === null || value === "" ? null : typeof value === "number" ? formatNumber(value, 4) : String(value);
  return text === null ? <Dots className={className} /> : <span className={`filled ${className}`}>{text}</span>;
}

const Box = ({ checked }: { checked: boolean }) => (
  <span className="box" aria-hidden="true">
    {checked ? "☒" : "☐"}
  </span>
);

function DateBlanks({ value }: { value: unknown }) {
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return (
    <span className="date-blanks">
      ngày <Blank value={match?.[3]} className="dots--date" /> tháng <Blank value={match?.[2]} className="dots--date" /> năm{" "}
      <Blank value={match?.[1]} className="dots--year" />
      {match ? <span className="visually-hidden"> ({formatDate(value as string)})</span> : null}
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

function Node({ node, level, values }: { node: PaperNode; level: number; values: Values }) {
  const value = valueAt(values, node.path);
  switch (node.kind) {
    case "addressee":
      return (
        <p className="paper-addressee">
          {node.label}: <Blank value={value} />
        </p>
      );
    case "line": {
      const lines = typeof value === "string" && value ? [value] : Array.from({ length: node.lines }, () => undefined);
      return (
        <div className={`paper-field paper-field--${node.size}`}>
          <p className="paper-line">
            <span className="paper-label">{node.label}:</span> <Blank value={lines[0] ?? value} />
          </p>
          {lines.slice(1).map((_, i) => (
            <p key={i} className="paper-line">
              <Dots />
            </p>
          ))}
        </div>
      );
    }
    case "date":
      return (
        <p className="paper-field paper-line">
          <span className="paper-label">{node.label}:</span> <DateBlanks value={value} />
        </p>
      );
    case "check":
      return (
        <p className="paper-field paper-check">
          <Box checked={value === true} /> {node.label}
        </p>
      );
    case "choices": {
      const chosen = new Set((Array.isArray(value) ? value : [value]).map(String));
      return (
        <p className="paper-field paper-choices">
          <span className="paper-label">{node.label}:</span>{" "}
          {node.options.map((o) => (
            <span key={o.value} className="paper-choice">
              <Box checked={chosen.has(o.value)} /> {o.label}
            </span>
          ))}
        </p>
      );
    }
    case "table": {
      const filled = Array.isArray(value) ? value : [];
      const rows = Math.max(node.rows, filled.length);
      return (
        <table className="paper-table paper-field">
          <caption>{node.title}</caption>
          <thead>
            <tr>
              <th scope="col">STT</th>
              {node.columns.map((c) => (
                <th scope="col" key={c.name ?? c.title}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                {node.columns.map((c) => {
                  const cell = c.name === null ? filled[i] : valueAt(filled[i], [c.name]);
                  return <td key={c.name ?? c.title}>{cell === undefined || cell === null ? "" : typeof cell === "number" ? formatNumber(cell, 4) : String(cell)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case "group": {
      const Heading = (level <= 2 ? "h2" : level === 3 ? "h3" : "h4") as "h2" | "h3" | "h4";
      return (
        <section className={`paper-group${node.official ? " paper-group--official" : ""}`} aria-labelledby={`${node.id}-title`}>
          <Heading id={`${node.id}-title`} className="paper-group__title">
            {node.official && !node.title ? "Phần dành cho cơ quan đăng ký" : node.title}
          </Heading>
          {node.children.map((child) => (
            <Node key={child.id} node={child} level={level + 1} values={values} />
          ))}
        </section>
      );
    }
    case "placeDate":
      return (
        <div className="paper-closing">
          <p className="paper-place-date">
            <Blank value={node.placePath ? valueAt(values, node.placePath) : undefined} className="dots--place" />,{" "}
            <DateBlanks value={node.datePath ? valueAt(values, node.datePath) : undefined} />
          </p>
          <div className="paper-signatures">
            {node.signatures.map((s) => {
              const { role, how } = splitSignature(s.title);
              const name = valueAt(values, s.path);
              return (
                <div key={s.path.join("/")} className="paper-signature">
                  <p className="paper-signature__role">{role}</p>
                  {how ? <p className="paper-signature__how">({how})</p> : null}
                  {typeof name === "string" && name ? <p className="paper-signature__name">{name}</p> : null}
                </div>
              );
            })}
          </div>
        </div>
      );
  }
}

export function PaperForm({ layout, templateLine, values }: { layout: PaperLayout; templateLine: string | null; values?: Values }) {
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
        <Node key={node.id} node={node} level={2} values={values} />
      ))}
    </article>
  );
}
