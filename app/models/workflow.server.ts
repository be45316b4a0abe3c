import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { isCalendarDate } from "~/domain/query";
import { KINDS, referencesIn, type DocumentKind } from "~/domain/kinds";
import { truncateText } from "~/domain/limits";
import { formatDate, todayInVietnam } from "~/domain/format";
import { COMMENT_MAX, SELF_APPROVAL_SETTING, TRANSITIONS, type ApprovalRule, type WorkflowAction, type WorkflowStatus } from "~/domain/workflow";
import { lockForAppend, type DB } from "~/utils/db.server";
import { unitOf } from "~/utils/unit-scope.server";
import { appendAudit, type AuditAction } from "./audit.server";
import { inForceRows, ownWorkingState } from "./document.server";
import { containsText } from "./search.server";
import { approvedVersions } from "./versions.server";

/** The documents the working revision refers to that have no revision in force on `today` ("Phí, lệ phí «x»"). */
async function referencesNotInForce(db: DB, kind: DocumentKind, key: string, today: string): Promise<string[]> {
  const row = await db.selectFrom("documents").select("body").where("kind", "=", kind).where("key", "=", key).executeTakeFirst();
  if (!row) return [];
  const refs = referencesIn(kind, JSON.parse(row.body));
  const missing = new Set<string>();
  for (const ref of refs) {
    const target = await db
      .selectFrom("documents")
      .select(["in_force_revision", "retired_from"])
      .where("kind", "=", ref.kind)
      .where("key", "=", ref.key)
      .executeTakeFirst();
    const inForce = target && target.in_force_revision !== null && (target.retired_from === null || target.retired_from > today);
    if (!inForce) missing.add(`${KINDS[ref.kind].label} «${ref.key}»`);
  }
  return [...missing];
}

/** Whether a procedure in force lists the form among its dossier components or results. */
export async function usedByProceduresInForce(db: DB, formCode: string): Promise<boolean> {
  const rows = await inForceRows(db, { kind: "procedure" })
    .select("r.body")
    .where(containsText("r.body", JSON.stringify(formCode)))
    .execute();
  // The registry knows where a procedure names its forms (dossier components, results).
  return rows.some((row) => referencesIn("procedure", JSON.parse(row.body)).some((ref) => ref.kind === "form" && ref.key === formCode));
}

/**
 * The approval workflow's steps on stored documents (docs/decisions/007-workflow.md). Each step is one
 * conditional update on the status and revision the officer saw (so a step on a page gone stale is refused, never
 * applied to something else), its note in the document's comment thread, and its audit entry, in one transaction.
 * Permissions are checked by the route (requireUser with TRANSITIONS[action].permission); the rules that depend
 * on the data (self-approval, required texts, dates) are checked here.
 */

export interface Comment {
  id: string;
  revision: number;
  action: WorkflowAction | "comment";
  author: string;
  text: string;
  createdAt: string;
}

/**
 * The next entry's number (inside the writing transaction: writers are serialised, and `seq` is unique across
 * every unit). Raw SQL on purpose: a unit-scoped handle would see only its own unit's thread, and two units
 * would then take the same number.
 */
async function nextCommentSeq(db: DB): Promise<number> {
  await lockForAppend(db, "document_comments");
  const { rows } = await sql<{ n: number | string | null }>`select max(seq) as n from document_comments`.execute(db);
  return Number(rows[0]?.n ?? 0) + 1;
}

/** One entry of a document's thread, in the handle's unit, numbered after every unit's entries. */
async function insertComment(
  db: DB,
  entry: { kind: DocumentKind; key: string; revision: number; action: Comment["action"]; author: string; text: string; createdAt: string },
) {
  await db
    .insertInto("document_comments")
    .values({
      id: randomUUID(),
      seq: await nextCommentSeq(db),
      unit_code: unitOf(db),
      kind: entry.kind,
      key: entry.key,
      revision: entry.revision,
      action: entry.action,
      author: entry.author,
      text: entry.text,
      created_at: entry.createdAt,
    })
    .execute();
}

export async function listComments(db: DB, ref: { kind: DocumentKind; key: string }): Promise<Comment[]> {
  const rows = await db.selectFrom("document_comments").selectAll().where("kind", "=", ref.kind).where("key", "=", ref.key).orderBy("seq").execute();
  return rows.map((r) => ({
    id: r.id,
    revision: r.revision,
    action: r.action as Comment["action"],
    author: r.author,
    text: r.text,
    createdAt: r.created_at,
  }));
}

