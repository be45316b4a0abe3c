import { sql } from "kysely";
import type { DocumentKind } from "~/domain/kinds";
import { foldForSearch, type ListSort } from "~/domain/search";
import type { WorkflowStatus } from "~/domain/workflow";
import type { DB } from "~/utils/db.server";
import type { DocumentSummary } from "./document.server";

/**
 * Admin list search, behind one function so a PostgreSQL deployment can answer it with its own full-text
 * features. Here: every word of the query must occur in the folded key and title (documents.search_text),
 * so "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH" and "đăng ký khai sinh" find the same documents.
 */

export interface DocumentQuery {
  kind: DocumentKind;
  q?: string;
  fieldCode?: string;
  status?: WorkflowStatus;
  /** Facets (documents.list_tags) that must be present, or absent. */
  tags?: { tag: string; present: boolean }[];
  sort: ListSort;
  page: number;
  pageSize: number;
}

export interface DocumentListItem extends Omit<DocumentSummary, "kind"> {
  /** Author of the current revision. */
  updatedBy: string | null;
}

/**
 * `column like '%text%'` (or `not like`), with `%`, `_` and `\` in `text` matched literally; portable SQL.
 * `around` pads the text, e.g. with spaces to match a whole tag.
 */
export function containsText(column: string, text: string, options: { around?: string; negate?: boolean } = {}) {
  const around = options.around ?? "";
  const pattern = `%${around}${text.replace(/[\\%_]/g, (c) => `\\${c}`)}${around}%`;
  return options.negate
    ? sql<boolean>`${sql.ref(column)} not like ${pattern} escape '\\'`
    : sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

export async function searchDocuments(db: DB, query: DocumentQuery): Promise<{ items: DocumentListItem[]; total: number }> {
  let base = db.selectFrom("documents as d").where("d.kind", "=", query.kind);
  for (const word of foldForSearch(query.q ?? "")
    .split(" ")
    .filter(Boolean)) {
    base = base.where(containsText("d.search_text", word));
  }
  if (query.fieldCode) base = base.where("d.field_code", "=", query.fieldCode);
  if (query.status) base = base.where("d.status", "=", query.status);
  for (const { tag, present } of query.tags ?? []) base = base.where(containsText("d.list_tags", tag, { around: " ", negate: !present }));

  const counted = await base.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow();
  // Two steps: the page's keys from the list index alone (documents_list_idx holds every column filtered and
  // sorted on), then those rows. Sorting or reading whole rows for the page would touch every row of a commune
  // and its province, each a page of its own with its body.
  const ordered =
    query.sort === "updated"
      ? base.orderBy("d.updated_at", "desc").orderBy("d.key")
      : query.sort === "key"
        ? base.orderBy("d.key")
        : base.orderBy("d.search_text").orderBy("d.key");
  const keys = await ordered
    .select(["d.unit_code", "d.key"])
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  if (keys.length === 0) return { total: Number(counted.n), items: [] };
  const rows = await db
    .selectFrom("documents as d")
    .leftJoin("revisions as r", (join) =>
      join
        .onRef("r.unit_code", "=", "d.unit_code")
        .onRef("r.kind", "=", "d.kind")
        .onRef("r.key", "=", "d.key")
        .onRef("r.revision", "=", "d.current_revision"),
    )
    .select(["d.unit_code", "d.key", "d.title", "d.field_code", "d.status", "d.current_revision", "d.updated_at", "d.in_force_revision", "r.author"])
    .where("d.kind", "=", query.kind)
    .where("d.key", "in", [...new Set(keys.map((k) => k.key))])
    .execute();
  const byKey = new Map(rows.map((r) => [`${r.unit_code} ${r.key}`, r]));
  return {
    total: Number(counted.n),
    items: keys
      .map((k) => byKey.get(`${k.unit_code} ${k.key}`)!)
      .map((r) => ({
        unit: r.unit_code,
        key: r.key,
        title: r.title,
        fieldCode: r.field_code,
        status: r.status,
        revision: r.current_revision,
        updatedAt: r.updated_at,
        inForceRevision: r.in_force_revision,
        updatedBy: r.author,
      })),
  };
}
