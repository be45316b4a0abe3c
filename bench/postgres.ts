import pg from "pg";
import { startCluster } from "../scripts/pg-cluster.mjs";

/**
 * For the benchmarks: a new database on the TEST_POSTGRES_URL server when set, else on a throwaway cluster
 * (scripts/pg-cluster.mjs); `fn` gets its URL; the database (and the cluster) are gone afterwards. Returns false,
 * saying so, when there is no PostgreSQL to use.
 */
export async function withBenchPostgres(prefix: string, fn: (url: string) => Promise<void>): Promise<boolean> {
  let cluster: { url: string; stop(): Promise<void> } | null = null;
  let adminUrl = process.env.TEST_POSTGRES_URL || "";
  if (!adminUrl) {
    cluster = await startCluster({ log: console.log });
    adminUrl = cluster?.url ?? "";
  }
  if (!adminUrl) {
    console.log("PostgreSQL: no server binaries and no TEST_POSTGRES_URL; the PostgreSQL half is skipped.");
    return false;
  }
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await cluster?.stop();
  }
  return true;
}
