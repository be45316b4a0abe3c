import { checkDocument } from "~/catalog/check.server";
import { controlNewIssue } from "~/domain/document-control";
import { todayInVietnam } from "~/domain/format";
import type { CatalogEntry } from "~/catalog/files.server";
import type { FieldProblem } from "~/domain/problems";
import { isDocumentKind, referencesIn, type DocumentKind } from "~/domain/kinds";
import type { LocalOverride } from "~/generated";
import { getCustomFields } from "~/models/custom-fields.server";
import { communeUsingKey, deleteDraft, getDocument, getDocuments, getInForceDocument, getInForceDocuments, listRevisions, saveDocument, type DeleteResult } from "~/models/document.server";
import { allowsSelfApproval, listComments } from "~/models/workflow.server";
import { approvedVersions } from "~/models/versions.server";
import { can, type Role } from "~/domain/permissions";
import { TRANSITIONS, WORKFLOW_ACTIONS } from "~/domain/workflow";
import { findReferrers } from "~/models/references.server";
import type { DB } from "~/utils/db.server";
import { unitOf } from "~/utils/unit-scope.server";
import { validateDocument } from "~/utils/validation.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { applyMerge, mergeByField, type FieldMerge, type Side } from "~/domain/merge";

/**
 * Saving a document from the editor: the same schema validation and catalog rules as `cli check`, against the
 * documents stored now; nothing is written unless all pass. New documents start as drafts (the approval
 * workflow decides when they reach the public pages); an existing document keeps its status.
 */

export const NEW_KEY = "new";

export type EditorSaveResult =
  | { ok: true; key: string; revision: number; outcome: "created" | "updated" | "unchanged" }
  | { ok: false; problems: FieldProblem[]; conflict?: EditorConflict };

/** Someone saved the document after the revision this edit started from. */
export interface EditorConflict {
  /** The revision the officer started from, and the newest one now. */
  baseRevision: number;
  latestRevision: number;
  latestAuthor: string | null;
  latestAt: string | null;
  /** The fields each side changed since the base, by title; conflicts are the ones both changed. */
  fields: FieldMerge[];
}

/** The stored documents the rules for `body` may look at: what it refers to, legal documents, ISO codes. */
async function neighbours(db: DB, kind: DocumentKind, body: Record<string, unknown>): Promise<CatalogEntry[]> {
  const keysByKind = new Map<DocumentKind, Set<string>>();
  for (const ref of referencesIn(kind, body)) keysByKind.set(ref.kind, (keysByKind.get(ref.kind) ?? new Set()).add(ref.key));
  const loads: Promise<{ kind: DocumentKind; key: string; body: Record<string, unknown> }[]>[] = [...keysByKind].map(([k, keys]) =>
    getDocuments(db, { kind: k, keys: [...keys] }),
  );
  loads.push(getDocuments(db, { kind: "legal-document" }));
  if (kind === "process" || kind === "quality") loads.push(getDocuments(db, { kind: "process" }), getDocuments(db, { kind: "quality" }));
  // An override is checked against the province document as it is in force (what its values are set in).
  const target = kind === "local-override" ? (body as unknown as LocalOverride).target : null;
  if (target && isDocumentKind(target.kind)) loads.push(getInForceDocuments(db, { kind: target.kind, keys: [target.code] }));
  const documents = (await Promise.all(loads)).flat();
  return documents.map((d) => ({ kind: d.kind, file: `${d.kind}/${d.key}`, code: d.key, data: d.body }));
}

