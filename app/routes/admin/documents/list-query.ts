import { isDocumentKind, type DocumentKind } from "~/domain/kinds";
import { QueryReader, type QueryErrors } from "~/domain/query";
import { WORKFLOW_STATUSES } from "~/domain/workflow";
import { LIST_SORTS } from "~/domain/search";
import type { DocumentQuery } from "~/models/search.server";

export const LIST_LABELS = {
  q: "Tìm theo tên hoặc mã",
  field: "Lĩnh vực",
  status: "Trạng thái",
  sort: "Sắp xếp",
  page: "Trang",
} as const;

export const SORT_LABELS: Record<(typeof LIST_SORTS)[number], string> = {
  title: "Theo tên (A–Z)",
  key: "Theo mã",
  updated: "Sửa gần đây nhất",
};

export const PAGE_SIZE = 50;

/** The kind named in the URL, or a 404. */
export function kindFromParams(value: string | undefined): DocumentKind {
  if (!value || !isDocumentKind(value)) throw new Response("Không có loại tài liệu này", { status: 404 });
  return value;
}

/** The list's search, filters, sort and page, read strictly from the query string. */
export function parseListQuery(kind: DocumentKind, url: URL, fieldCodes: readonly string[]): {
  query: DocumentQuery;
  values: Record<string, string>;
  errors: QueryErrors;
} {
  const q = new QueryReader(url.searchParams);
  const query: DocumentQuery = {
    kind,
    q: q.text("q", LIST_LABELS.q, 200),
    fieldCode: q.choice("field", LIST_LABELS.field, fieldCodes),
    status: q.choice("status", LIST_LABELS.status, WORKFLOW_STATUSES),
    sort: q.choice("sort", LIST_LABELS.sort, LIST_SORTS) ?? "title",
    page: q.integer("page", LIST_LABELS.page, { min: 1, max: 100_000, fallback: 1 }),
    pageSize: PAGE_SIZE,
  };
  return { query, values: q.values, errors: q.errors };
}
