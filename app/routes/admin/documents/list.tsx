import { requireWorkspace } from "~/utils/workspace.server";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DownloadLinks } from "~/components/DownloadLinks";
import { LIST_IMPORT_PATH, PORTAL_IMPORT_PATHS } from "~/domain/paths";
import { Pagination } from "~/components/ui/Pagination";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { SelectField } from "~/components/ui/SelectField";
import { TextField } from "~/components/ui/TextField";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatDateTime, formatNumber } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import { EXPORT_PATHS, exportHrefs } from "~/domain/paths";
import { can } from "~/domain/permissions";
import { WORKFLOW_STATUS_LABELS, WORKFLOW_STATUSES } from "~/domain/workflow";
import { listDocuments } from "~/models/document.server";
import { searchDocuments } from "~/models/search.server";
import { overridesOf } from "~/models/override.server";
import { isOverridable } from "~/domain/overrides";
import { takeFlash } from "~/utils/flash.server";
import { optionsAt } from "~/utils/schema-labels.server";
import { facetFiltersOf, kindFromParams, LIST_LABELS, PAGE_SIZE, parseListQuery, SEARCH_MAX_CHARS, SORT_LABELS } from "./list-query";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, unit } = await requireWorkspace(request, "catalog:read");
  const kind = kindFromParams(params.kind);
  const url = new URL(request.url);
  // Only documents filed under a field (procedures) offer the field filter.
  const fields = KINDS[kind].fieldCodeOf ? await listDocuments(db, { kind: "field" }) : [];
  const facets = facetFiltersOf(kind, (path) => optionsAt(kind, path));
  const { query, values, errors } = parseListQuery(kind, url, fields.map((f) => f.key), facets);
  const invalid = Object.keys(errors).length > 0;
  const { items, total } = invalid ? { items: [], total: 0 } : await searchDocuments(db, query);
  // In a commune, the province's documents say so, with the commune's adjustment of each (app/models/override.server.ts).
  const inherited = items.filter((d) => d.unit !== unit.code);
  const overrides = isOverridable(kind) ? await overridesOf(db, kind, inherited.map((d) => d.key)) : new Map();
  const sources = Object.fromEntries(
    inherited.map((d) => {
      const o = overrides.get(d.key);
      const adjusted = !o ? "" : !o.listed ? " · đơn vị không niêm yết" : " · có điều chỉnh tại đơn vị";
      return [d.key, `Của tỉnh${adjusted}${o && !o.inForce ? " (chưa duyệt)" : ""}`];
    }),
  );
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
    sources,
    total,
    page: query.page,
    pages,
    previousHref: query.page > 1 ? pageHref(query.page - 1) : null,
    nextHref: query.page < pages ? pageHref(query.page + 1) : null,
    values,
    errors,
    flash: null as string | null,
  };
  if (invalid) return data(result, { status: 400 });
  // After a deletion the officer lands here, with its message.
  const flash = await takeFlash(request);
  return data({ ...result, flash: flash.message }, { headers: flash.headers });
}

const ANY = "(tất cả)";

export default function DocumentList() {
  const { kind, label, canEdit, fields, facets, fieldNames, items, sources, total, page, pages, previousHref, nextHref, values, errors, flash } =
    useLoaderData<typeof loader>();
  const searching = Boolean(values.q || values.field || values.status || facets.some((f) => values[f.name]));
  const labels = { ...LIST_LABELS, ...Object.fromEntries(facets.map((f) => [f.name, f.label])) };
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>{label}</h1>
      {flash ? (
        <p className="notice" role="status">
          {flash}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} />
      {kind === "procedure" ? <DownloadLinks label="Tải danh mục thủ tục đang áp dụng" href={exportHrefs(EXPORT_PATHS.catalog)} /> : null}
      {canEdit ? (
        <p>
          <Link className="button" to={`/admin/${kind}/new`}>
            Thêm {label.toLowerCase()}
          </Link>
          {kind === "procedure" ? (
            <>
              {" "}
              <Link className="button button--secondary" to={PORTAL_IMPORT_PATHS.upload}>
                Nhập từ Cổng Dịch vụ công quốc gia
              </Link>{" "}
              <Link className="button button--secondary" to={LIST_IMPORT_PATH}>
                Nhập danh sách từ bảng tính (Excel, CSV)
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      <Form method="get" className="filters" role="search" aria-label={`Tìm ${label.toLowerCase()}`}>
        <TextField id="q" label={LIST_LABELS.q} error={errors.q} type="search" defaultValue={values.q} maxLength={SEARCH_MAX_CHARS} placeholder="Ví dụ: dang ky khai sinh" />
        {fields.length > 0 ? (
          <SelectField
            id="field"
            label={LIST_LABELS.field}
            error={errors.field}
            options={fields.map((f) => [f.code, f.name] as const)}
            defaultValue={values.field}
            anyLabel={ANY}
          />
        ) : null}
        {facets.map((facet) => (
          <SelectField
            key={facet.name}
            id={facet.name}
            label={facet.label}
            error={errors[facet.name]}
            options={Object.entries(facet.choices)}
            defaultValue={values[facet.name]}
            anyLabel={ANY}
          />
        ))}
        <SelectField
          id="status"
          label={LIST_LABELS.status}
          error={errors.status}
          options={WORKFLOW_STATUSES.map((st) => [st, WORKFLOW_STATUS_LABELS[st]] as const)}
          defaultValue={values.status}
          anyLabel={ANY}
        />
        <SelectField id="sort" label={LIST_LABELS.sort} error={errors.sort} options={Object.entries(SORT_LABELS)} defaultValue={values.sort || "title"} />
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
                    {sources[d.key] ? (
                      <>
                        <br />
                        <span className="document-meta">{sources[d.key]}</span>
                      </>
                    ) : null}
                  </td>
                  {fields.length > 0 ? <td>{d.fieldCode ? (fieldNames[d.fieldCode] ?? d.fieldCode) : "—"}</td> : null}
                  <td>
                    <span className={`badge badge--${d.status}`}>{WORKFLOW_STATUS_LABELS[d.status]}</span>
                    {d.inForceRevision !== null && d.inForceRevision !== d.revision ? (
                      <>
                        <br />
                        <span className="document-meta">đang áp dụng phiên bản {d.inForceRevision}</span>
                      </>
                    ) : null}
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
      <Pagination previousHref={previousHref} nextHref={nextHref} />
    </main>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.label ?? "Danh mục"} – Quản trị – Niêm Yết` }];
