import { sql } from "kysely";
import { sha256 } from "~/domain/canonical-json";
import type { AuditAction } from "~/domain/audit-actions";
import { LOGGED_TEXT_LIMITS, truncateText } from "~/domain/limits";
import { lockForAppend, type AuditLogTable, type DB } from "~/utils/db.server";
import { scopeOf } from "~/utils/unit-scope.server";

export { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction } from "~/domain/audit-actions";

/**
 * The append-only, hash-chained audit log. Each entry stores the hash of the previous one, and its own hash
 * covers every field plus that link, so editing or deleting any past row breaks the chain at that row
 * (`npm run cli -- audit verify`). Append inside the same transaction as the write it records.
 */

export const GENESIS_HASH = "0".repeat(64);

export interface AuditInput {
  actor: string | null;
  action: AuditAction;
  document?: { kind: string; key: string; revision?: number };
  /** The unit the entry belongs to; by default the unit of the handle's scope (null when unscoped). */
  unit?: string | null;
  summary: string;
  clientAddress?: string | null;
  now?: Date;
}

export type AuditEntry = Omit<AuditLogTable, "hash" | "prev_hash"> & { prev_hash: string; hash: string };

/**
 * The exact bytes an entry's hash covers: every column but `hash`, in a fixed order. `unit_code` came later: it
 * is covered when set, so entries written before units (null) keep the hashes they were written with.
 */
export function entryHash(e: Omit<AuditLogTable, "hash">): string {
  const fields: unknown[] = [e.seq, e.at, e.actor, e.action, e.doc_kind, e.doc_key, e.doc_revision, e.summary, e.client_address, e.prev_hash];
  if (e.unit_code !== null) fields.push(e.unit_code);
  return sha256(JSON.stringify(fields));
}

export async function appendAudit(db: DB, input: AuditInput): Promise<AuditEntry> {
  // The chain is read then extended: two writers must not both extend the same head (several server processes
  // share one PostgreSQL database), so the append holds the chain's lock inside a transaction.
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, input));
  await lockForAppend(db, "audit_log");
  const last = await db.selectFrom("audit_log").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  // Every text is cut to a fixed size: the chain can never be cleaned, so no entry may grow it without bound.
  const cut = (text: string | null | undefined, max: number) => (text == null ? null : truncateText(text, max));
  const row: Omit<AuditLogTable, "hash"> = {
    seq: (last?.seq ?? 0) + 1,
    unit_code: input.unit !== undefined ? input.unit : (scopeOf(db)?.unit ?? null),
    at: (input.now ?? new Date()).toISOString(),
    actor: cut(input.actor, LOGGED_TEXT_LIMITS.actor),
    action: input.action,
    doc_kind: cut(input.document?.kind, LOGGED_TEXT_LIMITS.docKind),
    doc_key: cut(input.document?.key, LOGGED_TEXT_LIMITS.docKey),
    doc_revision: input.document?.revision ?? null,
    summary: truncateText(input.summary, LOGGED_TEXT_LIMITS.summary),
    client_address: cut(input.clientAddress, LOGGED_TEXT_LIMITS.clientAddress),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const entry = { ...row, hash: entryHash(row) };
  await db.insertInto("audit_log").values(entry).execute();
  return entry;
}

export type ChainCheck =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/** Walks the whole chain in order; reports the first entry whose link or content does not match. */
export async function verifyAuditChain(db: DB): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const pageSize = 1000;
  for (let after = 0; ; ) {
    const rows = await db.selectFrom("audit_log").selectAll().where("seq", ">", after).orderBy("seq").limit(pageSize).execute();
    for (const row of rows) {
      count += 1;
      if (row.seq !== expectedSeq) {
        return { ok: false, entries: count, brokenAt: row.seq, reason: `thiếu mục số ${expectedSeq} (bị xóa?)` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, entries: count, brokenAt: row.seq, reason: "liên kết tới mục trước không khớp" };
      }
      const { hash, ...rest } = row;
      if (entryHash(rest) !== hash) {
        return { ok: false, entries: count, brokenAt: row.seq, reason: "nội dung đã bị sửa (mã băm không khớp)" };
      }
      prevHash = hash;
      expectedSeq += 1;
      after = row.seq;
    }
    if (rows.length < pageSize) break;
  }
  return { ok: true, entries: count, headHash: prevHash };
}

export interface AuditFilter {
  actor?: string;
  action?: AuditAction;
  docKind?: string;
  docKey?: string;
  /** Inclusive calendar dates in Vietnam, YYYY-MM-DD (the audit page shows times in Vietnam too). */
  from?: string;
  to?: string;
  limit?: number;
  /** Only entries of these units (an account of a unit reads its units' entries); absent: every entry. */
  units?: readonly string[];
}

export async function listAudit(db: DB, filter: AuditFilter): Promise<AuditLogTable[]> {
  let q = db.selectFrom("audit_log").selectAll();
  if (filter.units) q = filter.units.length ? q.where("unit_code", "in", filter.units) : q.where(sql.lit(false));
  if (filter.actor) q = q.where("actor", "=", filter.actor);
  if (filter.action) q = q.where("action", "=", filter.action);
  if (filter.docKind) q = q.where("doc_kind", "=", filter.docKind);
  if (filter.docKey) q = q.where("doc_key", "=", filter.docKey);
  // Vietnam keeps UTC+7 all year (no daylight saving), so a local day is a fixed UTC interval.
  const instant = (localTime: string) => new Date(`${localTime}+07:00`).toISOString();
  if (filter.from) q = q.where("at", ">=", instant(`${filter.from}T00:00:00.000`));
  if (filter.to) q = q.where("at", "<=", instant(`${filter.to}T23:59:59.999`));
  q = q.orderBy("seq", "desc");
  if (filter.limit) q = q.limit(filter.limit);
  return q.execute();
}
