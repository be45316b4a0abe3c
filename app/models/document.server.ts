import { sql } from "kysely";
import { serializeDocument, sha256 } from "~/domain/canonical-json";
import { documentFieldCode, documentListTags, documentTitle, type DocumentKind } from "~/domain/kinds";
import { foldForSearch } from "~/domain/search";
import { DOCUMENT_MAX_BYTES } from "~/domain/limits";
import type { DB, WorkflowStatus } from "~/utils/db.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { appendAudit } from "./audit.server";
import { containsText } from "./search.server";
import { unitOf } from "~/utils/unit-scope.server";

/**
 * Data access for every stored document, whatever its kind. A document is identified by (kind, key);
 * its current state lives in `documents`, and every saved state in `revisions` (the whole document each time).
 * Bodies are parsed here, once; callers get objects.
 */

export interface DocumentSummary {
  /** The unit the document belongs to: the unit read from, or (inherited) its province. */
  unit: string;
  kind: DocumentKind;
  key: string;
  title: string;
  fieldCode: string | null;
  /** The status of the working revision. */
  status: WorkflowStatus;
  /** The working revision (the newest). */
  revision: number;
  updatedAt: string;
  /** The approved revision in force, or null before the first approval. */
  inForceRevision: number | null;
}

export interface StoredDocument<T = Record<string, unknown>> extends DocumentSummary {
  body: T;
  bodyHash: string;
}

export interface RevisionSummary {
  revision: number;
  status: WorkflowStatus;
  author: string;
  note: string;
  createdAt: string;
  bodyHash: string;
  approvedBy: string | null;
  approvedAt: string | null;
  approvalRule: string | null;
}

const summaryColumns = ["unit_code", "kind", "key", "title", "field_code", "status", "current_revision", "updated_at", "in_force_revision"] as const;

function toSummary(row: {
  unit_code: string;
  kind: string;
  key: string;
  title: string;
  field_code: string | null;
  status: WorkflowStatus;
  current_revision: number;
  updated_at: string;
  in_force_revision: number | null;
}): DocumentSummary {
  return {
    unit: row.unit_code,
    kind: row.kind as DocumentKind,
    key: row.key,
    title: row.title,
    fieldCode: row.field_code,
    status: row.status,
    revision: row.current_revision,
    updatedAt: row.updated_at,
    inForceRevision: row.in_force_revision,
  };
}

/** Lists documents from the indexed columns only; no JSON body is read or parsed. */
export async function listDocuments(
  db: DB,
  filter: { kind: DocumentKind; fieldCode?: string; status?: WorkflowStatus; withoutTag?: string },
): Promise<DocumentSummary[]> {
  let query = db.selectFrom("documents").select(summaryColumns).where("kind", "=", filter.kind);
  if (filter.fieldCode !== undefined) query = query.where("field_code", "=", filter.fieldCode);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.withoutTag !== undefined) query = query.where(containsText("list_tags", filter.withoutTag, { around: " ", negate: true }));
  const rows = await query.orderBy("key").execute();
  return rows.map(toSummary);
}

