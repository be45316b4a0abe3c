import { randomBytes, randomUUID } from "node:crypto";
import { sha256 } from "~/domain/canonical-json";
import { LOGGED_TEXT_LIMITS, truncateText } from "~/domain/limits";
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

/**
 * Only failures count. An account is locked after 5 failures within 15 minutes (from anywhere); an address
 * only after 50 (a whole ward office can share one address, and one colleague's typos must not lock the
 * others out). A correct password for another account from the same address still works.
 */
export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  perAccount: 5,
  perAddress: 50,
} as const;

type Subject = { key: string; limit: number; kind: "account" | "address" };

function subjectsOf(username: string, clientAddress: string | null): Subject[] {
  const account = truncateText(username.toLowerCase(), LOGGED_TEXT_LIMITS.typedUsername);
  const subjects: Subject[] = [{ key: `user:${account}`, limit: THROTTLE.perAccount, kind: "account" }];
  if (clientAddress) {
    subjects.push({ key: `addr:${truncateText(clientAddress, LOGGED_TEXT_LIMITS.clientAddress)}`, limit: THROTTLE.perAddress, kind: "address" });
  }
  return subjects;
}

export interface ThrottleState {
  /** Seconds until sign-in may be tried again (0: allowed now). */
  retryAfter: number;
  /** What is locked, when something is. */
  lockedBy: "account" | "address" | null;
}

/** Whether this account, or this address, has used up its failures in the window. */
export async function throttleState(db: DB, input: { username: string; clientAddress: string | null; now?: Date }): Promise<ThrottleState> {
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - THROTTLE.windowMs).toISOString();
  let state: ThrottleState = { retryAfter: 0, lockedBy: null };
  for (const subject of subjectsOf(input.username, input.clientAddress)) {
    const rows = await db
      .selectFrom("login_failures")
      .select(["failed_at"])
      .where("subject", "=", subject.key)
      .where("failed_at", ">", since)
      .orderBy("failed_at", "desc")
      .limit(subject.limit)
      .execute();
    if (rows.length >= subject.limit) {
      // Allowed again when the oldest of the last `limit` failures leaves the window.
      const oldest = new Date(rows[rows.length - 1].failed_at).getTime();
      const retryAfter = Math.max(1, Math.ceil((oldest + THROTTLE.windowMs - now.getTime()) / 1000));
      if (retryAfter > state.retryAfter) state = { retryAfter, lockedBy: subject.kind };
    }
  }
  return state;
}

/**
 * Records one failure for the account and the address, and drops failures that left the window, so the table
 * holds at most the last 15 minutes of failures.
 */
export async function recordLoginFailure(db: DB, input: { username: string; clientAddress: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  await db
    .insertInto("login_failures")
    .values(subjectsOf(input.username, input.clientAddress).map((subject) => ({ id: randomUUID(), subject: subject.key, failed_at: now.toISOString() })))
    .execute();
  await db.deleteFrom("login_failures").where("failed_at", "<=", new Date(now.getTime() - THROTTLE.windowMs).toISOString()).execute();
}

export async function clearLoginFailures(db: DB, input: { username: string }) {
  await db.deleteFrom("login_failures").where("subject", "=", subjectsOf(input.username, null)[0].key).execute();
}
