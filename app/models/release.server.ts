import { sha256 } from "~/domain/canonical-json";
import { diffDocuments } from "~/domain/diff";
import { isSameDayLimit } from "~/domain/due-date";
import { todayInVietnam } from "~/domain/format";
import { DOCUMENT_KINDS, type DocumentKind } from "~/domain/kinds";
import { changeLog, fieldChanges, type ChangeCounts, type ReleaseChangeEntry, type ReleaseChangeLog } from "~/domain/release-changes";
import type { Procedure } from "~/generated";
import { inTransaction, lockForAppend, type DB, type ReleaseDocumentsTable, type ReleaseStatus } from "~/utils/db.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { scoped, scopeOf } from "~/utils/unit-scope.server";
import { appendAudit } from "./audit.server";
import { getCustomFields } from "./custom-fields.server";
import { getInForceDocuments, getRevision } from "./document.server";
import { asApplied, overridesInForce } from "./override.server";
import { PublicCatalog } from "./public-catalog.server";
import { scopeOfUnit, type Unit } from "./unit.server";
import { approvedVersions } from "./versions.server";

/**
 * Releases (docs/decisions/013-releases.md): "Bản niêm yết số N", the numbered, immutable snapshot of what a
 * commune's public pages show — its effective documents in force (the province's with the commune's approved
 * overrides applied, its own beside them), with a change log against the release it was built on.
 *
 * - `createRelease` builds the snapshot as a draft, in one transaction: a crash at any moment leaves no trace.
 *   Approvers preview it (the same pages, marked as preview), then `publishRelease` makes it live now, or
 *   schedules it for its effective time; `activateDueReleases` (the server, at start and every minute, and the
 *   public pages themselves when they find one due) makes a scheduled one live.
 * - Which release is live is one column, `units.live_release`, changed in the same transaction as the statuses
 *   and the audit entry: the public pages read the old release or the new one, never a mix.
 * - `rollbackRelease` makes an earlier release live again; `cancelRelease` drops a draft or a scheduled one.
 * At most one release is in preparation (draft or scheduled) per commune, so numbers stay dense.
 */

/** What a snapshot holds: every kind a public page reads, overrides applied (so not the overrides themselves). */
export const RELEASED_KINDS = DOCUMENT_KINDS.filter((k) => k !== "local-override");

export const RELEASE_NOTE_MAX = 1_000;
const INSERT_BATCH = 200;

export interface ReleaseSummary {
  unit: string;
  number: number;
  status: ReleaseStatus;
  effectiveAt: string;
  note: string;
  createdBy: string;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  liveSince: string | null;
  baseNumber: number | null;
  documentCount: number;
  procedureCount: number;
  procedureChanges: ChangeCounts;
}

export interface Release extends ReleaseSummary {
  changeLog: ReleaseChangeLog;
  contentHash: string;
}

/** What lists and filters read about a released procedure, so no list parses 10.000 bodies. */
export interface ProcedureFacts {
  onlineLevel: string | null;
  repealed: boolean;
  sameDay: boolean;
  /** The catalog fees its channels name (their rates decide, by date, whether it is free). */
  feeCodes: string[];
  /** Some channel has a fee of its own that is not zero (or cannot be read as an amount). */
  paidOwnFee: boolean;
  unlistedReason: string | null;
}

export type ReleaseProgress = (step: { phase: "read" | "compare" | "write"; done: number; total: number }) => void;

type SnapshotRow = Omit<ReleaseDocumentsTable, "number" | "changed_in">;

const releaseColumns = [
  "unit_code",
  "number",
  "status",
  "effective_at",
  "note",
  "created_by",
  "created_at",
  "published_by",
  "published_at",
  "live_since",
  "base_number",
  "document_count",
  "procedure_count",
  "content_hash",
  "change_log",
] as const;

type ReleaseRow = { [K in (typeof releaseColumns)[number]]: K extends "status" ? ReleaseStatus : K extends "number" | "document_count" | "procedure_count" ? number : K extends "base_number" ? number | null : string | null };

