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
  options: { dir: string; author: string; note?: string },
): Promise<ImportResult> {
  const { entries, problems } = checkCatalog(options.dir);
  if (problems.length > 0) return { ok: false, problems };

  const counts = { created: 0, updated: 0, unchanged: 0 };
  await db.transaction().execute(async (trx) => {
    for (const entry of entries) {
      const result = await saveDocument(trx, {
        kind: entry.kind,
        body: entry.data,
        author: options.author,
        note: options.note ?? `Nhập từ danh mục ${options.dir}`,
        statusIfNew: "approved",
      });
      counts[result.outcome] += 1;
    }
  });
  return { ok: true, ...counts };
}
