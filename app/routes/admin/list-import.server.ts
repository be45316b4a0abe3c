/**
 * The steps of /admin/nhap-danh-sach (a province's procedure list, app/imports/list/): upload → column mapping →
 * preview → confirm. The uploaded file waits in `pending_imports` (source "sheet") between the steps.
 */
import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError } from "@remix-run/node";
import { formatNumber } from "~/domain/format";
import { IMPORT_LIMITS } from "~/domain/limits";
import { ImportFileError, readUploadedFiles, type ImportFile } from "~/imports/files.server";
import { applyListImport, getRememberedMapping, mappingFor, planListImport, type ListPlan } from "~/imports/list/import.server";
import { problemText } from "~/imports/list/report";
import { checkMapping, MappingError, TARGETS, type ColumnMapping, type Target } from "~/imports/list/mapping";
import { LIST_FILE, readListTable } from "~/imports/list/sheet.server";
import { deletePendingImport, getPendingImport, savePendingImport } from "~/imports/pending.server";
import type { DB } from "~/utils/db.server";

export interface SheetOptions {
  sheet?: string;
  /** Set once the officer has chosen the columns: the preview step. */
  mapping?: ColumnMapping;
}

const SOURCE = "sheet" as const;
const fileMb = `${formatNumber(IMPORT_LIMITS.fileBytes / 1024 / 1024)} MB`;

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

/** The uploaded file: its name kept even when it is too large, so the error can name it. */
async function uploaded(request: Request): Promise<{ name: string; bytes: Buffer; sheet: string } | { error: string }> {
  let name = "";
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_LIMITS.fileBytes });
  try {
    const form = await unstable_parseMultipartFormData(request, (part) => {
      if (part.filename) name = part.filename;
      return memory(part);
    });
    const file = form.get("tep");
    if (!(file instanceof File) || !file.name) return { error: "Chưa chọn tệp danh sách (.xlsx hoặc .csv)" };
    return { name: file.name, bytes: Buffer.from(await file.arrayBuffer()), sheet: String(form.get("trang") ?? "").trim() };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { error: `Tệp «${name}» vượt quá giới hạn ${fileMb} của một tệp tải lên` };
    throw error;
  }
}

export async function upload(db: DB, username: string, request: Request): Promise<ActionResult> {
  const got = await uploaded(request);
  if ("error" in got) return { ok: false, error: got.error };
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
  return { ok: true, redirect: "/admin/nhap-danh-sach" };
}

export async function chooseColumns(db: DB, username: string, form: FormData): Promise<ActionResult> {
  const pending = await getPendingImport<SheetOptions>(db, { username, source: SOURCE });
  if (!pending) return { ok: true, redirect: "/admin/nhap-danh-sach" };
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
  return { ok: true, redirect: "/admin/nhap-danh-sach" };
}

export async function confirm(db: DB, username: string, fingerprint: string): Promise<ActionResult> {
  const pending = await getPendingImport<SheetOptions>(db, { username, source: SOURCE });
  if (!pending?.options.mapping) return { ok: true, redirect: "/admin/nhap-danh-sach" };
  const result = await applyListImport(db, { file: pending.files[0], sheet: pending.options.sheet, mapping: pending.options.mapping, author: username, fingerprint, via: "web" });
  if (!result.ok) return { ok: false, error: [result.message, ...(result.plan?.problems.map(problemText) ?? [])].join(". ") };
  await deletePendingImport(db, { username, source: SOURCE });
  return {
    ok: true,
    redirect: "/admin/nhap-danh-sach",
    message: `Đã nhập «${result.plan.file.name}»: ${result.created} thủ tục mới, ${result.updated} cập nhật, ${result.unchanged} không đổi; các bản nháp đã gửi duyệt.`,
  };
}

export async function back(db: DB, username: string, to: "upload" | "mapping"): Promise<ActionResult> {
  const pending = await getPendingImport<SheetOptions>(db, { username, source: SOURCE });
  if (to === "upload" || !pending) await deletePendingImport(db, { username, source: SOURCE });
  else await savePendingImport(db, { username, source: SOURCE, pending: { ...pending, options: { sheet: pending.options.sheet }, fingerprint: "" } });
  return { ok: true, redirect: "/admin/nhap-danh-sach" };
}

