import { sql, type Kysely } from "kysely";

/**
 * Units of government (docs/decisions/010-units.md): a province (2-digit code) or a commune (5-digit code) with
 * its parent. Documents and revisions now belong to a unit: their primary keys become (unit_code, kind, key
 * [, revision]), rebuilt as new tables since SQLite cannot change a primary key in place (the JSON body becomes
 * the last column on the way, see below). Comments belong to
 * the unit they were written in; audit entries and users to a unit, or to the whole deployment (null).
 *
 * An existing database (one commune so far) keeps every row: they go to the unit of its organization document
 * (the commune's profile, whose code is the unit's code), made the deployment's default unit. A new, empty
 * database gets no unit here: `setup` creates the sample province and its communes.
 */

const DOCUMENT_COLUMNS = [
  "kind",
  "key",
  "title",
  "field_code",
  "status",
  "current_revision",
  "body",
  "body_hash",
  "created_at",
  "updated_at",
  "search_text",
  "list_tags",
  "in_force_revision",
  "in_force_title",
  "in_force_field_code",
  "in_force_list_tags",
  "retired_from",
  "retire_reason",
];
const REVISION_COLUMNS = [
  "kind",
  "key",
  "revision",
  "status",
  "body",
  "body_hash",
  "author",
  "note",
  "created_at",
  "approved_by",
  "approved_at",
  "approval_rule",
  "effective_from",
];

