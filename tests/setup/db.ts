import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateToLatest, openDatabase, type DB } from "~/utils/db.server";

/** A real SQLite database (a file in a fresh temp dir, or `:memory:`) brought up by the real migrations. */
export async function createTestDb(options: { inMemory?: boolean } = {}): Promise<{ db: DB; path: string }> {
  const path = options.inMemory ? ":memory:" : join(mkdtempSync(join(tmpdir(), "niemyet-db-")), "test.sqlite");
  const db = openDatabase(path);
  await migrateToLatest(db);
  return { db, path };
}

export function tempDir(prefix = "niemyet-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
