import { sql } from "kysely";
import type { DocumentKind } from "~/domain/kinds";
import { foldForSearch, type ListSort } from "~/domain/search";
import type { WorkflowStatus } from "~/domain/workflow";
import type { DB } from "~/utils/db.server";

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

export interface DocumentListItem {
  key: string;
  title: string;
  fieldCode: string | null;
  status: WorkflowStatus;
  revision: number;
  updatedAt: string;
  /** Author of the current revision. */
  updatedBy: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchDocuments(db: DB, query: DocumentQuery): Promise<{ items: DocumentListItem[]; total: number }> {
  let base = db.selectFrom("documents as d").where("d.kind", "=", query.kind);
  for (const word of foldForSearch(query.q ?? "").split(" ").filter(Boolean)) {
    base = base.where(sql<boolean>`d.search_text like ${`%${escapeLike(word)}%`} escape '\\'`);
  }
  if (query.fieldCode) base = base.where("d.field_code", "=", query.fieldCode);
  if (query.status) base = base.where("d.status", "=", query.status);
  for (const { tag, present } of query.tags ?? []) {
    const pattern = `% ${escapeLike(tag)} %`;
    base = base.where(present ? sql<boolean>`d.list_tags like ${pattern} escape '\\'` : sql<boolean>`d.list_tags not like ${pattern} escape '\\'`);
  }

  const counted = await base.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow();
  let rows = base
    .leftJoin("revisions as r", (join) =>
      join.onRef("r.kind", "=", "d.kind").onRef("r.key", "=", "d.key").onRef("r.revision", "=", "d.current_revision"),
    )
    .select(["d.key", "d.title", "d.field_code", "d.status", "d.current_revision", "d.updated_at", "r.author"]);
  rows =
    query.sort === "updated"
      ? rows.orderBy("d.updated_at", "desc").orderBy("d.key")
      : query.sort === "key"
        ? rows.orderBy("d.key")
        : rows.orderBy("d.search_text").orderBy("d.key");
  const page = await rows.limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
  return {
    total: Number(counted.n),
    items: page.map((r) => ({
      key: r.key,
      title: r.title,
      fieldCode: r.field_code,
      status: r.status,
      revision: r.current_revision,
      updatedAt: r.updated_at,
      updatedBy: r.author,
    })),
  };
}
