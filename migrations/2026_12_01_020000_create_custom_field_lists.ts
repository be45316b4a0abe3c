import type { Kysely } from "kysely";

/**
 * `custom_field_lists`: the custom fields an admin adds to a document kind (app/domain/custom-fields.ts), one row
 * per version of a kind's list; the highest version is the one in use. Rows are never updated or deleted, so the
 * list that applied to any revision can be read back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("custom_field_lists")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    // JSON text of the list document ({"fields": [...]}, schemas/custom-fields.schema.json).
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("author", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("custom_field_lists_pk", ["kind", "version"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("custom_field_lists").execute();
}