function toRelease(r: ReleaseRow): Release {
  const log = JSON.parse(r.change_log as string) as ReleaseChangeLog;
  return {
    unit: r.unit_code as string,
    number: r.number,
    status: r.status,
    effectiveAt: r.effective_at as string,
    note: r.note as string,
    createdBy: r.created_by as string,
    createdAt: r.created_at as string,
    publishedBy: r.published_by,
    publishedAt: r.published_at,
    liveSince: r.live_since,
    baseNumber: r.base_number,
    documentCount: r.document_count,
    procedureCount: r.procedure_count,
    procedureChanges: log.procedures,
    changeLog: log,
    contentHash: r.content_hash as string,
  };
}

export async function listReleases(db: DB, unit: string): Promise<Release[]> {
  const rows = await db.selectFrom("releases").select(releaseColumns).where("unit_code", "=", unit).orderBy("number", "desc").execute();
  return rows.map((r) => toRelease(r as ReleaseRow));
}

export async function getRelease(db: DB, unit: string, number: number): Promise<Release | null> {
  const row = await db.selectFrom("releases").select(releaseColumns).where("unit_code", "=", unit).where("number", "=", number).executeTakeFirst();
  return row ? toRelease(row as ReleaseRow) : null;
}

/** The release in preparation (a draft or a scheduled one), if any. */
export async function pendingRelease(db: DB, unit: string): Promise<Release | null> {
  const row = await db
    .selectFrom("releases")
    .select(releaseColumns)
    .where("unit_code", "=", unit)
    .where("status", "in", ["draft", "scheduled"])
    .executeTakeFirst();
  return row ? toRelease(row as ReleaseRow) : null;
}

export interface LiveRelease {
  unit: string;
  number: number;
  liveSince: string;
  effectiveAt: string;
  createdAt: string;
}

/**
 * The release a commune's public pages read now: a scheduled one whose time has come is made live first (so it
 * is live at its time even when the server's timer has not run yet, e.g. just after a restart).
 */
export async function liveRelease(db: DB, unit: string, now = new Date()): Promise<LiveRelease | null> {
  const row = await db.selectFrom("units").select(["live_release", "next_release_at"]).where("code", "=", unit).executeTakeFirst();
  if (!row) return null;
  if (row.next_release_at !== null && row.next_release_at <= now.toISOString()) {
    await activateDueReleases(db, now, unit);
    return liveRelease(db, unit, now);
  }
  if (row.live_release === null) return null;
  const release = await db
    .selectFrom("releases")
    .select(["live_since", "effective_at", "created_at"])
    .where("unit_code", "=", unit)
    .where("number", "=", row.live_release)
    .executeTakeFirst();
  if (!release) return null;
  return { unit, number: row.live_release, liveSince: release.live_since ?? release.effective_at, effectiveAt: release.effective_at, createdAt: release.created_at };
}

// ---------------------------------------------------------------------------------------------
// The snapshot

function procedureFacts(body: Procedure, unlistedReason: string | null): ProcedureFacts {
  const feeCodes = new Set<string>();
  let paidOwnFee = false;
  for (const ch of body.channels ?? []) {
    for (const fee of ch.fees ?? []) {
      if (fee.feeCode) feeCodes.add(fee.feeCode);
      else if (!fee.amount || fee.amount.amount !== 0) paidOwnFee = true;
    }
  }
  return {
    onlineLevel: body.onlineLevel ?? null,
    repealed: body.status === "repealed",
    sameDay: (body.channels ?? []).some((ch) => isSameDayLimit(ch.timeLimit)),
    feeCodes: [...feeCodes].sort(),
    paidOwnFee,
    unlistedReason,
  };
}

/**
 * The commune's effective documents in force now: its own and its province's (overrides applied), forms with
 * every approved version (a page shows the one that applies on the day, and the coming one).
 */
