import { randomBytes, randomUUID } from "node:crypto";
import { sha256 } from "~/domain/canonical-json";
import type { DB } from "~/utils/db.server";
import { getUser, type User } from "./user.server";

/**
 * Server-side sessions. The random id is only in the (signed) cookie; the database keeps its sha256, so a
 * leaked database cannot be replayed as cookies. Sessions end at `expires_at`, at sign-out, when the password
 * changes or when the user is deactivated.
 */

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // one working day

export async function createSession(db: DB, input: { userId: string; clientAddress: string | null; now?: Date }) {
  const id = randomBytes(32).toString("base64url");
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto("sessions")
    .values({ id_hash: sha256(id), user_id: input.userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), client_address: input.clientAddress })
    .execute();
  return { id, expiresAt };
}

/** The active user behind a session id, or null when the session is unknown, expired or the user is inactive. */
export async function getSessionUser(db: DB, sessionId: string, now = new Date()): Promise<User | null> {
  const row = await db
    .selectFrom("sessions")
    .select(["user_id", "expires_at"])
    .where("id_hash", "=", sha256(sessionId))
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= now.toISOString()) {
    await deleteSession(db, sessionId);
    return null;
  }
  const user = await getUser(db, { id: row.user_id });
  return user?.isActive ? user : null;
}

export async function deleteSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", sha256(sessionId)).execute();
}

export async function deleteExpiredSessions(db: DB, now = new Date()): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now.toISOString()).execute();
}

// ----- sign-in throttling (kept in the database so it survives a restart) -----

export const THROTTLE_MAX_FAILURES = 5;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

const subjectsOf = (username: string, clientAddress: string | null) =>
  [`user:${username.toLowerCase()}`, ...(clientAddress ? [`addr:${clientAddress}`] : [])];

/** Seconds until sign-in may be tried again, or 0 when it is allowed now. */
export async function throttleDelay(db: DB, input: { username: string; clientAddress: string | null; now?: Date }): Promise<number> {
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  let delay = 0;
  for (const subject of subjectsOf(input.username, input.clientAddress)) {
    const rows = await db
      .selectFrom("login_failures")
      .select(["failed_at"])
      .where("subject", "=", subject)
      .where("failed_at", ">", since)
      .orderBy("failed_at", "desc")
      .limit(THROTTLE_MAX_FAILURES)
      .execute();
    if (rows.length >= THROTTLE_MAX_FAILURES) {
      // Allowed again when the oldest of the last five failures leaves the window.
      const oldest = new Date(rows[rows.length - 1].failed_at).getTime();
      delay = Math.max(delay, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
    }
  }
  return delay;
}

export async function recordLoginFailure(db: DB, input: { username: string; clientAddress: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  await db
    .insertInto("login_failures")
    .values(subjectsOf(input.username, input.clientAddress).map((subject) => ({ id: randomUUID(), subject, failed_at: now.toISOString() })))
    .execute();
  await db.deleteFrom("login_failures").where("failed_at", "<", new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString()).execute();
}

export async function clearLoginFailures(db: DB, input: { username: string }) {
  await db.deleteFrom("login_failures").where("subject", "=", `user:${input.username.toLowerCase()}`).execute();
}
