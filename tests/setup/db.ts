import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
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

/**
 * For a describe block: `open()` gives a fresh database through the real migrations, closed after each test.
 */
export function useTestDb(): { open(options?: { inMemory?: boolean }): Promise<DB> } {
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
