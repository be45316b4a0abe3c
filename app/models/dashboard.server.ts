import type { DocumentKind } from "~/domain/kinds";
import type { WorkflowStatus } from "~/domain/workflow";
import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database, DB, DocumentCommentsTable, DocumentsTable } from "~/utils/db.server";

/**
 * What the admin home shows each officer: their drafts, what waits for their review, what was returned to them
 * (with the comment), what was approved lately, and which documents have a draft newer than the version in force.
 * Lists are short (the newest first, at most LIMIT each) and read only indexed columns and the comment thread.
 */

export interface DashboardItem {
  kind: DocumentKind;
  key: string;
  title: string;
  status: WorkflowStatus;
  revision: number;
  inForceRevision: number | null;
  /** When and by whom the relevant event happened (last save, submission, return, approval). */
  at: string;
  by: string | null;
  /** The comment that goes with it (a return's reason, a submission's note). */
  text: string | null;
}

const LIMIT = 20;

/**
 * Documents with a given status whose newest workflow step (on their current revision) was `action`, with that
 * step's author, time and note: one row per document, newest first.
 */
async function withLastStep(db: DB, status: WorkflowStatus, action: string, limit: number, also?: (eb: ExpressionBuilder<Database & { d: DocumentsTable; c: DocumentCommentsTable }, "d" | "c">) => Expression<SqlBool>) {
  let query = db
    .selectFrom("documents as d")
    .innerJoin("document_comments as c", (join) => join.onRef("c.unit_code", "=", "d.unit_code").onRef("c.kind", "=", "d.kind").onRef("c.key", "=", "d.key").onRef("c.revision", "=", "d.current_revision"))
    .select(["d.kind", "d.key", "d.title", "d.status", "d.current_revision", "d.in_force_revision", "c.created_at", "c.author", "c.text", "c.action"])
    .where("d.status", "=", status)
    .where("c.action", "=", action)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("document_comments as later")
            .select("later.id")
            .whereRef("later.kind", "=", "c.kind")
            .whereRef("later.key", "=", "c.key")
            .where("later.action", "!=", "comment")
            .whereRef("later.seq", ">", "c.seq"),
        ),
      ),
    )
    .orderBy("c.seq", "desc")
    .limit(limit);
  if (also) query = query.where(also);
  return query.execute();
}

export async function getDashboard(db: DB, user: { username: string; canApprove: boolean }) {
  const item = (r: { kind: string; key: string; title: string; status: WorkflowStatus; current_revision: number; in_force_revision: number | null }, at: string, by: string | null, text: string | null): DashboardItem => ({
    kind: r.kind as DocumentKind,
    key: r.key,
    title: r.title,
    status: r.status,
    revision: r.current_revision,
    inForceRevision: r.in_force_revision,
    at,
    by,
    text,
  });

  // Drafts whose newest revision I saved.
  const mine = await db
    .selectFrom("documents as d")
    .innerJoin("revisions as r", (join) => join.onRef("r.unit_code", "=", "d.unit_code").onRef("r.kind", "=", "d.kind").onRef("r.key", "=", "d.key").onRef("r.revision", "=", "d.current_revision"))
    .select(["d.kind", "d.key", "d.title", "d.status", "d.current_revision", "d.in_force_revision", "r.created_at", "r.author"])
    .where("d.status", "=", "draft")
    .where("r.author", "=", user.username)
    .orderBy("r.created_at", "desc")
    .limit(LIMIT)
    .execute();

  const waiting = user.canApprove ? await withLastStep(db, "in_review", "submit", LIMIT) : [];

  // Returned drafts I had written part of (any revision since the one in force).
  const returned = await withLastStep(db, "draft", "return", LIMIT, (eb) =>
    eb.exists(
      eb
        .selectFrom("revisions as mine")
        .select("mine.revision")
        .whereRef("mine.kind", "=", "d.kind")
        .whereRef("mine.key", "=", "d.key")
        .where("mine.author", "=", user.username)
        .where((w) => w.or([w("d.in_force_revision", "is", null), w("mine.revision", ">", w.ref("d.in_force_revision"))])),
    ),
  );

  const approved = await db
    .selectFrom("revisions as r")
    .innerJoin("documents as d", (join) => join.onRef("d.unit_code", "=", "r.unit_code").onRef("d.kind", "=", "r.kind").onRef("d.key", "=", "r.key"))
    .select(["d.kind", "d.key", "d.title", "d.status", "d.current_revision", "d.in_force_revision", "r.revision", "r.approved_at", "r.approved_by", "r.approval_rule"])
    .where("r.approved_at", "is not", null)
    .where("r.approval_rule", "!=", "catalog_import")
    .orderBy("r.approved_at", "desc")
    .limit(LIMIT)
    .execute();

  const newerDrafts = await db
    .selectFrom("documents as d")
    .select(["d.kind", "d.key", "d.title", "d.status", "d.current_revision", "d.in_force_revision", "d.updated_at"])
    .where("d.status", "in", ["draft", "in_review"])
    .where("d.in_force_revision", "is not", null)
    .orderBy("d.updated_at", "desc")
    .limit(LIMIT)
    .execute();

  return {
    mine: mine.map((r) => item(r, r.created_at, r.author, null)),
    waiting: waiting.map((r) => item(r, r.created_at, r.author, r.text || null)),
    returned: returned.map((r) => item(r, r.created_at, r.author, r.text || null)),
    approved: approved.map((r) => ({ ...item(r, r.approved_at ?? "", r.approved_by, null), revision: r.revision })),
    newerDrafts: newerDrafts.map((r) => item(r, r.updated_at, null, null)),
  };
}
