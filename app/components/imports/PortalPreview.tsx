import { Link } from "@remix-run/react";
import { ChangeList } from "~/components/editor/ChangeList";
import { formatNumber } from "~/domain/format";
import { OUTCOME_LABELS } from "~/imports/portal/report";
import type { PortalPreview } from "~/routes/admin/imports/portal.server";

type RecordView = PortalPreview["records"][number];

/** What the import would do, per record: outcome, field-level changes, warnings, unmapped values, cleaned text. */
export function PortalPreviewRecords({ records }: { records: readonly RecordView[] }) {
  return (
    <ol className="import-records">
      {records.map((r) => (
        <li key={r.code}>
          <RecordSection record={r} />
        </li>
      ))}
    </ol>
  );
}

function RecordSection({ record: r }: { record: RecordView }) {
  const id = `ban-ghi-${r.code.replace(/[^A-Za-z0-9-]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="panel import-record">
      <h3 id={id}>
        <span className={`badge import-outcome import-outcome--${r.outcome}`}>{OUTCOME_LABELS[r.outcome]}</span> {r.code} – {r.name}
      </h3>
      <p className="muted">
        Từ tệp {r.file} ({r.form}).{" "}
        {r.outcome === "create" ? null : <Link to={`/admin/procedure/${encodeURIComponent(r.code)}`}>Thủ tục trong danh mục</Link>}
      </p>
      {r.createsField ? (
        <p>
          Tạo thêm lĩnh vực mới {r.createsField.code} «{r.createsField.name}».
        </p>
      ) : null}
      {r.outcome === "update" ? (
        <>
          <h4>Thay đổi so với danh mục ({formatNumber(r.changes.length)})</h4>
          <ChangeList changes={r.changes} />
        </>
      ) : r.outcome === "unchanged" ? (
        <p>Nội dung giống hệt thủ tục trong danh mục: không ghi gì.</p>
      ) : null}
      {r.warnings.length > 0 ? (
        <>
          <h4>Cảnh báo cần xem lại ({formatNumber(r.warnings.length)})</h4>
          <ul className="import-warnings">
            {r.warnings.map((w, i) => (
              <li key={i}>
                {w.path ? <code>{w.path}</code> : null}
                {w.path ? ": " : null}
                {w.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {r.unmapped.length > 0 ? (
        <details>
          <summary>Đã nhập, chưa ánh xạ ({formatNumber(r.unmapped.length)})</summary>
          <p className="muted">Giá trị của bản ghi chưa có chỗ trong hồ sơ thủ tục: được giữ nguyên văn trong tài liệu.</p>
          <dl className="import-unmapped">
            {r.unmapped.map((u) => (
              <div key={u.path}>
                <dt>
                  <code>{u.path}</code>
                </dt>
                <dd className="import-text">{u.value}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      {r.cleaned.length > 0 ? (
        <details>
          <summary>Nội dung sau khi làm sạch ({formatNumber(r.cleaned.length)} mục)</summary>
          <dl>
            {r.cleaned.map((c, i) => (
              <div key={i}>
                <dt>{c.label}</dt>
                <dd className="import-text">{c.text}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </section>
  );
}

/** The errors that stop the import, each naming its file and field. */
export function PortalProblems({ problems }: { problems: PortalPreview["problems"] }) {
  return (
    <div className="error-summary" role="alert" aria-labelledby="import-problems-title" tabIndex={-1}>
      <h2 id="import-problems-title">Có {formatNumber(problems.length)} lỗi: không nhập gì</h2>
      <p>Sửa các tệp rồi tải lên lại. Chưa có gì được ghi vào danh mục.</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.file}, trường <code>{p.field}</code>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
