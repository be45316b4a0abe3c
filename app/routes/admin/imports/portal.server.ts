import { ImportFileError, readUploadedFiles, type ImportFile } from "~/imports/files.server";
import { planPortalImport, portalFormLabel, PORTAL_FILE, type ImportPlan } from "~/imports/portal/import.server";
import { getPendingImport, type PendingImport } from "~/imports/pending.server";
import type { DB } from "~/utils/db.server";
import type { Workspace } from "~/utils/workspace.server";
import { readUpload, type UploadRefusal } from "./upload.server";

/**
 * The admin upload of national-portal records (app/imports/portal): the uploaded records, and the plan as the
 * preview page shows it.
 */

/** The files of the upload form's `field` (.json files or zips of them), or why they are refused. */
export async function readPortalUpload(request: Request, field: string): Promise<{ ok: true; files: ImportFile[] } | { ok: false; refusal: UploadRefusal }> {
  const upload = await readUpload(request, field, "Hãy chọn ít nhất một tệp .json hoặc .zip");
  if (!upload.ok) return upload;
  try {
    return { ok: true, files: await readUploadedFiles(upload.uploads, PORTAL_FILE) };
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, refusal: { file: error.file, message: error.message } };
    throw error;
  }
}

/** The officer's pending portal import in the unit acted in. */
export const pendingPortalImport = (workspace: Pick<Workspace, "db" | "user">): Promise<PendingImport<PortalOptions> | null> =>
  getPendingImport<PortalOptions>(workspace.db, { username: workspace.user.username, source: "portal" });

/** A portal import has no options (the records say everything). */
export type PortalOptions = Record<string, never>;

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
