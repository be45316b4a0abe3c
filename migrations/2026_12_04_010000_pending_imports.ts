import type { Kysely } from "kysely";

/**
 * Imports awaiting confirmation (docs/decisions/020-imports.md): the files an officer uploaded for a dry run,
 * kept until the officer confirms the preview (then imported and deleted) or starts another one. One row per
 * unit, officer and source ("portal", "sheet"): a new upload replaces the old one, so what officers upload is
 * bounded by the request body limit times the number of officers, and rows older than a day are purged.
 * The files are kept as base64 text (the same column type on SQLite and PostgreSQL).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("pending_imports")
    .addColumn("unit_code", "varchar(5)", (c) => c.notNull())
    .addColumn("username", "varchar(80)", (c) => c.notNull())
    .addColumn("source", "varchar(20)", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("files", "text", (c) => c.notNull())
    .addColumn("options", "text", (c) => c.notNull())
    .addColumn("fingerprint", "varchar(64)", (c) => c.notNull())
    .addPrimaryKeyConstraint("pending_imports_pk", ["unit_code", "username", "source"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("pending_imports").execute();
}
