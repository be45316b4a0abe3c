import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { formatNumber } from "~/domain/format";
import { IMPORT_LIMITS } from "~/domain/limits";
import { ImportFileError, readUploadedFiles, type ImportFile } from "~/imports/files.server";
import { planPortalImport, portalFormLabel, PORTAL_FILE, type ImportPlan } from "~/imports/portal/import.server";
import { getPendingImport, type PendingImport } from "~/models/pending-import.server";
import type { DB } from "~/utils/db.server";
import type { Workspace } from "~/utils/workspace.server";

/**
 * The admin upload of national-portal records (app/imports/portal): reading the multipart upload under
 * IMPORT_LIMITS, and the plan as the preview page shows it.
 */

/** What the officer learns when an upload is refused: the file and why, in Vietnamese. */
export interface UploadRefusal {
  file: string;
  message: string;
}

const megabytes = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 1)} MB`;

/**
 * The memory upload handler, with its size error naming the file: Remix's names only the form field. Parts past
 * the limit stop the upload at once (nothing more is read into memory).
 */
function namingUploadHandler(): UploadHandler {
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_LIMITS.fileBytes });
  return async (part) => {
    try {
      return await memory(part);
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
      throw new ImportFileError(part.filename || part.name, `Tệp dài hơn ${megabytes(IMPORT_LIMITS.fileBytes)}, vượt quá giới hạn của một tệp tải lên`);
    }
  };
}

/** The files of the upload form's `field` (.json files or zips of them), or why they are refused. */
export async function readPortalUpload(request: Request, field: string): Promise<{ ok: true; files: ImportFile[] } | { ok: false; refusal: UploadRefusal }> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, namingUploadHandler());
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, refusal: { file: error.file, message: error.message } };
    if (error instanceof TypeError) return { ok: false, refusal: { file: "(biểu mẫu)", message: "Biểu mẫu không gửi tệp (cần gửi dạng multipart/form-data)" } };
    throw error;
  }
  const uploads = form.getAll(field).filter((v): v is File => typeof v !== "string" && v.name !== "");
  if (uploads.length === 0) return { ok: false, refusal: { file: "(không có tệp)", message: "Hãy chọn ít nhất một tệp .json hoặc .zip" } };
  try {
    const files = await readUploadedFiles(await Promise.all(uploads.map(async (u) => ({ name: u.name, bytes: Buffer.from(await u.arrayBuffer()) }))), PORTAL_FILE);
    return { ok: true, files };
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, refusal: { file: error.file, message: error.message } };
    throw error;
  }
}

/** The officer's pending portal import in the unit acted in. */
export const pendingPortalImport = (workspace: Pick<Workspace, "db" | "unit" | "user">): Promise<PendingImport | null> =>
  getPendingImport(workspace.db, { unit: workspace.unit.code, username: workspace.user.username, source: "portal" });

/** The plan of the pending import as the preview page shows it, with each record's cleaned text. */
export async function portalPreview(db: DB, files: readonly ImportFile[]) {
  const plan = await planPortalImport(db, files);
  return { ...previewOfPlan(plan), fingerprint: plan.fingerprint };
}

export function previewOfPlan(plan: ImportPlan) {
  return {
    files: plan.files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
    problems: plan.problems,
    records: plan.records.map((r) => ({
      file: r.file,
      form: portalFormLabel(r.form),
      code: r.code,
      name: r.name,
      outcome: r.outcome,
      changes: r.changes,
      warnings: r.warnings,
      unmapped: r.unmapped,
      createsField: r.createsField,
      // The record's messy text as it will be stored (bullets as lists, markup stripped).
      cleaned: [
        ...(r.body.steps ?? []).map((s, i) => ({ label: `Bước ${i + 1}${s.name ? `: ${s.name}` : ""}`, text: s.description })),
        ...(r.body.requirements ? [{ label: "Yêu cầu, điều kiện", text: r.body.requirements }] : []),
      ],
    })),
  };
}

export type PortalPreview = ReturnType<typeof previewOfPlan>;
