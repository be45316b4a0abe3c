import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { sql, type RawBuilder } from "kysely";
import { engineOf, migrateToLatest, openDatabase, type DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { createPostgresDatabase, TEST_ENGINE } from "./engine";

export { TEST_ENGINE } from "./engine";

export const TEST_UNIT = "00000";

/**
 * A real database brought up by the real migrations, on the suite's engine (./engine.ts): a SQLite file in a
 * fresh temp dir (or `:memory:`), or a new PostgreSQL database. `path` is what DATABASE_URL would be.
 * The handle is scoped to one commune (`TEST_UNIT`), as the app's routes are; `unscoped` gives the bare handle
 * with no unit created.
 */
export async function createTestDb(options: { inMemory?: boolean; unscoped?: boolean } = {}): Promise<{ db: DB; path: string }> {
  const path =
    TEST_ENGINE === "postgres"
      ? await createPostgresDatabase()
      : options.inMemory
        ? ":memory:"
        : join(mkdtempSync(join(tmpdir(), "niemyet-db-")), "test.sqlite");
  const db = openDatabase(path);
  await migrateToLatest(db);
  if (options.unscoped) return { db, path };
  // One commune on its own, as a single-commune deployment: the handle reads and writes as that unit.
  const now = new Date().toISOString();
  await db
    .insertInto("units")
    .values({ code: TEST_UNIT, name: "Phường thử nghiệm", level: "commune", parent_code: null, host_name: null, is_default: 1, retired_from: null, retire_reason: null, created_at: now, updated_at: now })
    .execute();
  return { db: scoped(db, { unit: TEST_UNIT, readable: [TEST_UNIT] }), path };
}

/** DATABASE_URL of a new, empty database (no migrations run) on the suite's engine. */
export async function emptyDatabaseUrl(): Promise<string> {
  return TEST_ENGINE === "postgres" ? createPostgresDatabase() : join(mkdtempSync(join(tmpdir(), "niemyet-db-")), "empty.sqlite");
}

export function tempDir(prefix = "niemyet-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * For a describe block: `open()` gives a fresh database through the real migrations, closed after each test.
 */
export function useTestDb(): { open(options?: { inMemory?: boolean; unscoped?: boolean }): Promise<DB> } {
  let current: DB | undefined;
  afterEach(async () => {
    await current?.destroy();
    current = undefined;
  });
  return {
    async open(options = {}) {
      current = (await createTestDb(options)).db;
      return current;
    },
  };
}

/**
 * The query plan of `query` as text, from the engine's own planner: SQLite's `explain query plan`, or
 * PostgreSQL's `explain` with sequential scans priced out (on a test-sized table PostgreSQL would rightly scan
 * it, which says nothing about whether the index can serve the query at scale; plain index scans are priced out
 * too, so the index shows as a bitmap scan whatever the planner's tie-breaks).
 */
export async function queryPlan(db: DB, query: RawBuilder<unknown>): Promise<string> {
  if (engineOf(db) === "sqlite") {
    const plan = await sql<{ detail: string }>`explain query plan ${query}`.execute(db);
    return plan.rows.map((r) => r.detail).join("\n");
  }
  return db.transaction().execute(async (trx) => {
    await sql`analyze`.execute(trx);
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_indexscan = off`.execute(trx);
    const plan = await sql<{ "QUERY PLAN": string }>`explain ${query}`.execute(trx);
    return plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
}
