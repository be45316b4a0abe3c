import pg from "pg";
import type { Engine } from "~/utils/db.server";

/**
 * Which engine the suite runs on: PostgreSQL when `TEST_POSTGRES_URL` is set (`npm test` sets it for its second
 * pass, see scripts/test.mjs), else the embedded SQLite. Each test gets a database of its own: a temp SQLite
 * file, or a new PostgreSQL database on that server, dropped when the test file ends.
 */
export const TEST_ENGINE: Engine = process.env.TEST_POSTGRES_URL ? "postgres" : "sqlite";

const created: string[] = [];
let counter = 0;

function adminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_POSTGRES_URL is not set");
  return url;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL database on the test server; returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  counter += 1;
  const name = `niemyet_t_${process.pid}_${Date.now().toString(36)}_${counter}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops every database this process created (connections still open are closed by the server). Bounded: a drop
 * that cannot finish within 20 s (it waits for a checkpoint, and for every backend of the cluster to acknowledge
 * it) is reported with what the server's backends are doing and left behind (the throwaway cluster of `npm test`
 * is deleted at the end anyway); the test file does not fail.
 */
export async function dropPostgresDatabases(): Promise<void> {
  if (created.length === 0) return;
  const names = created.splice(0);
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 10_000, statement_timeout: 20_000, query_timeout: 30_000 });
  try {
    await client.connect();
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch (error) {
    let activity = "";
    try {
      const rows = await client.query(
        "SELECT pid, datname, backend_type, state, wait_event_type, wait_event, now() - state_change AS for, left(query, 120) AS query FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
      );
      activity = rows.rows.map((r) => JSON.stringify(r)).join("\n");
    } catch {
      // the server did not answer that either
    }
    console.warn(`[test] could not drop the test databases ${names.join(", ")}: ${(error as Error).message}\n${activity}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
