/**
 * Importing a province's procedure list (.xlsx or .csv) into a unit's catalog, the way the portal import does
 * (../portal/import.server.ts, docs/decisions/020-imports.md): first a plan (the dry run: per row create, update
 * or unchanged, the field-level diff, warnings, and every error by row and column), then, once the officer
 * confirms that same plan (its fingerprint), every new or changed procedure becomes a draft submitted for review,
 * in one transaction. A plan with any error imports nothing. The column mapping used is remembered per unit (in
 * `settings`, named by the unit) and offered again while the headers still read the same.
 */
import type { JSONSchema7 } from "json-schema";
import type { Procedure } from "~/generated";
import { diffDocuments, type Change } from "~/domain/diff";
import { foldForSearch } from "~/domain/search";
import { appendAudit } from "~/models/audit.server";
import { getCustomFields } from "~/models/custom-fields.server";
import { getDocument, getInForceDocuments, saveDocument, serializeForKind } from "~/models/document.server";
import { applyStep, getSetting } from "~/models/workflow.server";
import { inTransaction, type DB } from "~/utils/db.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { unitOf } from "~/utils/unit-scope.server";
import { validateDocument } from "~/utils/validation.server";
import { ImportFileError, sha256Hex, type ImportFile } from "../files.server";
import { legalKey, type RecordOutcome } from "../portal/import.server";
import { PROCEDURE_CODE } from "../portal/record";
import {
  checkMapping,
  columnLetter,
  guessMapping,
  MappingError,
  remembered,
  rememberMapping,
  type ColumnMapping,
  type RememberedMapping,
  TARGET_LABELS,
  type Target,
} from "./mapping";
import { applyRow, type RowContext } from "./rows";
import { catalogTables, CATALOG_HEADERS } from "~/exports/index.server";
import { todayInVietnam } from "~/domain/format";
import { cleanText } from "../text";
import { readListTable, type ListTable } from "./sheet.server";

export interface ListProblem {
  /** The sheet row (1-based) and the column («C «Tên thủ tục»»), when the problem is about one. */
  row: number | null;
  column: string | null;
  message: string;
}

export interface RowPlan {
  row: number;
  code: string;
  name: string;
  outcome: RecordOutcome;
  baseRevision: number;
  changes: Change[];
  warnings: { column: string; message: string }[];
  body: Procedure;
}

export type MappingSource = "given" | "remembered" | "guessed";

export interface ListPlan {
  file: { name: string; sha256: string; bytes: number };
  sheet: string;
  headerRows: number[];
  headers: string[];
  mapping: ColumnMapping;
  mappingSource: MappingSource;
  rows: RowPlan[];
  problems: ListProblem[];
  fingerprint: string;
}

const settingName = (unit: string) => `list-import-mapping:${unit}`;

export async function getRememberedMapping(db: DB): Promise<RememberedMapping | null> {
  const value = await getSetting(db, settingName(unitOf(db)));
  return value ? (JSON.parse(value) as RememberedMapping) : null;
}

async function saveRememberedMapping(db: DB, input: { mapping: ColumnMapping; headers: string[]; actor: string; now?: Date }) {
  const value = JSON.stringify(rememberMapping(input.mapping, input.headers));
  const now = (input.now ?? new Date()).toISOString();
  await db
    .insertInto("settings")
    .values({ name: settingName(unitOf(db)), value, updated_by: input.actor, updated_at: now })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value, updated_by: input.actor, updated_at: now }))
    .execute();
}

/** The mapping a plan uses: the one given, else the unit's remembered one while the headers match, else the guess. */
export async function mappingFor(db: DB, headers: string[], given: ColumnMapping | null): Promise<{ mapping: ColumnMapping; source: MappingSource }> {
  if (given) return { mapping: given, source: "given" };
  const kept = remembered(await getRememberedMapping(db), headers);
  return kept ? { mapping: kept, source: "remembered" } : { mapping: guessMapping(headers), source: "guessed" };
}

export const columnName = (table: { headers: string[] }, column: number) => `${columnLetter(column)} «${table.headers[column] ?? ""}»`;

async function rowContext(db: DB): Promise<RowContext> {
  const fields = await getInForceDocuments<{ code: string; name: string }>(db, { kind: "field" });
  const byText = new Map<string, string>();
  for (const f of fields) {
    byText.set(foldForSearch(f.body.code), f.body.code);
    byText.set(foldForSearch(f.body.name), f.body.code);
  }
  const legal = await getInForceDocuments<{ number: string }>(db, { kind: "legal-document" });
  const legalByNumber = new Map(legal.map((d) => [legalKey(d.body.number), d.key]));
  return {
    fieldOf: (text) => byText.get(foldForSearch(text)) ?? byText.get(foldForSearch(text.replace(/^lĩnh vực\s+/i, ""))) ?? null,
    fieldName: (code) => fields.find((f) => f.body.code === code)?.body.name ?? null,
    legalDocument: (number) => legalByNumber.get(legalKey(number)) ?? null,
    legalKey,
  };
}

