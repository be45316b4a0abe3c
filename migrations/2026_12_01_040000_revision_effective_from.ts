import type { Kysely } from "kysely";

/**
 * `revisions.effective_from`: the date (YYYY-MM-DD) from which an approved version applies, when it was approved
 * with one (a form used by procedures changes only through a new version with an effective date). Null: it
 * applies from its approval. Existing rows keep null.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("revisions").addColumn("effective_from", "varchar(10)").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("revisions").dropColumn("effective_from").execute();
}
