import { isDocumentKind, KINDS, type DocumentKind } from "~/domain/kinds";
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

/** The longest search text a list takes (the box says so too). */
export const SEARCH_MAX_CHARS = 200;

/** The kind named in the URL, or a 404. */
export function kindFromParams(value: string | undefined): DocumentKind {
  if (!value || !isDocumentKind(value)) throw new Response("Không có loại tài liệu này", { status: 404 });
  return value;
}

/** A facet filter of the list as the page shows it: its name, label and choices (value → words). */
export interface FacetFilter {
  name: string;
  label: string;
  choices: Record<string, string>;
}

const YES_NO = { yes: "Có", no: "Không" };

/** The kind's facet filters with their choices; enum words come from the schema (`enumLabels`). */
export function facetFiltersOf(kind: DocumentKind, enumLabels: (path: string[]) => Record<string, string>): FacetFilter[] {
  return (KINDS[kind].listFilters ?? []).map((f) => ({
    name: f.name,
    label: f.label,
    choices: f.kind === "enum" ? enumLabels(f.schemaPath) : YES_NO,
  }));
}

/** The list's search, filters, sort and page, read strictly from the query string. */
export function parseListQuery(
  kind: DocumentKind,
  url: URL,
  fieldCodes: readonly string[],
  facets: readonly FacetFilter[] = [],
): {
  query: DocumentQuery;
  values: Record<string, string>;
  errors: QueryErrors;
} {
  const q = new QueryReader(url.searchParams);
  const tags: NonNullable<DocumentQuery["tags"]> = [];
  for (const facet of facets) {
    const value = q.choice(facet.name, facet.label, Object.keys(facet.choices));
    if (value === undefined) continue;
    const definition = KINDS[kind].listFilters?.find((f) => f.name === facet.name);
    if (definition?.kind === "enum") tags.push({ tag: `${definition.tagPrefix}${value}`, present: true });
    if (definition?.kind === "flag") tags.push({ tag: definition.tag, present: value === "yes" });
  }
  const query: DocumentQuery = {
    kind,
    q: q.text("q", LIST_LABELS.q, SEARCH_MAX_CHARS),
    fieldCode: q.choice("field", LIST_LABELS.field, fieldCodes),
    status: q.choice("status", LIST_LABELS.status, WORKFLOW_STATUSES),
    tags,
    sort: q.choice("sort", LIST_LABELS.sort, LIST_SORTS) ?? "title",
    page: q.integer("page", LIST_LABELS.page, { min: 1, max: 100_000, fallback: 1 }),
    pageSize: PAGE_SIZE,
  };
  return { query, values: q.values, errors: q.errors };
}
