import { appendAudit } from "~/models/audit.server";
import { getAllCustomFieldLists, saveCustomFields } from "~/models/custom-fields.server";
import { getInForceDocuments, saveDocument } from "~/models/document.server";
import { inTransaction, type DB } from "~/utils/db.server";
import { scopeOf } from "~/utils/unit-scope.server";
import type { CustomField } from "~/domain/custom-fields";
import { DOCUMENT_KINDS, type DocumentKind } from "~/domain/kinds";
import { checkCatalog, type CheckedCatalog } from "./check.server";
import type { CatalogEntry } from "./files.server";
import type { Problem } from "./problem";

export type ImportResult = { ok: false; problems: Problem[] } | { ok: true; created: number; updated: number; unchanged: number };

/** Thrown inside the transaction to roll it back when a check can only be made there; returned as problems. */
class ImportRefused extends Error {
  constructor(readonly problems: Problem[]) {
    super("import refused");
  }
}

/** The custom field lists stored now, as the catalog check takes them for kinds the folder has no list for. */
export async function storedCustomFields(db: DB): Promise<Map<DocumentKind, CustomField[]>> {
  return new Map([...(await getAllCustomFieldLists(db))].map(([kind, list]) => [kind, list.fields]));
}

/**
 * For a commune's own folder (`import --unit <commune>`): its province's documents in force as stored, which the
 * folder's documents refer to and override, and may not redefine (none for a province or a standalone unit).
 */
async function storedProvinceCatalog(db: DB): Promise<CatalogEntry[]> {
  const scope = scopeOf(db);
  if (!scope || scope.readable.length < 2) return [];
  const kinds = await Promise.all(DOCUMENT_KINDS.map((kind) => getInForceDocuments(db, { kind })));
  return kinds.flat().flatMap((d) => (d.unit === scope.unit ? [] : [{ kind: d.kind, file: `(danh mục của tỉnh ${d.unit}) ${d.kind}/${d.key}`, code: d.key, data: d.body }]));
}

/**
 * Loads a catalog folder into the database in one transaction. A catalog with any problem is refused and
 * nothing is written. Unchanged documents create no revision; a changed one creates exactly one.
 * Documents stored in the database but absent from the folder are left as they are. Custom field lists in the
 * folder (custom-fields/<kind>.json) become new versions; a kind without one is checked against the stored list.
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
    /** The folder already checked (checkCatalog with the stored custom field lists), e.g. as part of a province. */
    checked?: CheckedCatalog;
  },
): Promise<ImportResult> {
  const { entries, problems, customFields } =
    options.checked ?? checkCatalog(options.dir, { fallbackCustomFields: await storedCustomFields(db), inherited: await storedProvinceCatalog(db) });
  if (problems.length > 0) return { ok: false, problems };

  const via = options.via === "cli" ? " qua dòng lệnh (CLI)" : "";
  const note = options.note ?? `Nhập từ danh mục ${options.dir}${via}`;
  const counts = { created: 0, updated: 0, unchanged: 0 };
  try {
    await inTransaction(db, async (trx) => {
      for (const [kind, fields] of customFields) {
        const saved = await saveCustomFields(trx, { kind, fields, author: options.author, summary: `nhập từ danh mục «${options.dir}»${via}` });
        if (!saved.ok) {
          // E.g. the folder's list drops a field the database still has (fields are retired, never removed).
          const file = `${options.dir}/custom-fields/${kind}.json`;
          throw new ImportRefused(saved.problems.map((p) => ({ ...p, file })));
        }
      }
      for (const entry of entries) {
        // Catalog files are the approved catalog: what they hold is in force at once (docs/decisions/007-workflow.md).
        const result = await saveDocument(trx, { kind: entry.kind, body: entry.data, author: options.author, note, mode: "approved" });
        if (result.outcome === "locked") {
          const state = result.status === "draft" ? "đang có bản nháp" : result.status === "in_review" ? "đang chờ duyệt" : "đã ngừng áp dụng";
          const message = `Tài liệu này ${state} trên hệ thống; nhập từ tệp sẽ ghi đè nên bị từ chối: hãy xử lý trên trang quản trị trước`;
          throw new ImportRefused([{ file: entry.file, fieldTitle: "(tệp)", message }]);
        }
        if (result.outcome === "inherited") {
          const message = `Mã «${entry.code}» đã có trong danh mục của tỉnh (${result.unit}): xã, phường không nhập đè tài liệu của tỉnh`;
          throw new ImportRefused([{ file: entry.file, fieldTitle: "(tệp)", message }]);
        }
        if (result.outcome === "conflict") {
          throw new ImportRefused([
            { file: entry.file, fieldTitle: "(tệp)", message: "Tài liệu vừa được người khác thay đổi trong lúc nhập; hãy nhập lại" },
          ]);
        }
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
  } catch (error) {
    if (error instanceof ImportRefused) return { ok: false, problems: error.problems };
    throw error;
  }
  return { ok: true, ...counts };
}
