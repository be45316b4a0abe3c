import type { Kysely } from "kysely";

/**
 * `documents.search_text`: the key and title folded for search (lower case, no Vietnamese diacritics, đ → d),
 * written by the store on every save, so admin lists search an indexed column instead of parsing bodies.
 * The fold below must match app/domain/search.ts (migrations import no app code).
 */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("documents").addColumn("search_text", "text", (c) => c.notNull().defaultTo("")).execute();
  const rows: { kind: string; key: string; title: string }[] = await db.selectFrom("documents").select(["kind", "key", "title"]).execute();
  for (const row of rows) {
    await db
      .updateTable("documents")
      .set({ search_text: fold(`${row.key} ${row.title}`) })
      .where("kind", "=", row.kind)
      .where("key", "=", row.key)
      .execute();
  }
  await db.schema.createIndex("documents_kind_updated_idx").on("documents").columns(["kind", "updated_at"]).execute();
  // Covers the list's search and filters, so a search scans this index instead of rows that hold whole bodies.
  await db.schema
    .createIndex("documents_kind_search_idx")
    .on("documents")
    .columns(["kind", "search_text", "key", "field_code", "status"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("documents_kind_search_idx").execute();
  await db.schema.dropIndex("documents_kind_updated_idx").execute();
  await db.schema.alterTable("documents").dropColumn("search_text").execute();
}