export async function snapshotOf(db: DB, unit: Unit, onProgress: ReleaseProgress = () => {}): Promise<SnapshotRow[]> {
  const scopedDb = scopeOf(db)?.unit === unit.code ? db : scoped(db, scopeOfUnit(unit));
  const overrides = await overridesInForce(scopedDb);
  const rows: SnapshotRow[] = [];
  for (const kind of RELEASED_KINDS) {
    const docs = await getInForceDocuments<Record<string, unknown>>(scopedDb, { kind });
    for (const doc of docs) {
      const { body, listed, unlistedReason } = asApplied(scopedDb, doc, overrides);
      const text = JSON.stringify(body);
      const facts = kind === "procedure" ? procedureFacts(body as unknown as Procedure, unlistedReason) : {};
      const base = {
        unit_code: unit.code,
        kind,
        key: doc.key,
        owner_unit: doc.unit,
        title: doc.title,
        field_code: doc.fieldCode,
        listed: listed ? 1 : 0,
        facts: JSON.stringify(facts),
        retired_from: doc.retiredFrom,
      };
      if (kind === "form") {
        // Every approved version: a page shows the one that applies that day, and links the others.
        const versions = await approvedVersions(scopedDb, { kind, key: doc.key });
        for (const v of versions) {
          const revision = v.revision === doc.revision ? { body: doc.body } : await getRevision(scopedDb, { kind, key: doc.key, revision: v.revision });
          if (!revision) continue;
          const versionText = JSON.stringify(revision.body);
          rows.push({
            ...base,
            revision: v.revision,
            is_current: v.revision === doc.revision ? 1 : 0,
            approved_at: v.approvedAt,
            effective_from: v.from,
            body_hash: sha256(versionText),
            body: versionText,
          });
        }
        continue;
      }
      rows.push({ ...base, revision: doc.revision, is_current: 1, approved_at: doc.approvedAt, effective_from: null, body_hash: sha256(text), body: text });
    }
    onProgress({ phase: "read", done: rows.length, total: rows.length });
  }
  return rows;
}

const rowId = (r: { kind: string; key: string }) => `${r.kind}\u0000${r.key}`;

/** Whether citizens find it in the list: listed by the commune, not retired, not repealed. */
const isShown = (r: { listed: number; retired_from: string | null; facts: string }) =>
  r.listed === 1 && r.retired_from === null && (JSON.parse(r.facts) as Partial<ProcedureFacts>).repealed !== true;

/** The change log of `next` against the base release's documents (current revisions only). */
async function compare(db: DB, unit: string, base: number | null, next: SnapshotRow[], onProgress: ReleaseProgress) {
  const before = new Map<string, { kind: string; key: string; title: string; body_hash: string; changed_in: number; shown: boolean }>();
  if (base !== null) {
    const rows = await db
      .selectFrom("release_documents")
      .select(["kind", "key", "title", "body_hash", "changed_in", "listed", "retired_from", "facts"])
      .where("unit_code", "=", unit)
      .where("number", "=", base)
      .where("is_current", "=", 1)
      .execute();
    for (const r of rows) before.set(rowId(r), { ...r, shown: isShown(r) });
  }
  const entries: ReleaseChangeEntry[] = [];
  const changedIn = new Map<string, number | null>();
  const current = next.filter((r) => r.is_current === 1);
  let done = 0;
  for (const row of current) {
    const id = rowId(row);
    const old = before.get(id);
    const shown = isShown(row);
    if (!old || (!old.shown && shown)) {
      if (base !== null || shown) entries.push({ change: "added", kind: row.kind as DocumentKind, key: row.key, title: row.title });
      changedIn.set(id, null);
    } else if (old.body_hash !== row.body_hash || old.shown !== shown) {
      if (!shown) {
        if (old.shown) entries.push({ change: "removed", kind: row.kind as DocumentKind, key: row.key, title: row.title });
      } else {
        const oldBody = await db
          .selectFrom("release_documents")
          .select("body")
          .where("unit_code", "=", unit)
          .where("number", "=", base!)
          .where("kind", "=", row.kind)
          .where("key", "=", row.key)
          .where("is_current", "=", 1)
          .executeTakeFirstOrThrow();
        const changes = diffDocuments(getBundledSchema(row.kind as DocumentKind), JSON.parse(oldBody.body), JSON.parse(row.body));
        entries.push({ change: "changed", kind: row.kind as DocumentKind, key: row.key, title: row.title, ...fieldChanges(changes) });
      }
      changedIn.set(id, null);
    } else changedIn.set(id, old.changed_in);
    before.delete(id);
    if (++done % 500 === 0) onProgress({ phase: "compare", done, total: current.length });
  }
  for (const [, old] of before) if (old.shown) entries.push({ change: "removed", kind: old.kind as DocumentKind, key: old.key, title: old.title });
  onProgress({ phase: "compare", done: current.length, total: current.length });
  return { log: changeLog(entries), changedIn };
}