export async function saveFromEditor(
  db: DB,
  input: { kind: DocumentKind; key: string; body: unknown; note: string; author: string; baseRevision: number },
): Promise<EditorSaveResult> {
  const { kind } = input;
  const validation = validateDocument(kind, input.body, await getCustomFields(db, kind));
  if (!validation.ok) {
    return { ok: false, problems: validation.errors };
  }
  let body = validation.value;
  const code = body.code;
  const isNew = input.key === NEW_KEY;
  const codeProblem = (message: string): EditorSaveResult => ({ ok: false, problems: [{ pointer: "/code", fieldTitle: "Mã", message }] });
  if (isNew) {
    if (code === NEW_KEY) return codeProblem(`Mã «${NEW_KEY}» được dành cho trang tạo mới; hãy chọn mã khác`);
    const existing = await getDocument(db, { kind, key: code });
    if (existing) return codeProblem(`Mã «${code}» đã được dùng cho «${existing.title}»`);
    const commune = await communeUsingKey(db, { kind, key: code });
    if (commune) return codeProblem(`Mã «${code}» đã được đơn vị ${commune} dùng cho tài liệu riêng của đơn vị đó; hãy chọn mã khác`);
  } else if (code !== input.key) {
    return codeProblem(`Không đổi được mã sau khi tạo (mã hiện tại: «${input.key}»): mã dùng trong đường dẫn và tham chiếu`);
  }

  if ((kind === "process" || kind === "quality") && !isNew) {
    // A change to an ISO document in force is its next issue, with a line in its change log.
    const inForce = await getInForceDocument<Record<string, unknown>>(db, { kind, key: code });
    const controlled = controlNewIssue(inForce && inForce.unit === unitOf(db) ? inForce.body : null, body, { note: input.note, author: input.author, today: todayInVietnam() });
    if (!controlled.ok) return { ok: false, problems: controlled.problems };
    const revalidated = validateDocument(kind, controlled.body, await getCustomFields(db, kind));
    if (!revalidated.ok) return { ok: false, problems: revalidated.errors };
    body = revalidated.value;
  }

  const entry: CatalogEntry = { kind, file: `${kind}/${code}`, code, data: body };
  const problems = checkDocument(entry, await neighbours(db, kind, body));
  if (problems.length > 0) {
    return { ok: false, problems: problems.map((p) => ({ pointer: p.pointer ?? "", fieldTitle: p.fieldTitle, message: p.message })) };
  }
  const saved = await db.transaction().execute((trx) =>
    saveDocument(trx, {
      kind,
      body,
      author: input.author,
      note: input.note || (isNew ? "Tạo trên trang quản trị" : "Sửa trên trang quản trị"),
      mode: "draft",
      baseRevision: input.baseRevision,
    }),
  );
  if (saved.outcome === "locked") {
    const message =
      saved.status === "in_review"
        ? "Tài liệu đang chờ duyệt nên chưa sửa được: hãy «Rút lại để sửa» trước (hoặc chờ người duyệt trả lại)"
        : "Tài liệu đã ngừng áp dụng nên không sửa được nữa";
    return { ok: false, problems: [{ pointer: "", fieldTitle: "Tài liệu", message }] };
  }
  if (saved.outcome === "inherited") {
    const message = isNew
      ? `Mã «${code}» đã có trong danh mục của tỉnh (${saved.unit}); hãy chọn mã khác`
      : `Tài liệu này thuộc danh mục của tỉnh (${saved.unit}): xã, phường xem và áp dụng, không sửa được`;
    return { ok: false, problems: [{ pointer: isNew ? "/code" : "", fieldTitle: isNew ? "Mã" : "Tài liệu", message }] };
  }
  if (saved.outcome === "conflict") {
    if (isNew) return codeProblem(`Mã «${code}» vừa được người khác dùng để tạo tài liệu; hãy chọn mã khác`);
    const sides = await mergeSides(db, kind, code, input.baseRevision);
    if (!sides) return stalePage;
    const conflict = conflictOf(input.baseRevision, sides, mergeByField(getBundledSchema(kind), sides.base, body, sides.theirs.body));
    const who = conflict.latestAuthor ? `«${conflict.latestAuthor}»` : "Người khác";
    const message =
      `Trong lúc bạn sửa, ${who} đã lưu phiên bản ${conflict.latestRevision}; bạn bắt đầu từ phiên bản ${conflict.baseRevision}. ` +
      "Thay đổi của bạn chưa được lưu nhưng vẫn còn nguyên trên trang: hãy gộp với phiên bản mới rồi lưu lại";
    return { ok: false, problems: [{ pointer: "", fieldTitle: "Tài liệu", message }], conflict };
  }
  return { ok: true, key: code, ...saved };
}

/** Deletes a draft nothing refers to, checking the referrers in the same transaction as the delete. */
export async function deleteFromEditor(db: DB, input: { kind: DocumentKind; key: string; author: string }): Promise<DeleteResult> {
  return db.transaction().execute(async (trx) => {
    const referrers = await findReferrers(trx, { kind: input.kind, key: input.key });
    return deleteDraft(trx, { ...input, referrers: referrers.length });
  });
}

/** The page is older than anything that can be merged (no revision it started from): reload. */
const stalePage: EditorSaveResult = {
  ok: false,
  problems: [{ pointer: "", fieldTitle: "Tài liệu", message: "Trang đã cũ so với tài liệu đã lưu; hãy tải lại trang (những gì bạn gõ vẫn còn trên trang, hãy chép lại trước)" }],
};

type MergeSides = NonNullable<Awaited<ReturnType<typeof mergeSides>>>;

function conflictOf(baseRevision: number, sides: MergeSides, fields: FieldMerge[]): EditorConflict {
  return { baseRevision, latestRevision: sides.theirs.revision, latestAuthor: sides.theirs.author, latestAt: sides.theirs.createdAt, fields };
}

