import { readdirSync } from "node:fs";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrations } from "../migrations/index.ts";
import { engineOf, migrateDown, migrateToLatest, openDatabase, type DB } from "~/utils/db.server";
import { emptyDatabaseUrl } from "./setup/db";

async function tableNames(db: DB): Promise<string[]> {
  const rows =
    engineOf(db) === "sqlite"
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function emptyDatabase(): Promise<DB> {
  return openDatabase(await emptyDatabaseUrl());
}

const ALL_TABLES = ["audit_log", "custom_field_lists", "document_comments", "documents", "login_failures", "pending_imports", "release_documents", "releases", "revisions", "sessions", "settings", "units", "user_roles", "users"];

describe("migrations", () => {
  let db: DB | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  it("lists every migration file of the folder in migrations/index.ts", () => {
    const files = readdirSync("migrations")
      .filter((f) => /^\d{4}_\d{2}_\d{2}_\d{6}_[a-z0-9_]+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ""));
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(migrations).sort()).toEqual(files.sort());
  });

  it("runs up on a new database, is a no-op the second time, and runs all the way down", async () => {
    db = await emptyDatabase();
    const applied = await migrateToLatest(db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(await tableNames(db)).toEqual(ALL_TABLES);
    expect(await migrateToLatest(db)).toEqual([]);

    for (let i = 0; i < applied.length; i++) await migrateDown(db);
    expect(await tableNames(db)).toEqual([]);
    // and back up again
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
    expect(await tableNames(db)).toEqual(ALL_TABLES);
  });

  it("rejects a workflow status outside draft / in_review / approved / retired", async () => {
    db = await emptyDatabase();
    await migrateToLatest(db);
    const now = new Date().toISOString();
    await expect(
      db
        .insertInto("documents")
        .values({ unit_code: "00000", kind: "field", key: "X", title: "X", field_code: null, status: "published" as never, current_revision: 1, body: "{}", body_hash: "h", created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow(/check constraint/i);
  });
});