/** The code cell: Excel may have stored «2.000810» as the number 2.00081; read back with its six digits. */
function codeOf(table: ListTable, row: ListTable["rows"][number], column: number): { code: string; warning: string | null } {
  const text = row.cells[column] ?? "";
  if (!row.numeric.has(column) || !/^\d{1,2}\.\d+$/.test(text) || text.split(".")[1].length > 6) return { code: text.trim(), warning: null };
  const code = Number(text).toFixed(6);
  return { code, warning: code === text ? null : `Mã thủ tục được Excel lưu dạng số (${text}): đọc là «${code}»; hãy định dạng cột ${columnName(table, column)} là văn bản` };
}

/**
 * The dry run: what importing this list would do in the unit `db` is scoped to, and every problem that stops it.
 * Reads only.
 */
export async function planListImport(db: DB, input: { file: ImportFile; sheet?: string; mapping?: ColumnMapping | null }): Promise<ListPlan> {
  const unit = unitOf(db);
  const plan: ListPlan = {
    file: { name: input.file.name, sha256: input.file.sha256, bytes: input.file.bytes.length },
    sheet: input.sheet ?? "",
    headerRows: [],
    headers: [],
    mapping: {},
    mappingSource: "guessed",
    rows: [],
    problems: [],
    fingerprint: "",
  };
  const finish = () => {
    plan.fingerprint = sha256Hex(
      JSON.stringify({ unit, file: plan.file.sha256, sheet: plan.sheet, mapping: plan.mapping, rows: plan.rows.map((r) => [r.code, r.outcome, r.baseRevision, serializeForKind("procedure", r.body as never)]), problems: plan.problems }),
    );
    return plan;
  };
  let table: ListTable;
  try {
    const codeColumn = input.mapping ? input.mapping.code : (await getRememberedMapping(db))?.mapping.code;
    table = await readListTable(input.file, { sheet: input.sheet, codeColumn });
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    plan.problems.push({ row: null, column: null, message: `${error.file}: ${error.message}` });
    return finish();
  }
  Object.assign(plan, { sheet: table.sheet, headerRows: table.headerRows, headers: table.headers });
  const chosen = await mappingFor(db, table.headers, input.mapping ?? null);
  plan.mapping = chosen.mapping;
  plan.mappingSource = chosen.source;
  try {
    checkMapping(chosen.mapping);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    plan.problems.push({ row: null, column: null, message: error.message });
    return finish();
  }
  const mapping = chosen.mapping;
  const col = (t: Target) => columnName(table, mapping[t]!);
  const ctx = await rowContext(db);
  // A cell that reads exactly as the catalog export writes the stored procedure is no change (the export words
  // fees from the fee documents' rates and agencies with their roles, which the cell parser does not read back).
  const [exportSheet] = await catalogTables(db, { today: todayInVietnam() });
  const exportedRows = new Map(exportSheet.rows.map((cells) => [String(cells[1]), cells]));
  const exported = (code: string, t: Target): string | null => {
    const index = (CATALOG_HEADERS as readonly string[]).indexOf(TARGET_LABELS[t]);
    const value = index < 0 ? undefined : exportedRows.get(code)?.[index];
    return value === undefined || value === null ? null : cleanText(String(value));
  };
  const schema = getBundledSchema("procedure") as JSONSchema7;
  const customFields = await getCustomFields(db, "procedure");
  const seen = new Map<string, number>();
  if (table.rows.length === 0) plan.problems.push({ row: null, column: null, message: `Trang tính «${table.sheet}» không có dòng thủ tục nào dưới hàng tiêu đề` });

  for (const row of table.rows) {
    const problem = (column: string | null, message: string) => plan.problems.push({ row: row.row, column, message });
    const { code, warning } = codeOf(table, row, mapping.code!);
    if (!code) {
      problem(col("code"), "Thiếu mã thủ tục");
      continue;
    }
    if (!PROCEDURE_CODE.test(code)) {
      problem(col("code"), `Mã thủ tục «${code.slice(0, 40)}» không đúng dạng (một hoặc hai chữ số, dấu chấm, ba đến sáu chữ số, ví dụ 1.001193)`);
      continue;
    }
    if (seen.has(code)) {
      problem(col("code"), `Mã thủ tục «${code}» đã có ở dòng ${seen.get(code)}`);
      continue;
    }
    seen.set(code, row.row);
    const stored = await getDocument<Procedure>(db, { kind: "procedure", key: code });
    if (stored && stored.unit !== unit) {
      problem(col("code"), `Thủ tục «${code}» thuộc danh mục của tỉnh (${stored.unit}): xã, phường không nhập đè; hãy nhập ở tỉnh`);
      continue;
    }
    if (stored && (stored.status === "in_review" || stored.status === "retired")) {
      problem(col("code"), `Thủ tục «${code}» ${stored.status === "in_review" ? "đang chờ duyệt" : "đã ngừng áp dụng"}: hãy xử lý trên trang quản trị trước khi nhập`);
      continue;
    }
    const cellOf = (t: Target) => {
      const cell = row.cells[mapping[t]!] ?? "";
      return stored && cell && exported(code, t) === cleanText(cell) ? "" : cell;
    };
    const outcome = applyRow(code, stored?.body ?? null, cellOf, mapping, ctx);
    if (outcome.missing.length) {
      problem(null, `Thủ tục «${code}» chưa có trong danh mục; không tạo được vì dòng thiếu: ${outcome.missing.join("; ")}`);
      continue;
    }
    const valid = validateDocument("procedure", outcome.body, customFields);
    if (!valid.ok) {
      for (const e of valid.errors) problem(null, `${e.fieldTitle}: ${e.message}`);
      continue;
    }
    const unchanged = stored !== null && serializeForKind("procedure", valid.value) === serializeForKind("procedure", stored.body as never);
    const warnings = outcome.warnings.map((w) => ({ column: col(w.target), message: w.message }));
    if (warning) warnings.unshift({ column: col("code"), message: warning });
    plan.rows.push({
      row: row.row,
      code,
      name: outcome.body.name,
      outcome: stored === null ? "create" : unchanged ? "unchanged" : "update",
      baseRevision: stored?.revision ?? 0,
      changes: stored === null || unchanged ? [] : diffDocuments(schema, stored.body, valid.value),
      warnings,
      body: valid.value as unknown as Procedure,
    });
  }
  return finish();
}

