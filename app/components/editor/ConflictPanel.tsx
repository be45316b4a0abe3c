import { useState } from "react";
import { formatDateTime } from "~/domain/format";
import type { FieldMerge, Side } from "~/domain/merge";

/**
 * Shown when a save was refused because someone saved first: the fields each side changed since the revision the
 * officer started from, by title, with both values; for a field both changed, the officer chooses which to keep.
 * "Gộp và lưu" saves the merge on the newest revision (through every check of a normal save).
 */
export function ConflictPanel({
  conflict,
  busy,
  onMerge,
}: {
  conflict: { baseRevision: number; latestRevision: number; latestAuthor: string | null; latestAt: string | null; fields: FieldMerge[] };
  busy: boolean;
  onMerge: (choices: Record<string, Side>) => void;
}) {
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const other = conflict.latestAuthor ?? "người khác";
  const conflicts = conflict.fields.filter((f) => f.conflict);
  const unchosen = conflicts.filter((f) => !choices[f.name]);
  return (
    <section className="conflict-panel" aria-labelledby="xung-dot-tieu-de">
      <h2 id="xung-dot-tieu-de">Có người đã lưu trước bạn</h2>
      <p>
        Bạn bắt đầu sửa từ phiên bản {conflict.baseRevision}; {other} đã lưu phiên bản {conflict.latestRevision}
        {conflict.latestAt ? ` lúc ${formatDateTime(conflict.latestAt)}` : ""}. Thay đổi của bạn vẫn còn trên trang.{" "}
        {conflicts.length === 0
          ? "Hai bên sửa các trường khác nhau, nên có thể gộp: kiểm tra bảng dưới rồi bấm «Gộp và lưu»."
          : "Cả hai bên cùng sửa một số trường: chọn giữ bản nào cho từng trường đó, rồi bấm «Gộp và lưu»."}
      </p>
      <div className="table-wrap" role="region" aria-label="Các trường đã thay đổi" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Trường</th>
              <th scope="col">Phiên bản {conflict.baseRevision} (bạn bắt đầu từ đây)</th>
              <th scope="col">Bản của bạn</th>
              <th scope="col">Bản của {other}</th>
              <th scope="col">Giữ</th>
            </tr>
          </thead>
          <tbody>
            {conflict.fields.map((f) => (
              <tr key={f.name}>
                <th scope="row">{f.title}</th>
                <td>{f.baseText}</td>
                <td>{f.mineChanged ? f.mineText : <span className="muted">(không đổi)</span>}</td>
                <td>{f.theirsChanged ? f.theirsText : <span className="muted">(không đổi)</span>}</td>
                <td>
                  {f.conflict ? (
                    <fieldset className="choice">
                      <legend className="visually-hidden">Giữ bản nào cho «{f.title}»</legend>
                      {(["mine", "theirs"] as const).map((side) => (
                        <label key={side} className="checkbox">
                          <input
                            type="radio"
                            name={`giu-${f.name}`}
                            value={side}
                            checked={choices[f.name] === side}
                            onChange={() => setChoices((c) => ({ ...c, [f.name]: side }))}
                          />{" "}
                          {side === "mine" ? "Của bạn" : `Của ${other}`}
                        </label>
                      ))}
                    </fieldset>
                  ) : f.mineChanged ? (
                    "Của bạn"
                  ) : (
                    `Của ${other}`
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" className="button" disabled={busy || unchosen.length > 0} onClick={() => onMerge(choices)}>
          Gộp và lưu
        </button>
        {unchosen.length > 0 ? <span className="typed-note"> Còn {unchosen.length} trường cần chọn.</span> : null}
      </p>
    </section>
  );
}
