import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatDateTime, formatNumber } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import { can } from "~/domain/permissions";
import { WORKFLOW_STATUS_LABELS, WORKFLOW_STATUSES } from "~/domain/workflow";
import { listDocuments } from "~/models/document.server";
import { searchDocuments } from "~/models/search.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { optionsAt } from "~/utils/schema-labels.server";
import { facetFiltersOf, kindFromParams, LIST_LABELS, PAGE_SIZE, parseListQuery, SORT_LABELS } from "./list-query";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, "catalog:read");
  const kind = kindFromParams(params.kind);
  const db = getDb();
  const url = new URL(request.url);
  // Only documents filed under a field (procedures) offer the field filter.
  const fields = KINDS[kind].fieldCodeOf ? await listDocuments(db, { kind: "field" }) : [];
  const facets = facetFiltersOf(kind, (path) => optionsAt(kind, path));
  const { query, values, errors } = parseListQuery(kind, url, fields.map((f) => f.key), facets);
  const invalid = Object.keys(errors).length > 0;
  const { items, total } = invalid ? { items: [], total: 0 } : await searchDocuments(db, query);
  const pageHref = (page: number) => `?${new URLSearchParams({ ...Object.fromEntries(url.searchParams), page: String(page) })}`;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const result = {
    kind,
    label: KINDS[kind].label,
    canEdit: can(user.roles, "catalog:edit"),
    fields: fields.map((f) => ({ code: f.key, name: f.title })),
    facets,
    fieldNames: Object.fromEntries(fields.map((f) => [f.key, f.title])),
    items,
    total,
    page: query.page,
    pages,
    previousHref: query.page > 1 ? pageHref(query.page - 1) : null,
    nextHref: query.page < pages ? pageHref(query.page + 1) : null,
    values,
    errors,
  };
  return invalid ? data(result, { status: 400 }) : result;
}

export default function DocumentList() {
  const { kind, label, canEdit, fields, facets, fieldNames, items, total, page, pages, previousHref, nextHref, values, errors } =
    useLoaderData<typeof loader>();
  const searching = Boolean(values.q || values.field || values.status || facets.some((f) => values[f.name]));
  const labels = { ...LIST_LABELS, ...Object.fromEntries(facets.map((f) => [f.name, f.label])) };
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>{label}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      {canEdit ? (
        <p>
          <Link className="button" to={`/admin/${kind}/new`}>
            Thêm {label.toLowerCase()}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="filters" role="search" aria-label={`Tìm ${label.toLowerCase()}`}>
        <div className={`field${errors.q ? " field--error" : ""}`}>
          <label htmlFor="q">{LIST_LABELS.q}</label>
          <FieldError id="q" message={errors.q} />
          <input id="q" name="q" type="search" defaultValue={values.q} maxLength={200} placeholder="Ví dụ: dang ky khai sinh" />
        </div>
        {fields.length > 0 ? (
          <div className={`field${errors.field ? " field--error" : ""}`}>
            <label htmlFor="field">{LIST_LABELS.field}</label>
            <FieldError id="field" message={errors.field} />
            <select id="field" name="field" defaultValue={values.field}>
              <option value="">(tất cả)</option>
              {fields.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {facets.map((facet) => (
          <div key={facet.name} className={`field${errors[facet.name] ? " field--error" : ""}`}>
            <label htmlFor={facet.name}>{facet.label}</label>
            <FieldError id={facet.name} message={errors[facet.name]} />
            <select id={facet.name} name={facet.name} defaultValue={values[facet.name]}>
              <option value="">(tất cả)</option>
              {Object.entries(facet.choices).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className={`field${errors.status ? " field--error" : ""}`}>
          <label htmlFor="status">{LIST_LABELS.status}</label>
          <FieldError id="status" message={errors.status} />
          <select id="status" name="status" defaultValue={values.status}>
            <option value="">(tất cả)</option>
            {WORKFLOW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {WORKFLOW_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.sort ? " field--error" : ""}`}>
          <label htmlFor="sort">{LIST_LABELS.sort}</label>
          <FieldError id="sort" message={errors.sort} />
          <select id="sort" name="sort" defaultValue={values.sort || "title"}>
            {Object.entries(SORT_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Tìm
        </button>
      </Form>
      <p role="status">
        {searching ? `Tìm thấy ${formatNumber(total)} tài liệu` : `${formatNumber(total)} tài liệu`}
        {pages > 1 ? ` — trang ${formatNumber(page)}/${formatNumber(pages)}` : ""}.
      </p>
      {items.length > 0 ? (
        <TableWrap label={`Danh sách ${label.toLowerCase()}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Mã</th>
                <th scope="col">Tên</th>
                {fields.length > 0 ? <th scope="col">{LIST_LABELS.field}</th> : null}
                <th scope="col">{LIST_LABELS.status}</th>
                <th scope="col">Sửa lần cuối</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.key}>
                  <td className="code">{d.key}</td>
                  <td>
                    <Link to={`/admin/${kind}/${encodeURIComponent(d.key)}`}>{d.title}</Link>
                  </td>
                  {fields.length > 0 ? <td>{d.fieldCode ? (fieldNames[d.fieldCode] ?? d.fieldCode) : "—"}</td> : null}
                  <td>
                    <span className={`badge badge--${d.status}`}>{WORKFLOW_STATUS_LABELS[d.status]}</span>
                  </td>
                  <td>
                    {formatDateTime(d.updatedAt)}
                    {d.updatedBy ? ` · ${d.updatedBy}` : ""} (phiên bản {d.revision})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {previousHref || nextHref ? (
        <nav aria-label="Phân trang" className="pagination">
          {previousHref ? <Link to={previousHref}>‹ Trang trước</Link> : null}
          {nextHref ? <Link to={nextHref}>Trang sau ›</Link> : null}
        </nav>
      ) : null}
    </main>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.label ?? "Danh mục"} – Quản trị – Niêm Yết` }];
