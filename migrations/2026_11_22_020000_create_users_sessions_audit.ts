import { sql, type Kysely } from "kysely";

/**
 * Accounts, server-side sessions, sign-in throttling and the hash-chained audit log
 * (see docs/decisions/003-security.md). Portable SQL: text ids, integer flags, ISO-8601 text timestamps.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("username", "varchar(60)", (c) => c.notNull().unique())
    .addColumn("display_name", "varchar(120)", (c) => c.notNull())
    .addColumn("password_hash", "varchar(255)", (c) => c.notNull())
    .addColumn("is_active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("password_changed_at", "varchar(32)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("user_roles")
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "varchar(20)", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
    .addCheckConstraint("user_roles_role_check", sql`role in ('admin', 'editor', 'approver', 'auditor')`)
    .execute();

  await db.schema
    .createTable("sessions")
    // sha256 of the random session id; the id itself only ever lives in the signed cookie
    .addColumn("id_hash", "varchar(64)", (c) => c.primaryKey())
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("expires_at", "varchar(32)", (c) => c.notNull())
    .addColumn("client_address", "varchar(64)")
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("login_failures")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    // "user:<username>" or "addr:<client address>"
    .addColumn("subject", "varchar(200)", (c) => c.notNull())
    .addColumn("failed_at", "varchar(32)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_failures_subject_idx").on("login_failures").columns(["subject", "failed_at"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("at", "varchar(32)", (c) => c.notNull())
    .addColumn("actor", "varchar(120)")
    .addColumn("action", "varchar(40)", (c) => c.notNull())
    .addColumn("doc_kind", "varchar(40)")
    .addColumn("doc_key", "varchar(120)")
    .addColumn("doc_revision", "integer")
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("client_address", "varchar(64)")
    .addColumn("prev_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("hash", "varchar(64)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor", "at"]).execute();
  await db.schema.createIndex("audit_log_doc_idx").on("audit_log").columns(["doc_kind", "doc_key"]).execute();
  await db.schema.createIndex("audit_log_action_idx").on("audit_log").columns(["action", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
  await db.schema.dropTable("login_failures").execute();
  await db.schema.dropTable("sessions").execute();
  await db.schema.dropTable("user_roles").execute();
  await db.schema.dropTable("users").execute();
}