export type ReleaseResult = { ok: true; release: Release } | { ok: false; message: string };

/**
 * Builds release N (the next number) as a draft: the snapshot, its change log against the live release, and the
 * audit entry, in one transaction. `effectiveAt` (ISO time): when it is to go live once published (now if omitted).
 */
export async function createRelease(
  db: DB,
  input: { unit: Unit; actor: string; note: string; effectiveAt?: string; now?: Date; clientAddress?: string | null; onProgress?: ReleaseProgress },
): Promise<ReleaseResult> {
  const { unit } = input;
  const now = input.now ?? new Date();
  const onProgress = input.onProgress ?? (() => {});
  if (unit.level !== "commune") return { ok: false, message: "Chỉ xã, phường, đặc khu mới có bản niêm yết (tỉnh niêm yết qua các xã, phường)." };
  if (unit.retiredFrom) return { ok: false, message: `Đơn vị ${unit.name} đã ngừng hoạt động nên không tạo bản niêm yết mới.` };
  const note = input.note.trim();
  if (note.length > RELEASE_NOTE_MAX) return { ok: false, message: `Ghi chú của bản niêm yết không được dài quá ${RELEASE_NOTE_MAX} ký tự.` };
  const effectiveAt = input.effectiveAt ?? now.toISOString();
  const pending = await pendingRelease(db, unit.code);
  if (pending) return { ok: false, message: pendingMessage(pending) };

  const rows = await snapshotOf(db, unit, onProgress);
  const listedProcedures = rows.filter((r) => r.kind === "procedure" && r.is_current === 1 && r.listed === 1 && r.retired_from === null).length;
  if (listedProcedures === 0) return { ok: false, message: "Chưa có thủ tục nào được phê duyệt để niêm yết." };
  const contentHash = sha256(rows.map((r) => `${r.kind}/${r.key}/${r.revision}/${r.listed}/${r.body_hash}`).join("\n"));

  return inTransaction(db, async (trx) => {
    await lockForAppend(trx, `releases:${unit.code}`);
    // Checked again under the lock: two approvers at once get one draft and one refusal.
    const again = await pendingRelease(trx, unit.code);
    if (again) return { ok: false, message: pendingMessage(again) };
    const unitRow = await trx.selectFrom("units").select("live_release").where("code", "=", unit.code).executeTakeFirstOrThrow();
    const last = await trx.selectFrom("releases").select((eb) => eb.fn.max("number").as("n")).where("unit_code", "=", unit.code).executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const { log, changedIn } = await compare(trx, unit.code, unitRow.live_release, rows, onProgress);
    await trx
      .insertInto("releases")
      .values({
        unit_code: unit.code,
        number,
        status: "draft",
        effective_at: effectiveAt,
        note,
        created_by: input.actor,
        created_at: now.toISOString(),
        published_by: null,
        published_at: null,
        live_since: null,
        base_number: unitRow.live_release,
        document_count: rows.filter((r) => r.is_current === 1).length,
        procedure_count: listedProcedures,
        content_hash: contentHash,
        change_log: JSON.stringify(log),
        custom_fields: JSON.stringify({
          procedure: await getCustomFields(trx, "procedure"),
          organization: await getCustomFields(trx, "organization"),
        }),
      })
      .execute();
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH).map((r) => ({ ...r, number, changed_in: changedIn.get(rowId(r)) ?? number }));
      await trx.insertInto("release_documents").values(batch).execute();
      onProgress({ phase: "write", done: Math.min(i + INSERT_BATCH, rows.length), total: rows.length });
    }
    const counts = log.procedures;
    await appendAudit(trx, {
      actor: input.actor,
      action: "release.create",
      unit: unit.code,
      summary: `Tạo bản niêm yết số ${number} (bản nháp): ${listedProcedures} thủ tục; ${counts.added} bổ sung, ${counts.changed} sửa đổi, ${counts.removed} bãi bỏ so với bản đang niêm yết`,
      clientAddress: input.clientAddress ?? null,
      now,
    });
    return { ok: true, release: (await getRelease(trx, unit.code, number))! };
  });
}

