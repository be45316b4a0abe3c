/**
 * The database failing under a request, told apart from a bug: it is full (SQLite's SQLITE_FULL — the disk, or the
 * DATABASE_MAX_MB cap — or PostgreSQL's disk_full), or it cannot be reached (PostgreSQL down or restarting, the
 * network gone). entry.server.tsx notes the trouble of a request when Remix reports its error (handleError sees
 * the error itself; the page rendered after it only sees a sanitised one) and answers 507 or 503 with a page
 * that says so in Vietnamese (root.tsx). The transaction that failed was rolled back: nothing is half written.
 */
export type DatabaseTrouble = "full" | "unavailable";

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, connection_exception and its kinds
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "SQLITE_CANTOPEN",
]);

const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/;

export function databaseTroubleOf(error: unknown): DatabaseTrouble | null {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === "string" ? e.code : "";
    if (code === "SQLITE_FULL" || code === "53100") return "full";
    if (UNAVAILABLE_CODES.has(code)) return "unavailable";
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)) return "unavailable";
  }
  return null;
}

const troubles = new WeakMap<Request, DatabaseTrouble>();

/** Remembers that this request failed because of the database (see handleError in entry.server.tsx). */
export function noteDatabaseTrouble(request: Request, trouble: DatabaseTrouble): void {
  troubles.set(request, trouble);
}

export const databaseTroubleOfRequest = (request: Request): DatabaseTrouble | null => troubles.get(request) ?? null;

export const TROUBLE_STATUS: Record<DatabaseTrouble, number> = { full: 507, unavailable: 503 };