export async function getSetting(db: DB, name: string): Promise<string | null> {
  const row = await db.selectFrom("settings").select("value").where("name", "=", name).executeTakeFirst();
  return row?.value ?? null;
}

export async function allowsSelfApproval(db: DB): Promise<boolean> {
  return (await getSetting(db, SELF_APPROVAL_SETTING)) === "true";
}

/** Turns the self-approval rule on or off (an admin's decision for a small commune), audited. */
export async function setSelfApproval(db: DB, input: { allowed: boolean; actor: string; now?: Date }): Promise<void> {
  const now = (input.now ?? new Date()).toISOString();
  const value = input.allowed ? "true" : "false";
  await db
    .insertInto("settings")
    .values({ name: SELF_APPROVAL_SETTING, value, updated_by: input.actor, updated_at: now })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value, updated_by: input.actor, updated_at: now }))
    .execute();
  await appendAudit(db, {
    actor: input.actor,
    action: "settings.update",
    summary: input.allowed
      ? "Cho phép người soạn tự phê duyệt tài liệu của mình (đơn vị nhỏ)"
      : "Bật lại quy tắc bốn mắt: người duyệt phải khác người soạn",
    now: input.now,
  });
}

export type StepResult =
  { ok: true; status: WorkflowStatus; message: string } | { ok: false; field: "text" | "effectiveFrom" | "_form"; message: string };

const AUDIT_OF: Record<WorkflowAction, AuditAction> = {
  submit: "document.submit",
  withdraw: "document.withdraw",
  approve: "document.approve",
  return: "document.return",
  retire: "document.retire",
};

/**
 * Moves a document one step: `revision` is the working revision the officer saw; `text` the note (required to
 * return or retire); `effectiveFrom` the retirement's date (YYYY-MM-DD). Run it inside a transaction.
 */
