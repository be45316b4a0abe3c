import { sql } from "kysely";
import { getDb, pendingMigrations } from "~/utils/db.server";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * Readiness, for a load balancer or supervisor: 200 when the database answers and every migration of this build has
 * run; 503 saying which of the two is wrong otherwise. Public, no data disclosed (the count of pending migrations
 * names no table).
 */
export async function loader() {
  try {
    const db = getDb();
    await sql`select 1 as ok`.execute(db);
    const pending = await pendingMigrations(db);
    if (pending.length > 0) return text(`migrations pending: ${pending.length}\n`, 503);
    return text("ready\n", 200);
  } catch {
    return text("database unavailable\n", 503);
  }
}
