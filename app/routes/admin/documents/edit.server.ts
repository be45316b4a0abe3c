import { checkDocument } from "~/catalog/check.server";
import type { CatalogEntry } from "~/catalog/files.server";
import type { FieldProblem } from "~/domain/problems";
import { referencesIn, type DocumentKind } from "~/domain/kinds";
import { getCustomFields } from "~/models/custom-fields.server";
import { deleteDraft, getDocument, getDocuments, saveDocument, type DeleteResult } from "~/models/document.server";
import { findReferrers } from "~/models/references.server";
import type { DB } from "~/utils/db.server";
import { validateDocument } from "~/utils/validation.server";

/**
 * Saving a document from the editor: the same schema validation and catalog rules as `cli check`, against the
 * documents stored now; nothing is written unless all pass. New documents start as drafts (the approval
 * workflow decides when they reach the public pages); an existing document keeps its status.
 */

export const NEW_KEY = "new";

export type EditorSaveResult =
  | { ok: true; key: string; revision: number; outcome: "created" | "updated" | "unchanged" }
  | { ok: false; problems: FieldProblem[] };

/** The stored documents the rules for `body` may look at: what it refers to, legal documents, ISO codes. */
async function neighbours(db: DB, kind: DocumentKind, body: Record<string, unknown>): Promise<CatalogEntry[]> {
  const keysByKind = new Map<DocumentKind, Set<string>>();
  for (const ref of referencesIn(kind, body)) keysByKind.set(ref.kind, (keysByKind.get(ref.kind) ?? new Set()).add(ref.key));
  const loads = [...keysByKind].map(([k, keys]) => getDocuments(db, { kind: k, keys: [...keys] }));
  loads.push(getDocuments(db, { kind: "legal-document" }));
  if (kind === "process" || kind === "quality") loads.push(getDocuments(db, { kind: "process" }), getDocuments(db, { kind: "quality" }));
  const documents = (await Promise.all(loads)).flat();
  return documents.map((d) => ({ kind: d.kind, file: `${d.kind}/${d.key}`, code: d.key, data: d.body }));
}

export async function saveFromEditor(
  db: DB,
  input: { kind: DocumentKind; key: string; body: unknown; note: string; author: string },
): Promise<EditorSaveResult> {
  const { kind } = input;
  const validation = validateDocument(kind, input.body, await getCustomFields(db, kind));
  if (!validation.ok) {
    return { ok: false, problems: validation.errors };
  }
  const body = validation.value;
  const code = body.code;
  const isNew = input.key === NEW_KEY;
  const codeProblem = (message: string): EditorSaveResult => ({ ok: false, problems: [{ pointer: "/code", fieldTitle: "Mã", message }] });
  if (isNew) {
    if (code === NEW_KEY) return codeProblem(`Mã «${NEW_KEY}» được dành cho trang tạo mới; hãy chọn mã khác`);
    const existing = await getDocument(db, { kind, key: code });
    if (existing) return codeProblem(`Mã «${code}» đã được dùng cho «${existing.title}»`);
  } else if (code !== input.key) {
    return codeProblem(`Không đổi được mã sau khi tạo (mã hiện tại: «${input.key}»): mã dùng trong đường dẫn và tham chiếu`);
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
      statusIfNew: "draft",
    }),
  );
  return { ok: true, key: code, ...saved };
}

/** Deletes a draft nothing refers to, checking the referrers in the same transaction as the delete. */
export async function deleteFromEditor(db: DB, input: { kind: DocumentKind; key: string; author: string }): Promise<DeleteResult> {
  return db.transaction().execute(async (trx) => {
    const referrers = await findReferrers(trx, { kind: input.kind, key: input.key });
    return deleteDraft(trx, { ...input, referrers: referrers.length });
  });
}