async function createDocumentTables(db: Kysely<any>, suffix: string, withUnit: boolean): Promise<void> {
  const unitColumn = withUnit ? ["unit_code"] : [];
  let documents = db.schema.createTable(`documents${suffix}`);
  if (withUnit) documents = documents.addColumn("unit_code", "varchar(5)", (c) => c.notNull().references("units.code"));
  await documents
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("key", "varchar(120)", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("field_code", "varchar(60)")
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("current_revision", "integer", (c) => c.notNull())
    .addColumn("body_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("list_tags", "text", (c) => c.notNull().defaultTo(" "))
    .addColumn("in_force_revision", "integer")
    .addColumn("in_force_title", "text")
    .addColumn("in_force_field_code", "varchar(60)")
    .addColumn("in_force_list_tags", "text")
    .addColumn("retired_from", "varchar(10)")
    .addColumn("retire_reason", "text")
    // Last: SQLite reads a row's columns in order, and a column stored after a body of several pages costs a walk
    // through its overflow pages (a list search reading search_text after the body took 60 ms for 10.000 rows).
    .addColumn("body", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint(`documents${suffix}_pk`, [...unitColumn, "kind", "key"] as never)
    .addCheckConstraint(`documents${suffix}_status_check`, sql`status in ('draft', 'in_review', 'approved', 'retired')`)
    .execute();
  let revisions = db.schema.createTable(`revisions${suffix}`);
  if (withUnit) revisions = revisions.addColumn("unit_code", "varchar(5)", (c) => c.notNull());
  await revisions
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("key", "varchar(120)", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("body_hash", "varchar(64)", (c) => c.notNull())
    .addColumn("author", "varchar(120)", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("approved_by", "varchar(120)")
    .addColumn("approved_at", "varchar(32)")
    .addColumn("approval_rule", "varchar(40)")
    .addColumn("effective_from", "varchar(10)")
    // Last, as in documents: history lists read the columns before it only.
    .addColumn("body", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint(`revisions${suffix}_pk`, [...unitColumn, "kind", "key", "revision"] as never)
    .addForeignKeyConstraint(
      `revisions${suffix}_document_fk`,
      [...unitColumn, "kind", "key"] as never,
      `documents${suffix}`,
      [...unitColumn, "kind", "key"],
      (c) => c.onDelete("cascade"),
    )
    .execute();
}

async function createDocumentIndexes(db: Kysely<any>, withUnit: boolean): Promise<void> {
  const indexes: [string, string[]][] = withUnit
    ? [
        ["documents_kind_field_idx", ["unit_code", "kind", "field_code"]],
        ["documents_kind_status_idx", ["unit_code", "kind", "status"]],
        // The admin list (app/models/search.server.ts): every column it filters, sorts and pages on, so a list of a
        // commune and its province (`unit_code in (…)`) is answered from this index without reading a row; kind
        // first, so SQLite prefers it to the indexes above for that `in`.
        ["documents_list_idx", ["kind", "unit_code", "search_text", "key", "field_code", "status", "list_tags", "updated_at"]],
        ["documents_kind_in_force_idx", ["unit_code", "kind", "in_force_revision", "in_force_field_code"]],
      ]
    : [
        ["documents_kind_field_idx", ["kind", "field_code"]],
        ["documents_kind_status_idx", ["kind", "status"]],
        ["documents_kind_updated_idx", ["kind", "updated_at"]],
        ["documents_kind_search_idx", ["kind", "search_text", "key", "field_code", "status", "list_tags"]],
        ["documents_kind_in_force_idx", ["kind", "in_force_revision", "in_force_field_code"]],
      ];
  for (const [name, columns] of indexes) await db.schema.createIndex(name).on("documents").columns(columns).execute();
  // Keys are unique within a province and its communes (checked on save); this finds a key across units fast.
  if (withUnit) await db.schema.createIndex("documents_kind_key_idx").on("documents").columns(["kind", "key"]).execute();
}

/** The unit existing rows belong to: the one organization document's code, name and level. */
async function existingUnit(db: Kysely<any>): Promise<{ code: string; name: string; level: string } | null> {
  const any = await db.selectFrom("documents").select("key").limit(1).executeTakeFirst();
  if (!any) return null;
  const organization = await db
    .selectFrom("documents")
    .select(["key", "body"])
    .where("kind", "=", "organization")
    .orderBy("key")
    .limit(1)
    .executeTakeFirst();
  if (organization && /^(\d{2}|\d{5})$/.test(organization.key)) {
    const body = JSON.parse(organization.body);
    return { code: organization.key, name: String(body.name ?? organization.key), level: organization.key.length === 2 ? "province" : "commune" };
  }
  return { code: "00000", name: "Đơn vị (chưa đặt tên)", level: "commune" };
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("units")
    .addColumn("code", "varchar(5)", (c) => c.primaryKey())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("level", "varchar(10)", (c) => c.notNull())
    .addColumn("parent_code", "varchar(5)", (c) => c.references("units.code"))
    // A host name the deployment maps to this commune's public pages (xa-hoa-an.example.vn), if any.
    .addColumn("host_name", "varchar(253)", (c) => c.unique())
    // 1 for the commune today's short public URLs (/, /thu-tuc/…) show; at most one.
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("retired_from", "varchar(10)")
    .addColumn("retire_reason", "text")
    .addColumn("created_at", "varchar(32)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(32)", (c) => c.notNull())
    .addCheckConstraint("units_level_check", sql`level in ('province', 'commune')`)
    .execute();
  await db.schema.createIndex("units_parent_idx").on("units").column("parent_code").execute();

  const unit = await existingUnit(db);
  const now = new Date().toISOString();
  if (unit)
    await db
      .insertInto("units")
      .values({ ...unit, parent_code: null, host_name: null, is_default: 1, created_at: now, updated_at: now })
      .execute();

  await createDocumentTables(db, "_v2", true);
  if (unit) {
    await db
      .insertInto("documents_v2")
      .columns(["unit_code", ...DOCUMENT_COLUMNS])
      .expression(db.selectFrom("documents").select([sql.lit(unit.code).as("unit_code"), ...DOCUMENT_COLUMNS]))
      .execute();
    await db
      .insertInto("revisions_v2")
      .columns(["unit_code", ...REVISION_COLUMNS])
      .expression(db.selectFrom("revisions").select([sql.lit(unit.code).as("unit_code"), ...REVISION_COLUMNS]))
      .execute();
  }
  await db.schema.dropTable("revisions").execute();
  await db.schema.dropTable("documents").execute();
  await db.schema.alterTable("documents_v2").renameTo("documents").execute();
  await db.schema.alterTable("revisions_v2").renameTo("revisions").execute();
  await createDocumentIndexes(db, true);

  for (const table of ["document_comments", "audit_log", "users"]) {
    await db.schema.alterTable(table).addColumn("unit_code", "varchar(5)").execute();
    if (unit && table !== "audit_log") await db.updateTable(table).set({ unit_code: unit.code }).execute();
  }
  // Audit entries written so far keep unit_code null: their hashes were made without it (app/models/audit.server.ts).
  await db.schema.dropIndex("document_comments_doc_idx").execute();
  await db.schema.createIndex("document_comments_doc_idx").on("document_comments").columns(["unit_code", "kind", "key", "seq"]).execute();
  await db.schema.createIndex("audit_log_unit_idx").on("audit_log").columns(["unit_code", "seq"]).execute();
  await db.schema.createIndex("users_unit_idx").on("users").column("unit_code").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_unit_idx").execute();
  await db.schema.dropIndex("audit_log_unit_idx").execute();
  await db.schema.dropIndex("document_comments_doc_idx").execute();
  for (const table of ["users", "audit_log", "document_comments"]) await db.schema.alterTable(table).dropColumn("unit_code").execute();
  await db.schema.createIndex("document_comments_doc_idx").on("document_comments").columns(["kind", "key", "seq"]).execute();

  await createDocumentTables(db, "_v1", false);
  await db.insertInto("documents_v1").columns(DOCUMENT_COLUMNS).expression(db.selectFrom("documents").select(DOCUMENT_COLUMNS)).execute();
  await db.insertInto("revisions_v1").columns(REVISION_COLUMNS).expression(db.selectFrom("revisions").select(REVISION_COLUMNS)).execute();
  await db.schema.dropTable("revisions").execute();
  await db.schema.dropTable("documents").execute();
  await db.schema.alterTable("documents_v1").renameTo("documents").execute();
  await db.schema.alterTable("revisions_v1").renameTo("revisions").execute();
  await createDocumentIndexes(db, false);
  await db.schema.dropTable("units").execute();
}
