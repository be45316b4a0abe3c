import type { Kysely } from "kysely";

/**
 * Releases (docs/decisions/013-releases.md): a commune's numbered, immutable snapshot of what its public pages
 * show ("Bản niêm yết số N").
 * - `releases`: one row per release, (unit_code, number); its status moves draft → scheduled → live → superseded
 *   (a rollback makes an older one live again); its change log against the release it was built on.
 * - `release_documents`: the snapshot, the commune's effective documents in force (the province's with the
 *   commune's approved overrides applied), one row per document (and per approved version, for forms), each
 *   with the number of the release in which its content last changed.
 * - `units.live_release` / `units.next_release_at`: which release the public pages read, and when the scheduled
 *   one goes live. Switching releases is the one-row update of `live_release`, in the same transaction as the
 *   statuses and the audit entry, so a crash leaves the old release or the new one live, never a mix.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("releases")
    .addColumn("unit_code", "varchar(5)", (c) => c.notNull().references("units.code"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("effective_at", "varchar(30)", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_by", "varchar(80)", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("published_by", "varchar(80)")
    .addColumn("published_at", "varchar(30)")
    .addColumn("live_since", "varchar(30)")
    .addColumn("base_number", "integer")
    .addColumn("document_count", "integer", (c) => c.notNull())
    .addColumn("procedure_count", "integer", (c) => c.notNull())
    .addColumn("content_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("change_log", "text", (c) => c.notNull())
    .addColumn("custom_fields", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("releases_pk", ["unit_code", "number"])
    .execute();
  await db.schema
    .createTable("release_documents")
    .addColumn("unit_code", "varchar(5)", (c) => c.notNull())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("key", "varchar(120)", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("is_current", "integer", (c) => c.notNull())
    .addColumn("owner_unit", "varchar(5)", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("field_code", "varchar(60)")
    .addColumn("listed", "integer", (c) => c.notNull())
    .addColumn("facts", "text", (c) => c.notNull())
    .addColumn("approved_at", "varchar(30)", (c) => c.notNull())
    .addColumn("effective_from", "varchar(10)")
    .addColumn("retired_from", "varchar(10)")
    .addColumn("changed_in", "integer", (c) => c.notNull())
    .addColumn("body_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("release_documents_pk", ["unit_code", "number", "kind", "key", "revision"])
    .addForeignKeyConstraint("release_documents_release_fk", ["unit_code", "number"], "releases", ["unit_code", "number"])
    .execute();
  await db.schema.alterTable("units").addColumn("live_release", "integer").execute();
  await db.schema.alterTable("units").addColumn("next_release_at", "varchar(30)").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("units").dropColumn("next_release_at").execute();
  await db.schema.alterTable("units").dropColumn("live_release").execute();
  await db.schema.dropTable("release_documents").execute();
  await db.schema.dropTable("releases").execute();
}