export async function applyStep(
  db: DB,
  input: {
    kind: DocumentKind;
    key: string;
    action: WorkflowAction;
    revision: number;
    actor: string;
    text: string;
    effectiveFrom?: string;
    now?: Date;
  },
): Promise<StepResult> {
  const rule = TRANSITIONS[input.action];
  const text = input.text.trim();
  if (rule.textRequired && text === "") return { ok: false, field: "text", message: `Hãy ghi «${rule.textLabel.replace(/ \(bắt buộc\)$/, "")}»` };
  if (text.length > COMMENT_MAX) return { ok: false, field: "text", message: `Nội dung không dài quá ${COMMENT_MAX} ký tự (hiện có ${text.length})` };
  if (input.action === "retire" && !(input.effectiveFrom && isCalendarDate(input.effectiveFrom))) {
    return { ok: false, field: "effectiveFrom", message: "Hãy nhập «Ngừng áp dụng từ ngày» là một ngày có thật, dạng ngày/tháng/năm" };
  }

  const current = await ownWorkingState(db, input);
  if (!current) return { ok: false, field: "_form", message: "Không tìm thấy tài liệu" };
  const stale = { ok: false, field: "_form", message: "Tài liệu vừa được thay đổi trên một trang khác; hãy tải lại trang rồi thử lại" } as const;
  if (current.status !== rule.from || current.current_revision !== input.revision) return stale;

  const now = (input.now ?? new Date()).toISOString();
  // A new version of a form applies from a date: required when procedures in force use the form.
  let effectiveFrom: string | null = null;
  if (input.action === "approve" && input.kind === "form") {
    const typed = input.effectiveFrom;
    if (typed !== undefined && !isCalendarDate(typed)) {
      return { ok: false, field: "effectiveFrom", message: "Hãy nhập «Phiên bản mới áp dụng từ ngày» là một ngày có thật, dạng ngày/tháng/năm" };
    }
    if (typed === undefined && (await usedByProceduresInForce(db, input.key))) {
      return {
        ok: false,
        field: "effectiveFrom",
        message: "Biểu mẫu đang được thủ tục sử dụng: hãy nhập «Phiên bản mới áp dụng từ ngày» của phiên bản mới",
      };
    }
    const previous = (await approvedVersions(db, { kind: "form", key: input.key })).at(-1);
    if (typed !== undefined && previous && typed < previous.from) {
      return {
        ok: false,
        field: "effectiveFrom",
        message: `«Phiên bản mới áp dụng từ ngày» không được trước ngày áp dụng của phiên bản trước (${formatDate(previous.from)})`,
      };
    }
    effectiveFrom = typed ?? null;
  }
  let approvalRule: ApprovalRule | null = null;
  if (input.action === "approve") {
    // What it refers to must be in force itself, or the public page would silently leave it out.
    const missing = await referencesNotInForce(db, input.kind, input.key, todayInVietnam(input.now));
    if (missing.length > 0) {
      return {
        ok: false,
        field: "_form",
        message: `Chưa duyệt được: tài liệu được tham chiếu chưa có phiên bản đang áp dụng: ${missing.join(", ")}`,
      };
    }
    // The four-eyes rule: whoever wrote any revision since the one in force may not approve it.
    const authors = await db
      .selectFrom("revisions")
      .select("author")
      .distinct()
      .where("kind", "=", input.kind)
      .where("key", "=", input.key)
      .where("revision", ">", current.in_force_revision ?? 0)
      .execute();
    const authored = authors.some((a) => a.author === input.actor);
    if (authored && !(await allowsSelfApproval(db))) {
      return {
        ok: false,
        field: "_form",
        message: "Bạn đã soạn một phần nội dung đang chờ duyệt nên không thể tự phê duyệt (quy tắc bốn mắt); hãy nhờ lãnh đạo khác duyệt",
      };
    }
    approvalRule = authored ? "self_approval_allowed" : "four_eyes";
  }

  const documentChange =
    input.action === "approve"
      ? {
          status: rule.to,
          in_force_revision: current.current_revision,
          in_force_title: current.title,
          // The list columns of the working revision become those of the revision in force.
          in_force_field_code: (eb: any) => eb.ref("field_code"),
          in_force_list_tags: (eb: any) => eb.ref("list_tags"),
        }
      : input.action === "retire"
        ? { status: rule.to, retired_from: input.effectiveFrom!, retire_reason: truncateText(text, COMMENT_MAX) }
        : { status: rule.to };
  const updated = await db
    .updateTable("documents")
    .set(documentChange as never)
    .where("kind", "=", input.kind)
    .where("key", "=", input.key)
    .where("status", "=", rule.from)
    .where("current_revision", "=", input.revision)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return stale;

  if (input.action !== "retire") {
    await db
      .updateTable("revisions")
      .set(
        input.action === "approve"
          ? { status: "approved", approved_by: input.actor, approved_at: now, approval_rule: approvalRule, effective_from: effectiveFrom }
          : { status: rule.to },
      )
      .where("kind", "=", input.kind)
      .where("key", "=", input.key)
      .where("revision", "=", input.revision)
      .execute();
  }
  // Every step shows in the thread, with its note when there is one.
  await insertComment(db, { kind: input.kind, key: input.key, revision: input.revision, action: input.action, author: input.actor, text, createdAt: now });
  const label = KINDS[input.kind].label.toLowerCase();
  const extra =
    input.action === "approve"
      ? `; quy tắc: ${approvalRule === "four_eyes" ? "người duyệt khác người soạn" : "người soạn tự duyệt (đơn vị cho phép)"}${effectiveFrom ? `; áp dụng từ ngày ${formatDate(effectiveFrom)}` : ""}`
      : input.action === "retire"
        ? `; từ ngày ${formatDate(input.effectiveFrom!)}`
        : "";
  await appendAudit(db, {
    actor: input.actor,
    action: AUDIT_OF[input.action],
    document: { kind: input.kind, key: input.key, revision: input.revision },
    summary: truncateText(`${rule.done} ${label} «${current.title}» (phiên bản ${input.revision}${extra})${text ? `: ${text}` : ""}`, 1000),
    now: input.now,
  });
  return { ok: true, status: rule.to, message: `${rule.done} «${current.title}» (phiên bản ${input.revision}).` };
}

/** A plain comment on a document's thread (no step), audited. */
export async function addComment(
  db: DB,
  input: { kind: DocumentKind; key: string; actor: string; text: string; now?: Date },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const text = input.text.trim();
  if (text === "") return { ok: false, message: "Hãy viết nội dung góp ý" };
  if (text.length > COMMENT_MAX) return { ok: false, message: `Góp ý không dài quá ${COMMENT_MAX} ký tự (hiện có ${text.length})` };
  const current = await ownWorkingState(db, input);
  if (!current) return { ok: false, message: "Không tìm thấy tài liệu" };
  const now = (input.now ?? new Date()).toISOString();
  await insertComment(db, { kind: input.kind, key: input.key, revision: current.current_revision, action: "comment", author: input.actor, text, createdAt: now });
  await appendAudit(db, {
    actor: input.actor,
    action: "document.comment",
    document: { kind: input.kind, key: input.key, revision: current.current_revision },
    summary: truncateText(`Góp ý trên «${current.title}»: ${text}`, 1000),
    now: input.now,
  });
  return { ok: true };
}