/** Thrown inside the transaction so that it rolls back; answered as `{ ok: false }`. */
class ImportAborted extends Error {}

export type ListApplyResult =
  | { ok: true; created: number; updated: number; unchanged: number; plan: ListPlan }
  | { ok: false; message: string; plan: ListPlan | null };

/**
 * Imports the plan the officer confirmed (`fingerprint`; null from the CLI, which plans and imports at once),
 * recomputed inside the transaction: when anything changed since the preview, nothing is written.
 */
export async function applyListImport(
  db: DB,
  input: { file: ImportFile; sheet?: string; mapping?: ColumnMapping | null; author: string; fingerprint: string | null; via: "cli" | "web"; now?: Date },
): Promise<ListApplyResult> {
  return inTransaction(db, async (trx): Promise<ListApplyResult> => {
    const plan = await planListImport(trx, input);
    if (plan.problems.length > 0) return { ok: false as const, message: `Có ${plan.problems.length} lỗi: không nhập gì`, plan };
    if (input.fingerprint !== null && input.fingerprint !== plan.fingerprint) {
      return { ok: false as const, message: "Danh mục đã thay đổi từ lúc xem trước (hoặc tệp, cách ghép cột khác): không nhập gì, hãy xem trước lại", plan };
    }
    const via = input.via === "cli" ? " (qua dòng lệnh)" : "";
    const source = `tệp «${plan.file.name}», trang «${plan.sheet}», sha256 ${plan.file.sha256}`;
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const row of plan.rows) {
      if (row.outcome === "unchanged") {
        counts.unchanged += 1;
        continue;
      }
      const note = `Nhập từ danh sách thủ tục: ${source}, dòng ${row.row}${via}`;
      const saved = await saveDocument(trx, { kind: "procedure", body: row.body as never, author: input.author, note, mode: "draft", baseRevision: row.baseRevision, now: input.now });
      if (saved.outcome !== "created" && saved.outcome !== "updated") throw new ImportAborted(`Thủ tục «${row.code}» vừa được thay đổi trên trang quản trị: không nhập gì, hãy xem trước lại`);
      const step = await applyStep(trx, { kind: "procedure", key: row.code, action: "submit", revision: saved.revision, actor: input.author, text: "Nhập từ danh sách thủ tục: đề nghị kiểm tra và phê duyệt", now: input.now });
      if (!step.ok) throw new ImportAborted(`Không gửi duyệt được thủ tục «${row.code}»: ${step.message}`);
      counts[saved.outcome] += 1;
    }
    await saveRememberedMapping(trx, { mapping: plan.mapping, headers: plan.headers, actor: input.author, now: input.now });
    await appendAudit(trx, {
      actor: input.author,
      action: "catalog.import",
      summary: `Nhập danh sách thủ tục${via}: ${counts.created} thủ tục mới, ${counts.updated} cập nhật, ${counts.unchanged} không đổi (bản nháp gửi duyệt); ${source}`,
      now: input.now,
    });
    return { ok: true as const, ...counts, plan };
  }).catch((error: unknown) => {
    if (error instanceof ImportAborted) return { ok: false as const, message: error.message, plan: null };
    throw error;
  });
}

