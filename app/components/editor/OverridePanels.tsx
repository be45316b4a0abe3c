import { Link } from "@remix-run/react";
import type { Change } from "~/domain/diff";
import { WORKFLOW_STATUS_LABELS } from "~/domain/workflow";
import type { WorkflowStatus } from "~/utils/db.server";
import { TableWrap } from "~/components/ui/TableWrap";
import { ChangeList } from "./ChangeList";

/**
 * A commune's overrides of its province's documents in the editor (docs/decisions/011-local-overrides.md): on the
 * province document's page, what the commune set and how its document differs; on the override's page, the
 * province document it adjusts, what the province changed since, and whether each value still applies.
 */

const docHref = (kind: string, key: string) => `/admin/${kind}/${encodeURIComponent(key)}`;

export interface OverrideSummaryView {
  href: string;
  exists: boolean;
  status: WorkflowStatus | null;
  inForceRevision: number | null;
  listed: boolean;
  changes: Change[];
  slots: { title: string; province: string | null; local: string | null }[];
  news: { from: number; to: number } | null;
}

/** On an inherited document's page: where each value the commune may set comes from, and the commune's document against the province's. */
export function OverrideSummaryPanel({ summary, canEdit }: { summary: OverrideSummaryView; canEdit: boolean }) {
  return (
    <section aria-labelledby="dieu-chinh" className="override-summary">
      <h2 id="dieu-chinh">Điều chỉnh tại đơn vị</h2>
      {summary.exists ? (
        <p>
          Đơn vị đã có điều chỉnh cho tài liệu này ({summary.status ? WORKFLOW_STATUS_LABELS[summary.status] : ""}
          {summary.inForceRevision ? `; phiên bản ${summary.inForceRevision} đang áp dụng` : "; chưa có phiên bản được duyệt"}).
          {summary.listed ? "" : " Đơn vị không niêm yết thủ tục này."}{" "}
          <Link to={summary.href}>{canEdit ? "Xem, sửa điều chỉnh" : "Xem điều chỉnh"}</Link>
        </p>
      ) : (
        <p>
          Đơn vị đang dùng nguyên bản của tỉnh.{" "}
          {canEdit ? <Link to={summary.href}>Điều chỉnh tại đơn vị (địa điểm, thời gian tiếp nhận, người thực hiện…)</Link> : null}
        </p>
      )}
      {summary.news ? (
        <p className="notice">
          Tỉnh đã duyệt phiên bản {summary.news.to} sau khi đơn vị điều chỉnh theo phiên bản {summary.news.from}: hãy mở điều chỉnh để xem tỉnh đã thay
          đổi gì và giá trị của đơn vị có còn phù hợp.
        </p>
      ) : null}
      {summary.slots.length > 0 ? (
        <TableWrap label="Nguồn của các trường đơn vị được điều chỉnh">
          <table>
            <caption>Các trường đơn vị được điều chỉnh và nguồn của giá trị</caption>
            <thead>
              <tr>
                <th scope="col">Trường</th>
                <th scope="col">Giá trị của tỉnh</th>
                <th scope="col">Giá trị của đơn vị</th>
              </tr>
            </thead>
            <tbody>
              {summary.slots.map((slot) => (
                <tr key={slot.title}>
                  <th scope="row">{slot.title}</th>
                  <td>{slot.province ?? <em>(để trống)</em>}</td>
                  <td>{slot.local ?? <em>dùng giá trị của tỉnh</em>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {summary.changes.length > 0 ? (
        <>
          <h3>Tài liệu áp dụng tại đơn vị so với bản của tỉnh</h3>
          <ChangeList changes={summary.changes} />
        </>
      ) : null}
    </section>
  );
}

export interface OverrideEditorView {
  target: { kind: string; key: string; label: string; title: string; revision: number };
  checks: { title: string; value: string; provinceThen: string | null; provinceNow: string | null; state: "applies" | "province-changed" | "gone"; words: string }[];
  news: { from: number; to: number; changes: Change[] } | null;
}

/** Above the override's form: the province document, its changes since the commune last saved, and each value's state. */
export function OverridePanel({ override }: { override: OverrideEditorView }) {
  const { target, checks, news } = override;
  return (
    <section aria-labelledby="tai-lieu-cua-tinh" className="override-panel">
      <h2 id="tai-lieu-cua-tinh">Tài liệu của tỉnh</h2>
      <p>
        {target.label}: <Link to={docHref(target.kind, target.key)}>{target.title}</Link> ({target.key}), phiên bản {target.revision} đang áp dụng.
        Trên trang công khai của đơn vị, giá trị của đơn vị thay cho giá trị của tỉnh ở các trường dưới đây; mọi trường khác theo tỉnh.
      </p>
      {news ? (
        <div className="notice" role="note">
          <p>
            <strong>
              Tỉnh đã duyệt phiên bản {news.to}; điều chỉnh này được lưu theo phiên bản {news.from}.
            </strong>{" "}
            Những gì tỉnh đã thay đổi:{" "}
            <Link to={`${docHref(target.kind, target.key)}/diff?from=${news.from}&to=${news.to}`}>so sánh hai phiên bản</Link>. Lưu lại điều chỉnh
            để ghi nhận đã xem phiên bản mới.
          </p>
          {news.changes.length > 0 ? <ChangeList changes={news.changes} /> : <p>Không có thay đổi nội dung.</p>}
        </div>
      ) : null}
      {checks.length > 0 ? (
        <TableWrap label="Tình trạng các giá trị của đơn vị">
          <table>
            <caption>Giá trị của đơn vị so với tài liệu của tỉnh hiện nay</caption>
            <thead>
              <tr>
                <th scope="col">Trường</th>
                <th scope="col">Giá trị của đơn vị</th>
                <th scope="col">Giá trị của tỉnh khi điều chỉnh</th>
                <th scope="col">Giá trị của tỉnh hiện nay</th>
                <th scope="col">Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {checks.map((c) => (
                <tr key={c.title} className={c.state === "applies" ? undefined : "override--review"}>
                  <th scope="row">{c.title}</th>
                  <td>{c.value}</td>
                  <td>{c.provinceThen ?? <em>(để trống)</em>}</td>
                  <td>{c.state === "gone" ? <em>(không còn)</em> : (c.provinceNow ?? <em>(để trống)</em>)}</td>
                  <td>{c.words}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}

/** The new override page without a target: the province documents the commune may adjust. */
export function OverrideChooser({ choices }: { choices: { kind: string; label: string; key: string; title: string; href: string }[] }) {
  if (choices.length === 0) return <p>Đơn vị đang làm việc không áp dụng tài liệu nào của tỉnh, nên không có gì để điều chỉnh.</p>;
  return (
    <section aria-labelledby="chon-tai-lieu">
      <h2 id="chon-tai-lieu">Chọn tài liệu của tỉnh để điều chỉnh</h2>
      <ul className="plain-list">
        {choices.map((c) => (
          <li key={`${c.kind}/${c.key}`}>
            {c.label}: <Link to={c.href}>{c.title}</Link> ({c.key})
          </li>
        ))}
      </ul>
    </section>
  );
}
