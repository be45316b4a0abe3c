import { appendAudit } from "~/models/audit.server";
import { saveDocument } from "~/models/document.server";
import type { DB } from "~/utils/db.server";
import { checkCatalog } from "./check.server";
import type { Problem } from "./problem";

export type ImportResult =
  | { ok: false; problems: Problem[] }
  | { ok: true; created: number; updated: number; unchanged: number };

/**
 * Loads a catalog folder into the database in one transaction. A catalog with any problem is refused and
 * nothing is written. Unchanged documents create no revision; a changed one creates exactly one.
 * Documents stored in the database but absent from the folder are left as they are.
 */
export async function importCatalog(
  db: DB,
  options: {
    dir: string;
    /** Username of the (existing, active) user the import is made by: the CLI checks it (`--as`). */
    author: string;
    note?: string;
    /** How the import was started, shown in the audit log. */
    via?: "cli";
  },
): Promise<ImportResult> {
  const { entries, problems } = checkCatalog(options.dir);
  if (problems.length > 0) return { ok: false, problems };

  const via = options.via === "cli" ? " qua dòng lệnh (CLI)" : "";
  const note = options.note ?? `Nhập từ danh mục ${options.dir}${via}`;
  const counts = { created: 0, updated: 0, unchanged: 0 };
  await db.transaction().execute(async (trx) => {
    for (const entry of entries) {
      const result = await saveDocument(trx, { kind: entry.kind, body: entry.data, author: options.author, note, statusIfNew: "approved" });
      counts[result.outcome] += 1;
    }
    await appendAudit(trx, {
      actor: options.author,
      action: "catalog.import",
      summary:
        `Nhập danh mục từ thư mục «${options.dir}»${via}: ${counts.created} tài liệu mới, ${counts.updated} cập nhật, ` +
        `${counts.unchanged} không đổi${options.note ? ` (${options.note})` : ""}`,
    });
  });
  return { ok: true, ...counts };
}