export async function countDocuments(db: DB): Promise<number> {
  const row = await db
    .selectFrom("documents")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Number of documents of each kind (kinds with none are absent). */
export async function countDocumentsByKind(db: DB): Promise<Map<DocumentKind, number>> {
  const rows = await db
    .selectFrom("documents")
    .select((eb) => ["kind", eb.fn.countAll<number | string>().as("n")])
    .groupBy("kind")
    .execute();
  return new Map(rows.map((r) => [r.kind as DocumentKind, Number(r.n)]));
}

export async function getDocument<T = Record<string, unknown>>(db: DB, ref: { kind: DocumentKind; key: string }): Promise<StoredDocument<T> | null> {
  const row = await db
    .selectFrom("documents")
    .select([...summaryColumns, "body", "body_hash"])
    .where("kind", "=", ref.kind)
    .where("key", "=", ref.key)
    .executeTakeFirst();
  if (!row) return null;
  return { ...toSummary(row), body: JSON.parse(row.body) as T, bodyHash: row.body_hash };
}

/** Every document of a kind with its body (for export and cross-reference resolution). */
export async function getDocuments<T = Record<string, unknown>>(
  db: DB,
  filter: { kind: DocumentKind; keys?: string[]; status?: WorkflowStatus },
): Promise<StoredDocument<T>[]> {
  if (filter.keys && filter.keys.length === 0) return [];
  let query = db
    .selectFrom("documents")
    .select([...summaryColumns, "body", "body_hash"])
    .where("kind", "=", filter.kind);
  if (filter.keys) query = query.where("key", "in", filter.keys);
  if (filter.status) query = query.where("status", "=", filter.status);
  const rows = await query.orderBy("key").execute();
  return rows.map((row) => ({ ...toSummary(row), body: JSON.parse(row.body) as T, bodyHash: row.body_hash }));
}

const revisionColumns = ["revision", "status", "author", "note", "created_at", "body_hash", "approved_by", "approved_at", "approval_rule"] as const;

function toRevisionSummary(r: {
  revision: number;
  status: WorkflowStatus;
  author: string;
  note: string;
  created_at: string;
  body_hash: string;
  approved_by: string | null;
  approved_at: string | null;
  approval_rule: string | null;
}): RevisionSummary {
  return {
    revision: r.revision,
    status: r.status,
    author: r.author,
    note: r.note,
    createdAt: r.created_at,
    bodyHash: r.body_hash,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    approvalRule: r.approval_rule,
  };
}

/** One revision of a document, with its body. */
export async function getRevision<T = Record<string, unknown>>(
  db: DB,
  ref: { kind: DocumentKind; key: string; revision: number },
): Promise<(RevisionSummary & { body: T }) | null> {
  const r = await db
    .selectFrom("revisions")
    .select([...revisionColumns, "body"])
    .where("kind", "=", ref.kind)
    .where("key", "=", ref.key)
    .where("revision", "=", ref.revision)
    .executeTakeFirst();
  return r ? { ...toRevisionSummary(r), body: JSON.parse(r.body) as T } : null;
}

export async function listRevisions(db: DB, ref: { kind: DocumentKind; key: string }): Promise<RevisionSummary[]> {
  const rows = await db
    .selectFrom("revisions")
    .select(revisionColumns)
    .where("kind", "=", ref.kind)
    .where("key", "=", ref.key)
    .orderBy("revision")
    .execute();
  return rows.map(toRevisionSummary);
}

/** The document's one serialisation (schema key order) and the columns derived from it. */
export function serializeForKind(kind: DocumentKind, body: Record<string, unknown>): string {
  return serializeDocument(body, getBundledSchema(kind));
}

export interface SaveDocumentInput {
  kind: DocumentKind;
  /** A document already validated against its schema (validateDocument). */
  body: Record<string, unknown>;
  author: string;
  note: string;
  /**
   * `draft`: an officer's edit. It becomes the working draft; a revision already in force stays in force until
   * the draft is approved. `approved`: catalog files loaded by `cli import`/`setup`, in force at once.
   */
  mode: "draft" | "approved";
  /** The revision the editor started from: the save is refused as a conflict when the document moved on. */
  baseRevision?: number;
  now?: Date;
}

export type SaveResult =
  | { outcome: "created" | "updated" | "unchanged"; revision: number }
  /** Someone saved a newer revision since `baseRevision` (or created the document meanwhile). */
  | { outcome: "conflict"; revision: number }
  /** The document is in review or retired: it is not edited until it is back to draft (or approved). */
  | { outcome: "locked"; revision: number; status: WorkflowStatus }
  /** The document belongs to the province's catalog the unit inherits: it is read here, not changed. */
  | { outcome: "inherited"; revision: number; unit: string };

/**
 * Saves a validated document: a new revision only when its content changed. The write is one conditional
 * update on the revision it started from (`current_revision = base`), so of two saves from the same base exactly
 * one wins, whatever the timing; the other gets `conflict`. Run it inside a transaction (the caller passes the
 * transaction as `db`), which also holds the revision row and its audit entry.
 */
/**
 * The stored text of a validated document and the list columns derived from it: what every write of a document
 * row stores (saveDocument, and the national-scale benchmark's bulk load).
 */
export function documentColumns(kind: DocumentKind, body: Record<string, unknown>) {
  const serializedBody = serializeForKind(kind, body);
  // validateDocument refuses such a document with a field message first; this guards every other caller.
  if (Buffer.byteLength(serializedBody, "utf8") > DOCUMENT_MAX_BYTES) {
    throw new Error(`Tài liệu ${kind} «${String(body.code)}» vượt quá giới hạn ${DOCUMENT_MAX_BYTES / 1024} KB nên không được lưu.`);
  }
  const key = String(body.code);
  const title = documentTitle(kind, body);
  return {
    key,
    title,
    field_code: documentFieldCode(kind, body),
    search_text: foldForSearch(`${key} ${title}`),
    list_tags: documentListTags(kind, body),
    body: serializedBody,
    body_hash: sha256(serializedBody),
  };
}

export async function saveDocument(db: DB, input: SaveDocumentInput): Promise<SaveResult> {
  const now = (input.now ?? new Date()).toISOString();
  const columns = documentColumns(input.kind, input.body);
  const { key, title, body: serializedBody, body_hash: bodyHash, field_code: fieldCode, search_text: searchText, list_tags: listTags } = columns;
  const current = await db
    .selectFrom("documents")
    .select(["unit_code", "current_revision", "body_hash", "status"])
    .where("kind", "=", input.kind)
    .where("key", "=", key)
    .executeTakeFirst();
  const unit = unitOf(db);
  // A commune reads its province's catalog but never changes it (it overrides what the province allows, later).
  if (current && current.unit_code !== unit) return { outcome: "inherited", revision: current.current_revision, unit: current.unit_code };

  const base = input.baseRevision ?? current?.current_revision ?? 0;
  if ((current?.current_revision ?? 0) !== base) return { outcome: "conflict", revision: current?.current_revision ?? 0 };
  if (current && current.body_hash === bodyHash) return { outcome: "unchanged", revision: current.current_revision };
  if (current && input.mode === "draft" && (current.status === "in_review" || current.status === "retired")) {
    return { outcome: "locked", revision: current.current_revision, status: current.status };
  }
  // Catalog files never overwrite an officer's draft, a revision in review, or a retirement.
  if (current && input.mode === "approved" && current.status !== "approved") {
    return { outcome: "locked", revision: current.current_revision, status: current.status };
  }
  const revision = base + 1;
  const approved = input.mode === "approved";
  const status: WorkflowStatus = approved ? "approved" : "draft";
  const working = {
    title,
    field_code: fieldCode,
    search_text: searchText,
    list_tags: listTags,
    status,
    current_revision: revision,
    body: serializedBody,
    body_hash: bodyHash,
    updated_at: now,
  };
  const inForce = approved
    ? {
        in_force_revision: revision,
        in_force_title: title,
        in_force_field_code: fieldCode,
        in_force_list_tags: listTags,
        retired_from: null,
        retire_reason: null,
      }
    : {};

  if (current) {
    const updated = await db
      .updateTable("documents")
      .set({ ...working, ...inForce })
      .where("kind", "=", input.kind)
      .where("key", "=", key)
      .where("current_revision", "=", base)
      // The status it saw too: a submit or a retirement in between (same revision) is not undone by this save.
      .where("status", "=", current.status)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { outcome: "conflict", revision: base };
  } else {
    const inserted = await db
      .insertInto("documents")
      .values({ unit_code: unit, kind: input.kind, key, created_at: now, ...working, ...inForce })
      .onConflict((oc) => oc.columns(["unit_code", "kind", "key"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return { outcome: "conflict", revision: 0 };
  }
  await db
    .insertInto("revisions")
    .values({
      unit_code: unit,
      kind: input.kind,
      key,
      revision,
      status,
      body: serializedBody,
      body_hash: bodyHash,
      author: input.author,
      note: input.note,
      created_at: now,
      ...(approved ? { approved_by: input.author, approved_at: now, approval_rule: "catalog_import" } : {}),
    })
    .execute();
  await appendAudit(db, {
    actor: input.author,
    action: current ? "document.update" : "document.create",
    document: { kind: input.kind, key, revision },
    summary:
      `${current ? "Sửa" : "Tạo"} «${title}» (phiên bản ${revision}` +
      `${approved ? "; nạp từ tệp danh mục, có hiệu lực ngay (quy tắc catalog_import)" : ""})${input.note ? `: ${input.note}` : ""}`,
    now: input.now,
  });
  return { outcome: current ? "updated" : "created", revision };
}

// ---------------------------------------------------------------------------------------------
// The revision in force: what public pages and exports read

export interface InForceSummary {
  /** The unit the document belongs to (a commune reads its province's too). */
  unit: string;
  kind: DocumentKind;
  key: string;
  title: string;
  fieldCode: string | null;
  revision: number;
  /** When the revision in force was approved. */
  approvedAt: string;
}

export interface InForceDocument<T = Record<string, unknown>> extends InForceSummary {
  body: T;
  /** The date from which it no longer applies, when retired. */
  retiredFrom: string | null;
}

/** Retired documents stop being in force on their effective date (YYYY-MM-DD, Vietnam time). */
const stillInForce = (today: string) => (eb: any) => eb.or([eb("d.retired_from", "is", null), eb("d.retired_from", ">", today)]);

/** Documents of a kind joined with their revision in force (documents never approved are left out). */
export function inForceRows(db: DB, filter: { kind: DocumentKind; keys?: string[]; today?: string }) {
  let query = db
    .selectFrom("documents as d")
    .innerJoin("revisions as r", (join) =>
      join
        .onRef("r.unit_code", "=", "d.unit_code")
        .onRef("r.kind", "=", "d.kind")
        .onRef("r.key", "=", "d.key")
        .onRef("r.revision", "=", "d.in_force_revision"),
    )
    .select([
      "d.unit_code",
      "d.kind",
      "d.key",
      "d.in_force_title",
      "d.in_force_field_code",
      "d.in_force_revision",
      "d.in_force_list_tags",
      "d.retired_from",
      "r.approved_at",
      "r.created_at",
    ])
    .where("d.kind", "=", filter.kind);
  if (filter.keys) query = query.where("d.key", "in", filter.keys);
  if (filter.today) query = query.where(stillInForce(filter.today));
  return query.orderBy("d.key");
}

function toInForceSummary(r: {
  unit_code: string;
  kind: string;
  key: string;
  in_force_title: string | null;
  in_force_field_code: string | null;
  in_force_revision: number | null;
  approved_at: string | null;
  created_at: string;
}): InForceSummary {
  return {
    unit: r.unit_code,
    kind: r.kind as DocumentKind,
    key: r.key,
    title: r.in_force_title ?? r.key,
    fieldCode: r.in_force_field_code,
    revision: r.in_force_revision ?? 0,
    approvedAt: r.approved_at ?? r.created_at,
  };
}

/**
 * The documents of a kind in force on `today`, from the indexed columns of their revision in force (no body is
 * read). `withoutTag` leaves out documents whose revision in force has that facet (e.g. repealed procedures).
 */
export async function listInForce(db: DB, filter: { kind: DocumentKind; today: string; withoutTag?: string }): Promise<InForceSummary[]> {
  let query = inForceRows(db, filter);
  if (filter.withoutTag !== undefined) query = query.where(containsText("d.in_force_list_tags", filter.withoutTag, { around: " ", negate: true }));
  return (await query.execute()).map(toInForceSummary);
}

/**
 * The revisions in force of a kind's documents (all, or those with `keys`), with their bodies. With `today`,
 * documents retired by then are left out; without it, they are included with their `retiredFrom`.
 */
export async function getInForceDocuments<T = Record<string, unknown>>(
  db: DB,
  filter: { kind: DocumentKind; keys?: string[]; today?: string },
): Promise<InForceDocument<T>[]> {
  if (filter.keys && filter.keys.length === 0) return [];
  const rows = await inForceRows(db, filter).select("r.body").execute();
  return rows.map((r) => ({ ...toInForceSummary(r), retiredFrom: r.retired_from, body: JSON.parse(r.body) as T }));
}

export async function getInForceDocument<T = Record<string, unknown>>(
  db: DB,
  ref: { kind: DocumentKind; key: string; today?: string },
): Promise<InForceDocument<T> | null> {
  const [found] = await getInForceDocuments<T>(db, { kind: ref.kind, keys: [ref.key], today: ref.today });
  return found ?? null;
}

/**
 * A commune of the handle's province that has a document of its own with this key, or null. Keys are unique within
 * a province and its communes (a commune reads the province's documents beside its own), so a province does not
 * create one a commune already uses. Raw SQL on purpose: the province's scoped handle does not read its communes'.
 */
export async function communeUsingKey(db: DB, ref: { kind: DocumentKind; key: string }): Promise<string | null> {
  const { rows } = await sql<{ unit_code: string }>`
    select d.unit_code from documents d join units u on u.code = d.unit_code
    where u.parent_code = ${unitOf(db)} and d.kind = ${ref.kind} and d.key = ${ref.key} limit 1`.execute(db);
  return rows[0]?.unit_code ?? null;
}

/**
 * The working state of a document the handle's unit owns, for a step or a delete to start from; null when the unit
 * has no such document of its own (one it only inherits from its province is read, never changed, here).
 */
export async function ownWorkingState(db: DB, ref: { kind: DocumentKind; key: string }) {
  const row = await db
    .selectFrom("documents")
    .select(["title", "status", "current_revision", "in_force_revision"])
    .where("unit_code", "=", unitOf(db))
    .where("kind", "=", ref.kind)
    .where("key", "=", ref.key)
    .executeTakeFirst();
  return row ?? null;
}

export type DeleteResult = { ok: true; title: string } | { ok: false; reason: "missing" | "not-draft" | "referenced"; message: string };

/**
 * Deletes a draft that was never approved and that nothing refers to (a document created by mistake), with its
 * revisions and comments: a draft never approved is not a controlled record, and the audit log keeps who deleted it, when, and at which revision.
 * Approved documents are never deleted; they are retired through the approval workflow. Pass a transaction as
 * `db` together with the referrer check (findReferrers).
 */
export async function deleteDraft(
  db: DB,
  input: { kind: DocumentKind; key: string; author: string; referrers: number; now?: Date },
): Promise<DeleteResult> {
  const current = await ownWorkingState(db, input);
  if (!current) return { ok: false, reason: "missing", message: "Không tìm thấy tài liệu" };
  const refused = {
    ok: false,
    reason: "not-draft",
    message: "Chỉ xóa được bản nháp chưa từng được duyệt; tài liệu đã duyệt được đánh dấu ngừng áp dụng qua quy trình phê duyệt",
  } as const;
  if (current.status !== "draft" || current.in_force_revision !== null) return refused;
  if (input.referrers > 0) {
    return { ok: false, reason: "referenced", message: `${input.referrers} tài liệu đang tham chiếu đến bản nháp này nên không xóa được` };
  }
  // One conditional delete: a step or a save in between (another status, an approval, a newer revision) wins.
  // Its revisions go with it (revisions_document_fk cascades); its comment thread too.
  const deleted = await db
    .deleteFrom("documents")
    .where("kind", "=", input.kind)
    .where("key", "=", input.key)
    .where("status", "=", "draft")
    .where("in_force_revision", "is", null)
    .where("current_revision", "=", current.current_revision)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) !== 1) return refused;
  await db.deleteFrom("document_comments").where("kind", "=", input.kind).where("key", "=", input.key).execute();
  await appendAudit(db, {
    actor: input.author,
    action: "document.delete",
    document: { kind: input.kind, key: input.key, revision: current.current_revision },
    summary: `Xóa bản nháp «${current.title}» (đến phiên bản ${current.current_revision})`,
    now: input.now,
  });
  return { ok: true, title: current.title };
}
