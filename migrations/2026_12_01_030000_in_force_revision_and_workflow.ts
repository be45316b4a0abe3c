import type { Kysely } from "kysely";

/**
 * The revision in force beside the working one (docs/decisions/007-workflow.md).
 *
 * - `documents` keeps the working state (the newest revision, its status, body and list columns) and gains the
 *   approved revision in force: `in_force_revision` with the list columns of that revision (`in_force_title`,
 *   `in_force_field_code`, `in_force_list_tags`), so public lists never read bodies; and the retirement
 *   (`retired_from`, the effective date, and `retire_reason`).
 * - `revisions` gain who approved them, when, and under which rule (`four_eyes`, `self_approval_allowed`, or
 *   `catalog_import` for revisions loaded from catalog files).
 * - `document_comments`: the thread of each document (plain comments and the notes of workflow steps).
 * - `settings`: deployment settings an admin changes (the self-approval rule).
 *
 * Every existing document and revision is kept: an approved document's current revision becomes its revision in
 * force (approved by its author under `catalog_import`, since every approved document so far came from catalog
 * files); a retired one keeps it in force with its last change as the effective date.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("documents").addColumn("in_force_revision", "integer").execute();
  await db.schema.alterTable("documents").addColumn("in_force_title", "text").execute();
  await db.schema.alterTable("documents").addColumn("in_force_field_code", "varchar(60)").execute();
  await db.schema.alterTable("documents").addColumn("in_force_list_tags", "text").execute();
  await db.schema.alterTable("documents").addColumn("retired_from", "varchar(10)").execute();
  await db.schema.alterTable("documents").addColumn("retire_reason", "text").execute();
  await db.schema.alterTable("revisions").addColumn("approved_by", "varchar(120)").execute();
  await db.schema.alterTable("revisions").addColumn("approved_at", "varchar(32)").execute();
  await db.schema.alterTable("revisions").addColumn("approval_rule", "varchar(40)").execute();

  const rows: { kind: string; key: string; status: string; current_revision: number; title: string; field_code: string | null; list_tags: string; updated_at: string }[] =
    await db
      .selectFrom("documents")
      .select(["kind", "key", "status", "current_revision", "title", "field_code", "list_tags", "updated_at"])
      .where("status", "in", ["approved", "retired"])
      .execute();
  for (const row of rows) {
    await db
      .updateTable("documents")
      .set({
        in_force_revision: row.current_revision,
        in_force_title: row.title,
        in_force_field_code: row.field_code,
        in_force_list_tags: row.list_tags,
        // The day of the last change, in Vietnam time (UTC+7), as every date of the catalog.
        ...(row.status === "retired" ? { retired_from: new Date(Date.parse(row.updated_at) + 7 * 3600_000).toISOString().slice(0, 10), retire_reason: "" } : {}),
      })
      .where("kind", "=", row.kind)
      .where("key", "=", row.key)
      .execute();
    const revision = await db
      .selectFrom("revisions")
      .select(["author", "created_at"])
      .where("kind", "=", row.kind)
      .where("key", "=", row.key)
      .where("revision", "=", row.current_revision)
      .executeTakeFirstOrThrow();
    await db
      .updateTable("revisions")
      .set({ status: "approved", approved_by: revision.author, approved_at: revision.created_at, approval_rule: "catalog_import" })
      .where("kind", "=", row.kind)
      .where("key", "=", row.key)
      .where("revision", "=", row.current_revision)
      .execute();
  }
  await db.schema
    .createIndex("documents_kind_in_force_idx")
    .on("documents")
    .columns(["kind", "in_force_revision", "in_force_field_code"])
    .execute();

  await db.schema
    .createTable("document_comments")
    .addColumn("id", "varchar(40)", (c) => c.primaryKey())
    // The order entries were written in (timestamps of two steps in one millisecond tie).
    .addColumn("seq", "integer", (c) => c.notNull().unique())
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("key", "varchar(120)", (c) => c.notNull())
    // The revision the comment was made on, and the workflow step it went with ("comment" when none).
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("action", "varchar(20)", (c) => c.notNull())
    .addColumn("author", "varchar(120)", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("document_comments_doc_idx").on("document_comments").columns(["kind", "key", "seq"]).execute();

  await db.schema
    .createTable("settings")
    .addColumn("name", "varchar(80)", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_by", "varchar(120)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("settings").execute();
  await db.schema.dropTable("document_comments").execute();
  await db.schema.dropIndex("documents_kind_in_force_idx").execute();
  for (const column of ["approval_rule", "approved_at", "approved_by"]) await db.schema.alterTable("revisions").dropColumn(column).execute();
  for (const column of ["retire_reason", "retired_from", "in_force_list_tags", "in_force_field_code", "in_force_title", "in_force_revision"]) {
    await db.schema.alterTable("documents").dropColumn(column).execute();
  }
}
