import { sql, type Kysely } from "kysely";

/**
 * Documents and their revisions. Portable SQL only: text keys instead of auto-increment ids,
 * ISO-8601 text timestamps, JSON bodies as text (see docs/decisions/002-storage.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("documents")
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("key", "varchar(120)", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("field_code", "varchar(60)")
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("current_revision", "integer", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("body_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("documents_pk", ["kind", "key"])
    .addCheckConstraint(
      "documents_status_check",
      sql`status in ('draft', 'in_review', 'approved', 'retired')`,
    )
    .execute();

  await db.schema.createIndex("documents_kind_field_idx").on("documents").columns(["kind", "field_code"]).execute();
  await db.schema.createIndex("documents_kind_status_idx").on("documents").columns(["kind", "status"]).execute();

  await db.schema
    .createTable("revisions")
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("key", "varchar(120)", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("body_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("author", "varchar(120)", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addPrimaryKeyConstraint("revisions_pk", ["kind", "key", "revision"])
    .addForeignKeyConstraint("revisions_document_fk", ["kind", "key"], "documents", ["kind", "key"], (c) =>
      c.onDelete("cascade"),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("revisions").execute();
  await db.schema.dropTable("documents").execute();
}
