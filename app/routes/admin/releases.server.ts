import { parseVietnameseDateTime } from "~/domain/format";
import { cancelRelease, createRelease, publishRelease, rollbackRelease, RELEASE_NOTE_MAX, type ReleaseProgress } from "~/models/release.server";
import type { Unit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";

/**
 * The release actions of /admin/releases (the same model calls as `npm run cli -- release …`). Building a release
 * reads and writes every document of the commune, so it runs beside the request: the page shows its progress and
 * refreshes until it is done. The build is one transaction; should the process stop, nothing of it remains and
 * the job is simply gone.
 */

export interface ReleaseJob {
  startedAt: string;
  by: string;
  phase: Parameters<ReleaseProgress>[0]["phase"] | "start";
  done: number;
  total: number;
  /** Set when it ended: the draft's number, or why it failed. */
  number?: number;
  error?: string;
  finishedAt?: string;
}

const jobs = new Map<string, ReleaseJob>();
/** How long the request waits for the build before showing its progress instead. */
const WAIT_MS = 2_000;

/** The commune's running or last finished build (in this server process). */
export function releaseJobOf(unit: string): ReleaseJob | null {
  return jobs.get(unit) ?? null;
}

export type ReleasesActionResult = { ok: true; message: string } | { ok: false; errors: Record<string, string>; values?: Record<string, string> };

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** "dd/mm/yyyy" and an optional "hh:mm" from the form, as an ISO time, or an error naming the field. */
function effectiveAtOf(form: FormData): { at?: string; error?: string } {
  const date = text(form, "effectiveDate");
  const time = text(form, "effectiveTime");
  if (!date && !time) return {};
  if (!date) return { error: "Hãy ghi ngày hiệu lực (dd/mm/yyyy) cùng với giờ" };
  const at = parseVietnameseDateTime(time ? `${date} ${time}` : date);
  return at ? { at } : { error: "Ngày hiệu lực phải có dạng dd/mm/yyyy, giờ dạng hh:mm (ví dụ 01/01/2027 và 07:30)" };
}

export async function runReleasesAction(
  db: DB,
  form: FormData,
  input: { unit: Unit; actor: string; clientAddress: string | null },
): Promise<ReleasesActionResult> {
  const intent = text(form, "intent");
  const { unit, actor, clientAddress } = input;
  const number = Number(text(form, "number"));
  if (intent === "create") {
    const note = text(form, "note");
    const values = { note, effectiveDate: text(form, "effectiveDate"), effectiveTime: text(form, "effectiveTime") };
    if (note.length > RELEASE_NOTE_MAX) return { ok: false, errors: { note: `Ghi chú không được dài quá ${RELEASE_NOTE_MAX} ký tự` }, values };
    const effective = effectiveAtOf(form);
    if (effective.error) return { ok: false, errors: { effectiveDate: effective.error }, values };
    const running = jobs.get(unit.code);
    if (running && !running.finishedAt) return { ok: false, errors: { note: `Đang tạo bản niêm yết (do ${running.by} bắt đầu); hãy chờ xong.` }, values };
    const job: ReleaseJob = { startedAt: new Date().toISOString(), by: actor, phase: "start", done: 0, total: 0 };
    jobs.set(unit.code, job);
    // Runs beside the request; the page polls its progress.
    const build = createRelease(db, {
      unit,
      actor,
      note,
      effectiveAt: effective.at,
      clientAddress,
      onProgress: (p) => Object.assign(job, p),
    })
      .then((result) => {
        if (result.ok) job.number = result.release.number;
        else job.error = result.message;
      })
      .catch((error: unknown) => {
        console.error("[release] build failed:", error);
        job.error = "Không tạo được bản niêm yết do lỗi hệ thống; không có gì được ghi. Hãy thử lại.";
      })
      .finally(() => {
        job.finishedAt = new Date().toISOString();
      });
    // A commune's usual catalog is done within the request; a large one shows its progress on the page.
    await Promise.race([build, new Promise((resolve) => setTimeout(resolve, WAIT_MS))]);
    return { ok: true, message: job.finishedAt ? (job.error ?? `Đã tạo bản nháp số ${job.number}: hãy xem trước rồi công bố.`) : "Đang tạo bản niêm yết…" };
  }
  if (!Number.isSafeInteger(number)) return { ok: false, errors: { number: "Không rõ bản niêm yết nào" } };
  if (intent === "publish") {
    const effective = effectiveAtOf(form);
    if (effective.error) return { ok: false, errors: { [`effectiveDate-${number}`]: effective.error } };
    const result = await publishRelease(db, { unit: unit.code, number, actor, effectiveAt: effective.at, clientAddress });
    if (!result.ok) return { ok: false, errors: { [`publish-${number}`]: result.message } };
    return {
      ok: true,
      message:
        result.release.status === "live"
          ? `Đã công bố bản niêm yết số ${number}: người dân thấy bản này từ bây giờ.`
          : `Đã công bố bản niêm yết số ${number}: tự động niêm yết khi đến thời điểm hiệu lực.`,
    };
  }
  if (intent === "rollback") {
    const result = await rollbackRelease(db, { unit: unit.code, number, actor, reason: text(form, "reason"), clientAddress });
    if (!result.ok) return { ok: false, errors: { [`reason-${number}`]: result.message } };
    return { ok: true, message: `Đã quay lại bản niêm yết số ${number}.` };
  }
  if (intent === "cancel") {
    const result = await cancelRelease(db, { unit: unit.code, number, actor, clientAddress });
    if (!result.ok) return { ok: false, errors: { [`publish-${number}`]: result.message } };
    return { ok: true, message: `Đã hủy bản niêm yết số ${number}.` };
  }
  return { ok: false, errors: { intent: "Thao tác không hợp lệ" } };
}