const pendingMessage = (p: Release) =>
  `Bản niêm yết số ${p.number} đang ${p.status === "draft" ? "chờ công bố" : "chờ đến ngày hiệu lực"}: hãy công bố hoặc hủy bản đó trước khi tạo bản mới.`;

/** Makes release `number` live: the one-row switch, the statuses and (by the caller) the audit entry, in `trx`. */
async function makeLive(trx: DB, unit: string, number: number, now: Date) {
  await trx.updateTable("releases").set({ status: "superseded" }).where("unit_code", "=", unit).where("status", "=", "live").execute();
  await trx.updateTable("releases").set({ status: "live", live_since: now.toISOString() }).where("unit_code", "=", unit).where("number", "=", number).execute();
  await trx.updateTable("units").set({ live_release: number }).where("code", "=", unit).execute();
}

/**
 * Publishes the draft: live now when its effective time has come, else scheduled (it goes live by itself then).
 * `effectiveAt` may set the time at this step (what the approver chose on the preview).
 */
export async function publishRelease(
  db: DB,
  input: { unit: string; number: number; actor: string; effectiveAt?: string; now?: Date; clientAddress?: string | null },
): Promise<ReleaseResult> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (trx) => {
    await lockForAppend(trx, `releases:${input.unit}`);
    const release = await getRelease(trx, input.unit, input.number);
    if (!release) return { ok: false, message: `Không có bản niêm yết số ${input.number}.` };
    if (release.status !== "draft") return { ok: false, message: `Bản niêm yết số ${input.number} không còn là bản nháp nên không công bố lại được.` };
    const live = await trx.selectFrom("units").select("live_release").where("code", "=", input.unit).executeTakeFirstOrThrow();
    if (live.live_release !== release.baseNumber) {
      return {
        ok: false,
        message: `Bản niêm yết đang công khai đã đổi (số ${live.live_release ?? "—"}) từ khi tạo bản số ${input.number}: hãy hủy bản này và tạo lại để danh sách thay đổi đúng.`,
      };
    }
    const effectiveAt = input.effectiveAt ?? release.effectiveAt;
    const scheduled = effectiveAt > now.toISOString();
    await trx
      .updateTable("releases")
      .set({ status: scheduled ? "scheduled" : "draft", effective_at: scheduled ? effectiveAt : now.toISOString(), published_by: input.actor, published_at: now.toISOString() })
      .where("unit_code", "=", input.unit)
      .where("number", "=", input.number)
      .execute();
    if (scheduled) await trx.updateTable("units").set({ next_release_at: effectiveAt }).where("code", "=", input.unit).execute();
    else await makeLive(trx, input.unit, input.number, now);
    await appendAudit(trx, {
      actor: input.actor,
      action: "release.publish",
      unit: input.unit,
      summary: scheduled
        ? `Công bố bản niêm yết số ${input.number}, có hiệu lực từ ${effectiveAt} (tự động niêm yết khi đến thời điểm này)`
        : `Công bố bản niêm yết số ${input.number}: niêm yết công khai từ bây giờ`,
      clientAddress: input.clientAddress ?? null,
      now,
    });
    return { ok: true, release: (await getRelease(trx, input.unit, input.number))! };
  });
}

