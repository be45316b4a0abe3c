import type { Change } from "~/domain/diff";

const KIND_WORDS: Record<Change["kind"], string> = {
  added: "Thêm",
  removed: "Bỏ",
  changed: "Sửa",
  moved: "Chuyển vị trí",
};

/** Old and new text marked for the eye (strike-through, highlight) and for screen readers (hidden words). */
function Removed({ text }: { text: string }) {
  return (
    <del>
      <span className="visually-hidden">[bỏ: </span>
      {text}
      <span className="visually-hidden">]</span>
    </del>
  );
}
function Added({ text }: { text: string }) {
  return (
    <ins>
      <span className="visually-hidden">[thêm: </span>
      {text}
      <span className="visually-hidden">]</span>
    </ins>
  );
}

/** The changes between two revisions, each under its field's path of titles (app/domain/diff.ts). */
export function ChangeList({ changes }: { changes: readonly Change[] }) {
  if (changes.length === 0) return <p>Hai phiên bản có nội dung giống nhau.</p>;
  return (
    <ol className="changes">
      {changes.map((c, i) => (
        <li key={`${c.pointer}-${i}`} className={`change change--${c.kind}`}>
          <p className="change-head">
            <span className="change-kind">{KIND_WORDS[c.kind]}</span> <strong>{c.path}</strong>
          </p>
          {c.kind === "moved" ? (
            <p>
              Từ vị trí {c.from} sang vị trí {c.to}.
            </p>
          ) : c.words ? (
            <p className="change-words">
              {c.words.map((w, j) => (w.op === "removed" ? <Removed key={j} text={w.text} /> : w.op === "added" ? <Added key={j} text={w.text} /> : <span key={j}>{w.text}</span>))}
            </p>
          ) : (
            <p>
              {c.before !== undefined ? <Removed text={c.before} /> : null}
              {c.before !== undefined && c.after !== undefined ? " → " : null}
              {c.after !== undefined ? <Added text={c.after} /> : null}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
