/**
 * The steps of /admin/nhap/danh-sach (LIST_IMPORT_PATH) (a province's procedure list, app/imports/list/): upload → column mapping →
 * preview → confirm. The uploaded file waits in `pending_imports` (source "sheet") between the steps.
 */
import { ImportFileError, readUploadedFiles, type ImportFile } from "~/imports/files.server";
import { applyListImport, getRememberedMapping, mappingFor, planListImport, type ListPlan } from "~/imports/list/import.server";
import { problemText } from "~/imports/list/report";
import { checkMapping, MappingError, TARGETS, type ColumnMapping, type Target } from "~/imports/list/mapping";
import { LIST_FILE, readListTable } from "~/imports/list/sheet.server";
import { LIST_IMPORT_PATH } from "~/domain/paths";
import { deletePendingImport, getPendingImport, savePendingImport } from "~/imports/pending.server";
import type { DB } from "~/utils/db.server";
import { readUpload } from "./upload.server";

export interface SheetOptions {
  sheet?: string;
  /** Set once the officer has chosen the columns: the preview step. */
  mapping?: ColumnMapping;
}

const SOURCE = "sheet" as const;

export type StepData =
  | { step: "upload" }
  | { step: "mapping"; file: string; sheet: string; headers: string[]; samples: string[][]; mapping: ColumnMapping; source: string }
  | { step: "preview"; plan: Omit<ListPlan, "rows"> & { rows: Omit<ListPlan["rows"][number], "body">[] } };

export async function loadStep(db: DB, username: string): Promise<StepData> {
  const pending = await getPendingImport<SheetOptions>(db, { username, source: SOURCE });
  if (!pending) return { step: "upload" };
  const [file] = pending.files;
  if (!pending.options.mapping) {
    const table = await readListTable(file, { sheet: pending.options.sheet, codeColumn: (await getRememberedMapping(db))?.mapping.code });
    const { mapping, source } = await mappingFor(db, table.headers, null);
    return { step: "mapping", file: file.name, sheet: table.sheet, headers: table.headers, samples: table.rows.slice(0, 3).map((r) => r.cells), mapping, source };
  }
  const plan = await planListImport(db, { file, sheet: pending.options.sheet, mapping: pending.options.mapping });
  if (plan.fingerprint !== pending.fingerprint) await savePendingImport(db, { username, source: SOURCE, pending: { ...pending, fingerprint: plan.fingerprint } });
  return { step: "preview", plan: { ...plan, rows: plan.rows.map(({ body: _body, ...row }) => row) } };
}

export type ActionResult = { ok: true; redirect: string; message?: string } | { ok: false; error: string };

export async function upload(db: DB, username: string, request: Request): Promise<ActionResult> {
  const upload = await readUpload(request, "tep", "Chưa chọn tệp danh sách (.xlsx hoặc .csv)");
  if (!upload.ok) return { ok: false, error: `${upload.refusal.file}: ${upload.refusal.message}` };
  const got = { ...upload.uploads[0], sheet: String(upload.form.get("trang") ?? "").trim() };
  if (!LIST_FILE(got.name)) return { ok: false, error: `Tệp «${got.name}»: chỉ nhập được danh sách dạng .xlsx hoặc .csv` };
  let files: ImportFile[];
  try {
    files = await readUploadedFiles([{ name: got.name, bytes: got.bytes }], LIST_FILE);
    await readListTable(files[0], { sheet: got.sheet || undefined, codeColumn: (await getRememberedMapping(db))?.mapping.code });
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, error: `${error.file}: ${error.message}` };
    throw error;
  }
  await savePendingImport<SheetOptions>(db, { username, source: SOURCE, pending: { files, options: got.sheet ? { sheet: got.sheet } : {}, fingerprint: "" } });
  return { ok: true, redirect: LIST_IMPORT_PATH };
}

export async function chooseColumns(db: DB, username: string, form: FormData): Promise<ActionResult> {
  const pending = await getPendingImport<SheetOptions>(db, { username, source: SOURCE });
  if (!pending) return { ok: true, redirect: LIST_IMPORT_PATH };
  const mapping: ColumnMapping = {};
  for (const [key, value] of form) {
    const column = /^cot-(\d+)$/.exec(key);
    if (column && TARGETS.includes(value as Target)) {
      if (mapping[value as Target] !== undefined) return { ok: false, error: `«${value}» được chọn cho hai cột: mỗi thông tin chỉ ghép với một cột` };
      mapping[value as Target] = Number(column[1]);
    }
  }
  try {
    checkMapping(mapping);
  } catch (error) {
    if (error instanceof MappingError) return { ok: false, error: error.message };
    throw error;
  }
  await savePendingImport(db, { username, source: SOURCE, pending: { ...pending, options: { ...pending.options, mapping } } });
  return { ok: true, redirect: LIST_IMPORT_PATH };
}

export async function confirm(db: DB, username: string, fingerprint: string): Promise<ActionResult> {
  const pending = await getPendingImport<SheetOptions>(db, { username, source: SOURCE });
  if (!pending?.options.mapping) return { ok: true, redirect: LIST_IMPORT_PATH };
  const result = await applyListImport(db, { file: pending.files[0], sheet: pending.options.sheet, mapping: pending.options.mapping, author: username, fingerprint, via: "web" });
  if (!result.ok) return { ok: false, error: [result.message, ...(result.plan?.problems.map(problemText) ?? [])].join(". ") };
  await deletePendingImport(db, { username, source: SOURCE });
  return {
    ok: true,
    redirect: LIST_IMPORT_PATH,
    message: `Đã nhập «${result.plan.file.name}»: ${result.created} thủ tục mới, ${result.updated} cập nhật, ${result.unchanged} không đổi; các bản nháp đã gửi duyệt.`,
  };
}

export async function back(db: DB, username: string, to: "upload" | "mapping"): Promise<ActionResult> {
  const pending = await getPendingImport<SheetOptions>(db, { username, source: SOURCE });
  if (to === "upload" || !pending) await deletePendingImport(db, { username, source: SOURCE });
  else await savePendingImport(db, { username, source: SOURCE, pending: { ...pending, options: { sheet: pending.options.sheet }, fingerprint: "" } });
  return { ok: true, redirect: LIST_IMPORT_PATH };
}