/** Makes every scheduled release whose time has come live (all units, or one). Returns what went live. */
export async function activateDueReleases(db: DB, now = new Date(), onlyUnit?: string): Promise<{ unit: string; number: number }[]> {
  let query = db.selectFrom("units").select("code").where("next_release_at", "is not", null).where("next_release_at", "<=", now.toISOString());
  if (onlyUnit) query = query.where("code", "=", onlyUnit);
  const due = await query.execute();
  const activated: { unit: string; number: number }[] = [];
  for (const { code } of due) {
    const done = await inTransaction(db, async (trx) => {
      await lockForAppend(trx, `releases:${code}`);
      const unit = await trx.selectFrom("units").select("next_release_at").where("code", "=", code).executeTakeFirstOrThrow();
      if (unit.next_release_at === null || unit.next_release_at > now.toISOString()) return null; // another process did it
      const release = await trx
        .selectFrom("releases")
        .select(["number", "effective_at"])
        .where("unit_code", "=", code)
        .where("status", "=", "scheduled")
        .executeTakeFirst();
      await trx.updateTable("units").set({ next_release_at: null }).where("code", "=", code).execute();
      if (!release) return null;
      await makeLive(trx, code, release.number, now);
      await appendAudit(trx, {
        actor: "system",
        action: "release.activate",
        unit: code,
        summary: `Bản niêm yết số ${release.number} tự động niêm yết công khai khi đến thời điểm hiệu lực (${release.effective_at})`,
        now,
      });
      return { unit: code, number: release.number };
    });
    if (done) activated.push(done);
  }
  return activated;
}

/** Makes an earlier release (one that was live before) live again: a recorded, audited act with its reason. */
export async function rollbackRelease(
  db: DB,
  input: { unit: string; number: number; actor: string; reason: string; now?: Date; clientAddress?: string | null },
): Promise<ReleaseResult> {
  const now = input.now ?? new Date();
  const reason = input.reason.trim();
  if (!reason) return { ok: false, message: "Hãy ghi lý do quay lại bản niêm yết cũ." };
  if (reason.length > RELEASE_NOTE_MAX) return { ok: false, message: `Lý do không được dài quá ${RELEASE_NOTE_MAX} ký tự.` };
  return inTransaction(db, async (trx) => {
    await lockForAppend(trx, `releases:${input.unit}`);
    const release = await getRelease(trx, input.unit, input.number);
    if (!release) return { ok: false, message: `Không có bản niêm yết số ${input.number}.` };
    if (release.status === "live") return { ok: false, message: `Bản niêm yết số ${input.number} đang được niêm yết.` };
    if (release.status !== "superseded") return { ok: false, message: `Bản niêm yết số ${input.number} chưa từng được niêm yết nên không quay lại được.` };
    const live = await trx.selectFrom("units").select("live_release").where("code", "=", input.unit).executeTakeFirstOrThrow();
    await makeLive(trx, input.unit, input.number, now);
    await appendAudit(trx, {
      actor: input.actor,
      action: "release.rollback",
      unit: input.unit,
      summary: `Quay lại bản niêm yết số ${input.number} (thay cho bản số ${live.live_release ?? "—"}). Lý do: ${reason}`,
      clientAddress: input.clientAddress ?? null,
      now,
    });
    return { ok: true, release: (await getRelease(trx, input.unit, input.number))! };
  });
}

