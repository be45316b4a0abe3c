import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { DownloadLinks } from "~/components/DownloadLinks";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Form, useLoaderData } from "@remix-run/react";
import { SelectField } from "~/components/ui/SelectField";
import { TextField } from "~/components/ui/TextField";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatDateTime, formatNumber } from "~/domain/format";
import { KINDS, isDocumentKind } from "~/domain/kinds";
import { LOGGED_TEXT_LIMITS } from "~/domain/limits";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, AUDIT_FILTER_LABELS, type AuditAction } from "~/domain/audit-actions";
import { EXPORT_PATHS, exportHrefs } from "~/domain/paths";
import { listAudit, verifyAuditChain } from "~/models/audit.server";
import { listUsers } from "~/models/user.server";
import { getDb } from "~/utils/db.server";
import { parseAuditFilter } from "./audit.server";
import { managesAccount } from "./users.server";
import { requireWorkspace } from "~/utils/workspace.server";

const PAGE_LIMIT = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, units } = await requireWorkspace(request, "audit:read");
  const db = getDb();
  // A unit's auditor reads the entries of the units they act in; a deployment-wide one reads every entry.
  const scope = user.unitCode === null ? {} : { units: units.map((u) => u.code) };
  const url = new URL(request.url);
  const { filter, values, errors, verify } = parseAuditFilter(url);
  const invalid = Object.keys(errors).length > 0;
  // Verifying walks and hashes the whole chain (about 14 ms per 1.000 entries, see npm run bench), so it runs
  // when the auditor asks for it, not on every filter.
  const [rows, users, chain] = await Promise.all([
    invalid ? [] : listAudit(db, { ...filter, ...scope, limit: PAGE_LIMIT + 1 }),
    listUsers(db).then((all) => all.filter((u) => managesAccount(user, units, u))),
    verify && !invalid ? verifyAuditChain(db) : null,
  ]);
  const result = {
    errors,
    rows: rows.slice(0, PAGE_LIMIT),
    truncated: rows.length > PAGE_LIMIT,
    values,
    actors: users.map((u) => u.username),
    chain,
    downloads: exportHrefs(EXPORT_PATHS.audit, url.search),
    verifyHref: `?${new URLSearchParams({ ...Object.fromEntries(url.searchParams), verify: "1" })}`,
  };
  return invalid ? data(result, { status: 400 }) : result;
}

export default function Audit() {
  const { errors, rows, truncated, values, actors, chain, downloads, verifyHref } = useLoaderData<typeof loader>();
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
        <SelectField id="actor" label={AUDIT_FILTER_LABELS.actor} error={errors.actor} options={actors.map((a) => [a, a] as const)} defaultValue={values.actor} anyLabel="(tất cả)" />
        <SelectField
          id="action"
          label={AUDIT_FILTER_LABELS.action}
          error={errors.action}
          options={AUDIT_ACTIONS.map((a) => [a, AUDIT_ACTION_LABELS[a]] as const)}
          defaultValue={values.action}
          anyLabel="(tất cả)"
        />
        <SelectField
          id="kind"
          label={AUDIT_FILTER_LABELS.kind}
          error={errors.kind}
          options={Object.values(KINDS).map((k) => [k.kind, k.label] as const)}
          defaultValue={values.kind}
          anyLabel="(tất cả)"
        />
        <TextField id="key" label={AUDIT_FILTER_LABELS.key} error={errors.key} defaultValue={values.key} maxLength={LOGGED_TEXT_LIMITS.docKey} />
        <TextField id="from" label={AUDIT_FILTER_LABELS.from} error={errors.from} type="date" min="1900-01-01" max="2999-12-31" defaultValue={values.from} />
        <TextField id="to" label={AUDIT_FILTER_LABELS.to} error={errors.to} type="date" min="1900-01-01" max="2999-12-31" defaultValue={values.to} />
        <button type="submit" className="button">
          Lọc
        </button>
      </Form>
      <DownloadLinks label="Tải nhật ký theo bộ lọc" href={downloads} />
      <p>
        {formatNumber(rows.length)} mục{truncated ? ` (chỉ hiện ${formatNumber(rows.length)} mục mới nhất; dùng bộ lọc hoặc tải tệp Excel, CSV để xem đủ)` : ""}.
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