/** The revision an edit started from and the newest one, with their bodies (null when the start is unknown). */
async function mergeSides(db: DB, kind: DocumentKind, key: string, baseRevision: number) {
  const rows = await db
    .selectFrom("revisions")
    .select(["revision", "author", "created_at", "body"])
    .where("kind", "=", kind)
    .where("key", "=", key)
    .where((eb) => eb.or([eb("revision", "=", baseRevision), eb("revision", "=", eb.selectFrom("documents").select("current_revision").where("kind", "=", kind).where("key", "=", key))]))
    .orderBy("revision")
    .execute();
  const base = rows.find((r) => r.revision === baseRevision);
  const latest = rows.at(-1);
  if (!base || !latest) return null;
  return {
    base: JSON.parse(base.body) as Record<string, unknown>,
    theirs: { revision: latest.revision, author: latest.author, createdAt: latest.created_at, body: JSON.parse(latest.body) as Record<string, unknown> },
  };
}

/**
 * Saves an edit refused as a conflict, merged by field with the revision saved meanwhile: fields only the
 * officer changed are taken from their edit, the others from the newest revision, and each field both changed
 * as `choices` says. The result is saved on the newest revision, through every check of a normal save.
 */
export async function mergeFromEditor(
  db: DB,
  input: { kind: DocumentKind; key: string; mine: unknown; baseRevision: number; choices: Record<string, Side>; note: string; author: string },
): Promise<EditorSaveResult> {
  if (!input.mine || typeof input.mine !== "object" || Array.isArray(input.mine)) {
    return { ok: false, problems: [{ pointer: "", fieldTitle: "Tài liệu", message: "Không đọc được dữ liệu gửi lên; hãy tải lại trang" }] };
  }
  const mine = input.mine as Record<string, unknown>;
  const sides = await mergeSides(db, input.kind, input.key, input.baseRevision);
  if (!sides) return stalePage;
  const fields = mergeByField(getBundledSchema(input.kind), sides.base, mine, sides.theirs.body);
  const merged = applyMerge(fields, mine, sides.theirs.body, input.choices);
  if (!merged.ok) {
    return {
      ok: false,
      problems: merged.unresolved.map((f) => ({ pointer: "", fieldTitle: f.title, message: `Hãy chọn giữ bản nào cho «${f.title}»` })),
      conflict: conflictOf(input.baseRevision, sides, fields),
    };
  }
  const note = input.note || `Gộp với phiên bản ${sides.theirs.revision} của ${sides.theirs.author}`;
  return saveFromEditor(db, { kind: input.kind, key: input.key, body: merged.body, note, author: input.author, baseRevision: sides.theirs.revision });
}

/** What the workflow panel of a document's page shows and offers to this user. */
export async function workflowState(db: DB, ref: { kind: DocumentKind; key: string }, user: { username: string; roles: Role[] }) {
  const [revisions, comments, allowSelf, row, versions] = await Promise.all([
    listRevisions(db, ref),
    listComments(db, ref),
    allowsSelfApproval(db),
    db.selectFrom("documents").select(["status", "current_revision", "in_force_revision", "retired_from", "retire_reason"]).where("kind", "=", ref.kind).where("key", "=", ref.key).executeTakeFirst(),
    approvedVersions(db, ref),
  ]);
  if (!row) return null;
  const inForce = revisions.find((r) => r.revision === row.in_force_revision) ?? null;
  const pendingAuthors = [...new Set(revisions.filter((r) => r.revision > (row.in_force_revision ?? 0)).map((r) => r.author))];
  const actions = WORKFLOW_ACTIONS.filter((a) => TRANSITIONS[a].from === row.status && can(user.roles, TRANSITIONS[a].permission));
  return {
    status: row.status,
    revision: row.current_revision,
    inForce: inForce ? { revision: inForce.revision, approvedBy: inForce.approvedBy, approvedAt: inForce.approvedAt, approvalRule: inForce.approvalRule } : null,
    retired: row.retired_from ? { from: row.retired_from, reason: row.retire_reason ?? "" } : null,
    pendingAuthors,
    /** The approver wrote part of what waits for approval: approving needs the self-approval setting. */
    selfAuthored: pendingAuthors.includes(user.username),
    allowSelf,
    actions,
    canComment: can(user.roles, "catalog:edit") || can(user.roles, "catalog:approve"),
    comments,
    /** A form's new version is approved with the date it applies from. */
    datedVersions: ref.kind === "form",
    effectiveFrom: inForce ? (versions.find((v) => v.revision === inForce.revision)?.from ?? null) : null,
  };
}
