import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { Form, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatDateTime, formatNumber } from "~/domain/format";
import { KINDS, isDocumentKind } from "~/domain/kinds";
import { LOGGED_TEXT_LIMITS } from "~/domain/limits";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_FILTER_LABELS, type AuditAction } from "~/domain/audit-actions";
import { listAudit, verifyAuditChain } from "~/models/audit.server";
import { listUsers } from "~/models/user.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseAuditFilter } from "./audit.server";

const PAGE_LIMIT = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "audit:read");
  const db = getDb();
  const url = new URL(request.url);
  const { filter, values, errors, verify } = parseAuditFilter(url);
  const invalid = Object.keys(errors).length > 0;
  // Verifying walks and hashes the whole chain (about 14 ms per 1.000 entries, see npm run bench), so it runs
  // when the auditor asks for it, not on every filter.
  const [rows, users, chain] = await Promise.all([
    invalid ? [] : listAudit(db, { ...filter, limit: PAGE_LIMIT + 1 }),
    listUsers(db),
    verify && !invalid ? verifyAuditChain(db) : null,
  ]);
  const result = {
    errors,
    rows: rows.slice(0, PAGE_LIMIT),
    truncated: rows.length > PAGE_LIMIT,
    values,
    actors: users.map((u) => u.username),
    chain,
    csvHref: `/admin/audit.csv${url.search}`,
    verifyHref: `?${new URLSearchParams({ ...Object.fromEntries(url.searchParams), verify: "1" })}`,
  };
  return invalid ? data(result, { status: 400 }) : result;
}

export default function Audit() {
  const { errors, rows, truncated, values, actors, chain, csvHref, verifyHref } = useLoaderData<typeof loader>();
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>Nhật ký hệ thống</h1>
      <ErrorSummary errors={errors} labels={AUDIT_FILTER_LABELS} />
      {chain === null ? (
        <p>
          <a href={verifyHref}>Kiểm tra tính toàn vẹn của toàn bộ nhật ký</a> (tính lại mã băm nối tiếp của mọi mục; cùng
          kết quả với lệnh <code>npm run cli -- audit verify</code>).
        </p>
      ) : chain.ok ? (
        <p className="notice" role="status">
          Chuỗi nhật ký toàn vẹn: {formatNumber(chain.entries)} mục, mã băm mục cuối <code>{chain.headHash}</code>
        </p>
      ) : (
        <p className="error-summary" role="alert">
          Chuỗi nhật ký KHÔNG toàn vẹn tại mục số {chain.brokenAt}: {chain.reason}.
        </p>
      )}
      <Form method="get" className="filters">
        <div className={`field${errors.actor ? " field--error" : ""}`}>
          <label htmlFor="actor">{AUDIT_FILTER_LABELS.actor}</label>
          <FieldError id="actor" message={errors.actor} />
          <select id="actor" name="actor" defaultValue={values.actor}>
            <option value="">(tất cả)</option>
            {actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.action ? " field--error" : ""}`}>
          <label htmlFor="action">{AUDIT_FILTER_LABELS.action}</label>
          <FieldError id="action" message={errors.action} />
          <select id="action" name="action" defaultValue={values.action}>
            <option value="">(tất cả)</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.kind ? " field--error" : ""}`}>
          <label htmlFor="kind">{AUDIT_FILTER_LABELS.kind}</label>
          <FieldError id="kind" message={errors.kind} />
          <select id="kind" name="kind" defaultValue={values.kind}>
            <option value="">(tất cả)</option>
            {Object.values(KINDS).map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.key ? " field--error" : ""}`}>
          <label htmlFor="key">{AUDIT_FILTER_LABELS.key}</label>
          <FieldError id="key" message={errors.key} />
          <input id="key" name="key" defaultValue={values.key} maxLength={LOGGED_TEXT_LIMITS.docKey} aria-invalid={errors.key ? true : undefined} />
        </div>
        <div className={`field${errors.from ? " field--error" : ""}`}>
          <label htmlFor="from">{AUDIT_FILTER_LABELS.from}</label>
          <FieldError id="from" message={errors.from} />
          <input id="from" name="from" type="date" min="1900-01-01" max="2999-12-31" defaultValue={values.from} aria-invalid={errors.from ? true : undefined} />
        </div>
        <div className={`field${errors.to ? " field--error" : ""}`}>
          <label htmlFor="to">{AUDIT_FILTER_LABELS.to}</label>
          <FieldError id="to" message={errors.to} />
          <input id="to" name="to" type="date" min="1900-01-01" max="2999-12-31" defaultValue={values.to} aria-invalid={errors.to ? true : undefined} />
        </div>
        <button type="submit" className="button">
          Lọc
        </button>
        <a className="button button--secondary" href={csvHref} download>
          Tải về CSV
        </a>
      </Form>
      <p>
        {formatNumber(rows.length)} mục{truncated ? ` (chỉ hiện ${formatNumber(rows.length)} mục mới nhất; dùng bộ lọc hoặc tải CSV để xem đủ)` : ""}.
      </p>
      <TableWrap label="Các mục nhật ký">
        <table>
          <thead>
            <tr>
              <th scope="col" className="num">
                Số
              </th>
              <th scope="col">Thời gian</th>
              <th scope="col">Người thực hiện</th>
              <th scope="col">Thao tác</th>
              <th scope="col">Tài liệu</th>
              <th scope="col">Nội dung</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq}>
                <td className="num">{r.seq}</td>
                <td>{formatDateTime(r.at)}</td>
                <td>{r.actor ?? "—"}</td>
                <td>{AUDIT_ACTION_LABELS[r.action as AuditAction] ?? r.action}</td>
                <td>
                  {r.doc_kind ? `${isDocumentKind(r.doc_kind) ? KINDS[r.doc_kind].label : r.doc_kind} ${r.doc_key ?? ""}` : ""}
                  {r.doc_revision ? ` (phiên bản ${r.doc_revision})` : ""}
                </td>
                <td>{r.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Nhật ký hệ thống – Niêm Yết" }];