/** Drops a draft or scheduled release (it never went live: nothing of it stays but the audit entry). */
export async function cancelRelease(
  db: DB,
  input: { unit: string; number: number; actor: string; now?: Date; clientAddress?: string | null },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (trx) => {
    await lockForAppend(trx, `releases:${input.unit}`);
    const release = await getRelease(trx, input.unit, input.number);
    if (!release) return { ok: false, message: `Không có bản niêm yết số ${input.number}.` };
    if (release.status !== "draft" && release.status !== "scheduled") {
      return { ok: false, message: `Bản niêm yết số ${input.number} đã được niêm yết nên không hủy được (có thể quay lại một bản trước đó).` };
    }
    await trx.deleteFrom("release_documents").where("unit_code", "=", input.unit).where("number", "=", input.number).execute();
    await trx.deleteFrom("releases").where("unit_code", "=", input.unit).where("number", "=", input.number).execute();
    if (release.status === "scheduled") await trx.updateTable("units").set({ next_release_at: null }).where("code", "=", input.unit).execute();
    await appendAudit(trx, {
      actor: input.actor,
      action: "release.cancel",
      unit: input.unit,
      summary: `Hủy bản niêm yết số ${input.number} (${release.status === "draft" ? "bản nháp" : "đã hẹn ngày hiệu lực"}, chưa từng niêm yết)`,
      clientAddress: input.clientAddress ?? null,
      now,
    });
    return { ok: true };
  });
}

/**
 * Builds the next release and publishes it at once (live now, or scheduled for `effectiveAt`): what the CLI's
 * `release create` does, and `setup` for each sample commune's first release.
 */
export async function createAndPublish(
  db: DB,
  input: { unit: Unit; actor: string; note: string; effectiveAt?: string; now?: Date; onProgress?: ReleaseProgress },
): Promise<ReleaseResult> {
  const created = await createRelease(db, input);
  if (!created.ok) return created;
  const published = await publishRelease(db, { unit: input.unit.code, number: created.release.number, actor: input.actor, now: input.now });
  if (!published.ok) await cancelRelease(db, { unit: input.unit.code, number: created.release.number, actor: input.actor });
  return published;
}

/** What a release shows, live or not (a preview, the print pack): the same reader the public pages use. */
/**
 * The day a release is read on (fee rates and procedures in force are dated): today, or the first day of a release
 * that takes effect later, as it will read then.
 */
export function releaseDay(release: Pick<Release, "status" | "effectiveAt">, now = new Date()): string {
  const today = todayInVietnam(now);
  const effectiveDay = todayInVietnam(new Date(release.effectiveAt));
  return (release.status === "draft" || release.status === "scheduled") && effectiveDay > today ? effectiveDay : today;
}

export function releaseCatalog(db: DB, release: Release): PublicCatalog {
  return new PublicCatalog(db, {
    unit: release.unit,
    number: release.number,
    liveSince: release.liveSince ?? release.effectiveAt,
    effectiveAt: release.effectiveAt,
    createdAt: release.createdAt,
    preview: release.status === "draft" || release.status === "scheduled",
  });
}

/** What the public pages of a unit read now (its live release), or null before its first release. */
export async function liveCatalog(db: DB, unit: string, now = new Date()): Promise<PublicCatalog | null> {
  const live = await liveRelease(db, unit, now);
  return live ? new PublicCatalog(db, { ...live, preview: false }) : null;
}

/**
 * For the admin home: the commune's live release and how many documents it reads (its own and its province's,
 * overrides included) were approved after that release was built, so a leader knows a new release is due.
 */
export async function releaseDue(db: DB, unit: string): Promise<{ live: number | null; pending: number | null; approvedSince: number }> {
  const [unitRow, pending] = await Promise.all([
    db.selectFrom("units").select("live_release").where("code", "=", unit).executeTakeFirst(),
    pendingRelease(db, unit),
  ]);
  const live = unitRow?.live_release ?? null;
  const built = live !== null ? (await getRelease(db, unit, live))?.createdAt : null;
  let query = db
    .selectFrom("documents as d")
    .innerJoin("revisions as r", (join) =>
      join.onRef("r.unit_code", "=", "d.unit_code").onRef("r.kind", "=", "d.kind").onRef("r.key", "=", "d.key").onRef("r.revision", "=", "d.in_force_revision"),
    )
    .select((eb) => eb.fn.countAll<number | string>().as("n"));
  if (built) query = query.where("r.approved_at", ">", built);
  const counted = await query.executeTakeFirst();
  return { live, pending: pending?.number ?? null, approvedSince: Number(counted?.n ?? 0) };
}
