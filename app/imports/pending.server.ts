/**
 * Uploaded files awaiting the officer's confirmation of an import preview (migrations/…_pending_imports.ts):
 * one row per unit, officer and source ("portal", "sheet"), replaced by the next upload and deleted once
 * imported; rows older than a day are purged whenever one is written. The files are kept as base64 text.
 */
import type { DB } from "~/utils/db.server";
import { unitOf } from "~/utils/unit-scope.server";
import { sha256Hex, type ImportFile } from "./files.server";

export type PendingSource = "portal" | "sheet";

export interface PendingImport<O> {
  files: ImportFile[];
  options: O;
  fingerprint: string;
}

const DAY_MS = 24 * 3600_000;

const where = (db: DB, username: string, source: PendingSource) => ({ unit_code: unitOf(db), username, source });

export async function savePendingImport<O>(db: DB, input: { username: string; source: PendingSource; pending: PendingImport<O>; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const key = where(db, input.username, input.source);
  const files = JSON.stringify(input.pending.files.map((f) => ({ name: f.name, sha256: f.sha256, base64: f.bytes.toString("base64") })));
  const options = JSON.stringify(input.pending.options);
  await db.deleteFrom("pending_imports").where("created_at", "<", new Date(now.getTime() - DAY_MS).toISOString()).execute();
  await db
    .insertInto("pending_imports")
    .values({ ...key, created_at: now.toISOString(), files, options, fingerprint: input.pending.fingerprint })
    .onConflict((oc) => oc.columns(["unit_code", "username", "source"]).doUpdateSet({ created_at: now.toISOString(), files, options, fingerprint: input.pending.fingerprint }))
    .execute();
}

export async function getPendingImport<O>(db: DB, input: { username: string; source: PendingSource }): Promise<PendingImport<O> | null> {
  const key = where(db, input.username, input.source);
  const row = await db
    .selectFrom("pending_imports")
    .select(["files", "options", "fingerprint"])
    .where("unit_code", "=", key.unit_code)
    .where("username", "=", key.username)
    .where("source", "=", key.source)
    .executeTakeFirst();
  if (!row) return null;
  const files = (JSON.parse(row.files) as { name: string; base64: string }[]).map((f) => {
    const bytes = Buffer.from(f.base64, "base64");
    return { name: f.name, bytes, sha256: sha256Hex(bytes) };
  });
  return { files, options: JSON.parse(row.options) as O, fingerprint: row.fingerprint };
}

export async function deletePendingImport(db: DB, input: { username: string; source: PendingSource }): Promise<void> {
  const key = where(db, input.username, input.source);
  await db.deleteFrom("pending_imports").where("unit_code", "=", key.unit_code).where("username", "=", key.username).where("source", "=", key.source).execute();
}
