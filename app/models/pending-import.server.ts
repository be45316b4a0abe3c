import type { ImportFile } from "~/imports/files.server";
import { inTransaction, type DB } from "~/utils/db.server";

/**
 * Imports awaiting the officer's confirmation (table pending_imports, docs/decisions/020-imports.md): the files
 * of one upload, kept between the preview and the confirmation. One per unit, officer and source: a new upload
 * replaces the officer's previous one, and every save first deletes what has expired (anyone's), so the table
 * holds at most one import per officer, unit and source, none older than PENDING_IMPORT_HOURS.
 */

export type ImportSource = "portal" | "sheet";

export const PENDING_IMPORT_HOURS = 24;

export interface PendingImport {
  unit: string;
  username: string;
  source: ImportSource;
  createdAt: string;
  files: ImportFile[];
  options: Record<string, unknown>;
  fingerprint: string;
}

type Owner = { unit: string; username: string; source: ImportSource };

const ownedBy = (o: Owner) => ({ unit_code: o.unit, username: o.username, source: o.source });

const expiredBefore = (now: Date) => new Date(now.getTime() - PENDING_IMPORT_HOURS * 3600_000).toISOString();

/** Keeps the upload as the officer's pending import of this source (replacing any earlier one). */
export async function savePendingImport(
  db: DB,
  input: Owner & { files: readonly ImportFile[]; options?: Record<string, unknown>; fingerprint: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const files = JSON.stringify(input.files.map((f) => ({ name: f.name, sha256: f.sha256, base64: f.bytes.toString("base64") })));
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom("pending_imports").where("created_at", "<", expiredBefore(now)).execute();
    await trx.deleteFrom("pending_imports").where((eb) => eb.and(ownedBy(input))).execute();
    await trx
      .insertInto("pending_imports")
      .values({
        unit_code: input.unit,
        username: input.username,
        source: input.source,
        created_at: now.toISOString(),
        files,
        options: JSON.stringify(input.options ?? {}),
        fingerprint: input.fingerprint,
      })
      .execute();
  });
}

/** The officer's pending import of this source, or null (none, or expired). */
export async function getPendingImport(db: DB, owner: Owner & { now?: Date }): Promise<PendingImport | null> {
  const row = await db
    .selectFrom("pending_imports")
    .select(["created_at", "files", "options", "fingerprint"])
    .where((eb) => eb.and(ownedBy(owner)))
    .where("created_at", ">=", expiredBefore(owner.now ?? new Date()))
    .executeTakeFirst();
  if (!row) return null;
  const files = (JSON.parse(row.files) as { name: string; sha256: string; base64: string }[]).map((f) => ({
    name: f.name,
    sha256: f.sha256,
    bytes: Buffer.from(f.base64, "base64"),
  }));
  return { unit: owner.unit, username: owner.username, source: owner.source, createdAt: row.created_at, files, options: JSON.parse(row.options) as Record<string, unknown>, fingerprint: row.fingerprint };
}

/** Records the fingerprint of the plan the officer was last shown. */
export async function setPendingFingerprint(db: DB, owner: Owner & { fingerprint: string }): Promise<void> {
  await db
    .updateTable("pending_imports")
    .set({ fingerprint: owner.fingerprint })
    .where((eb) => eb.and(ownedBy(owner)))
    .execute();
}

export async function deletePendingImport(db: DB, owner: Owner): Promise<void> {
  await db.deleteFrom("pending_imports").where((eb) => eb.and(ownedBy(owner))).execute();
}
