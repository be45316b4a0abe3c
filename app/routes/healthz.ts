import { sql } from "kysely";
import { getDb } from "~/utils/db.server";

/** 200 when the database answers a query, 503 otherwise. Public, no data disclosed. */
export async function loader() {
  try {
    await sql`select 1 as ok`.execute(getDb());
    return new Response("ok\n", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  } catch {
    return new Response("database unavailable\n", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
}
