import type { Kysely } from "kysely";

/**
 * `documents.search_text`: the key and title folded for search (lower case, no Vietnamese diacritics, đ → d),
 * and `documents.list_tags`: the facets lists filter on (" level:commune has:process has:forms "), both
 * written by the store on every save, so admin lists never parse bodies. The fold and the procedure tags below
 * must match app/domain/search.ts and app/domain/kinds (migrations import no app code).
 */
function procedureTags(body: any): string[] {
  const tags = [`level:${body.level}`];
  if (body.status === "repealed") tags.push("repealed");
  if ((body.processCodes ?? []).length > 0) tags.push("has:process");
  const forms = [...(body.cases ?? []).flatMap((c: any) => c.components ?? []), ...(body.results ?? [])].some((x: any) => x.formCode);
  if (forms) tags.push("has:forms");
  return tags;
}

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
  await db.schema.alterTable("documents").addColumn("list_tags", "text", (c) => c.notNull().defaultTo(" ")).execute();
  const rows: { kind: string; key: string; title: string; body: string }[] = await db
    .selectFrom("documents")
    .select(["kind", "key", "title", "body"])
    .execute();
  for (const row of rows) {
    const tags = row.kind === "procedure" ? procedureTags(JSON.parse(row.body)) : [];
    await db
      .updateTable("documents")
      .set({ search_text: fold(`${row.key} ${row.title}`), list_tags: ` ${tags.join(" ")} ` })
      .where("kind", "=", row.kind)
      .where("key", "=", row.key)
      .execute();
  }
  await db.schema.createIndex("documents_kind_updated_idx").on("documents").columns(["kind", "updated_at"]).execute();
  // Covers the list's search and filters, so a search scans this index instead of rows that hold whole bodies.
  await db.schema
    .createIndex("documents_kind_search_idx")
    .on("documents")
    .columns(["kind", "search_text", "key", "field_code", "status", "list_tags"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("documents_kind_search_idx").execute();
  await db.schema.dropIndex("documents_kind_updated_idx").execute();
  await db.schema.alterTable("documents").dropColumn("list_tags").execute();
  await db.schema.alterTable("documents").dropColumn("search_text").execute();
}
