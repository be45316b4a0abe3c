/**
 * Document control of ISO documents (TCVN ISO 9001:2015 §7.5; docs/decisions/019-iso-documents.md): a change to
 * a document in force is a new issue. Its number is the one after the issue in force, set here whatever the
 * editor sent ("00" → "01"), and it carries a line in the change log (Bảng theo dõi sửa đổi): the one the
 * officer wrote, or one made from the save's note. Without either the save is refused, naming the field.
 */

import type { DocumentControl } from "../generated/process";
import type { FieldProblem } from "./problems";

/** A process or the quality document: what document control reads and sets. */
interface Controlled {
  documentControl?: DocumentControl;
  [key: string]: unknown;
}

export const ISSUE_MAX = 99;

/** "00" → "01"; null after 99 (the schema's two digits). */
export function nextIssue(issue: string): string | null {
  const next = Number(issue) + 1;
  return Number.isInteger(next) && next <= ISSUE_MAX ? String(next).padStart(2, "0") : null;
}

export type ControlResult = { ok: true; body: Controlled } | { ok: false; problems: FieldProblem[] };

/**
 * The body to save for a change of `inForce` (null: the document was never approved, its first issue is as
 * written). `note` is the save's note, `author` who saves, `today` YYYY-MM-DD.
 */
export function controlNewIssue(inForce: Controlled | null, body: Controlled, input: { note: string; author: string; today: string }): ControlResult {
  const current = inForce?.documentControl;
  const control = body.documentControl;
  if (!current || !control) return { ok: true, body };
  const issue = nextIssue(current.issue);
  if (issue === null) {
    return { ok: false, problems: [{ pointer: "/documentControl/issue", fieldTitle: "Kiểm soát tài liệu › Lần ban hành", message: `Đã đến lần ban hành ${current.issue}, lần cuối cùng có hai chữ số: hãy ban hành tài liệu mới với mã hiệu mới` }] };
  }
  const changes = control.changes ?? [];
  const hasLine = changes.some((c) => c.issue === issue && c.description.trim() !== "");
  const note = input.note.trim();
  if (!hasLine && !note) {
    return {
      ok: false,
      problems: [
        {
          pointer: "/documentControl/changes",
          fieldTitle: "Kiểm soát tài liệu › Bảng theo dõi sửa đổi",
          message: `Sửa tài liệu đang hiệu lực là ban hành lần ${issue}: hãy ghi nội dung sửa đổi (thêm một dòng lần ban hành ${issue} vào bảng theo dõi sửa đổi, hoặc ghi vào ô ghi chú khi lưu)`,
        },
      ],
    };
  }
  const line = { issue, date: input.today, description: note, by: input.author };
  return {
    ok: true,
    body: {
      ...body,
      documentControl: {
        ...control,
        issue,
        changes: hasLine ? changes : [...changes.filter((c) => c.issue !== issue), line],
      },
    },
  };
}
