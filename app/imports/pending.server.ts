/**
 * Uploaded files awaiting the officer's confirmation of an import preview (migrations/…_pending_imports.ts):
 * one row per unit, officer and source ("portal", "sheet"), replaced by the next upload and deleted once
 * imported; rows older than PENDING_IMPORT_HOURS are not read, and purged whenever one is written. So the table
 * holds at most one upload per officer, unit and source. The files are kept as base64 text.
 */
import type { DB } from "~/utils/db.server";
import { unitOf } from "~/utils/unit-scope.server";
import { sha256Hex, type ImportFile } from "./files.server";

export type PendingSource = "portal" | "sheet";

export interface PendingImport<O> {
  files: ImportFile[];
  options: O;
  fingerprint: string;
  /** When it was uploaded or last changed (ISO time); it is kept PENDING_IMPORT_HOURS from then. */
  createdAt?: string;
}

/** How long an upload waits for its confirmation. */
export const PENDING_IMPORT_HOURS = 24;

const expiredBefore = (now: Date) => new Date(now.getTime() - PENDING_IMPORT_HOURS * 3600_000).toISOString();

/** Until when a pending import read now is kept. */
export const pendingExpiresAt = (pending: Pick<PendingImport<unknown>, "createdAt">): string =>
  new Date(Date.parse(pending.createdAt ?? new Date().toISOString()) + PENDING_IMPORT_HOURS * 3600_000).toISOString();

const where = (db: DB, username: string, source: PendingSource) => ({ unit_code: unitOf(db), username, source });

export async function savePendingImport<O>(db: DB, input: { username: string; source: PendingSource; pending: PendingImport<O>; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const key = where(db, input.username, input.source);
  const files = JSON.stringify(input.pending.files.map((f) => ({ name: f.name, sha256: f.sha256, base64: f.bytes.toString("base64") })));
  const options = JSON.stringify(input.pending.options);
  await db.deleteFrom("pending_imports").where("created_at", "<", expiredBefore(now)).execute();
  await db
    .insertInto("pending_imports")
    .values({ ...key, created_at: now.toISOString(), files, options, fingerprint: input.pending.fingerprint })
    .onConflict((oc) => oc.columns(["unit_code", "username", "source"]).doUpdateSet({ created_at: now.toISOString(), files, options, fingerprint: input.pending.fingerprint }))
    .execute();
}

export async function getPendingImport<O>(db: DB, input: { username: string; source: PendingSource; now?: Date }): Promise<PendingImport<O> | null> {
  const key = where(db, input.username, input.source);
  const row = await db
    .selectFrom("pending_imports")
    .select(["files", "options", "fingerprint", "created_at"])
    .where("unit_code", "=", key.unit_code)
    .where("username", "=", key.username)
    .where("source", "=", key.source)
    .where("created_at", ">=", expiredBefore(input.now ?? new Date()))
    .executeTakeFirst();
  if (!row) return null;
  const files = (JSON.parse(row.files) as { name: string; base64: string }[]).map((f) => {
    const bytes = Buffer.from(f.base64, "base64");
    return { name: f.name, bytes, sha256: sha256Hex(bytes) };
  });
  return { files, options: JSON.parse(row.options) as O, fingerprint: row.fingerprint, createdAt: row.created_at };
}

export async function deletePendingImport(db: DB, input: { username: string; source: PendingSource }): Promise<void> {
  const key = where(db, input.username, input.source);
  await db.deleteFrom("pending_imports").where("unit_code", "=", key.unit_code).where("username", "=", key.username).where("source", "=", key.source).execute();
}
