import { can } from "~/domain/permissions";
import { RELEASE_PHASE_LABELS, RELEASE_STATUS_LABELS } from "~/domain/release-changes";
import { formatDateTime, formatNumber, parseVietnameseDateTime } from "~/domain/format";
import {
  cancelRelease,
  createRelease,
  listReleases,
  publishRelease,
  rollbackRelease,
  type ReleaseProgress,
  type ReleaseSummary,
} from "~/models/release.server";
import { actsIn } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { cliUnit } from "./units";
import { requireCliUser } from "./users";

/**
 * `npm run cli -- release list|create|publish|rollback|cancel --unit <mã xã> …` (docs/decisions/013-releases.md).
 * `create` builds the next release and publishes it (live now, or at `--at`); `--draft` stops at the draft, to
 * preview in the admin (/xem-truoc/<mã>/<số>) and `publish` later.
 */

export const RELEASE_HELP = `  release list --unit <mã xã>   Liệt kê các bản niêm yết (số, trạng thái, hiệu lực, thay đổi)
  release create --unit <mã xã> --as <tên đăng nhập> [--note <ghi chú>] [--at <dd/mm/yyyy [hh:mm]>] [--draft]
                           Tạo bản niêm yết mới từ các tài liệu đã phê duyệt và công bố ngay (hoặc hẹn --at);
                           --draft: chỉ tạo bản nháp để xem trước rồi công bố sau
  release publish --unit <mã xã> --number <số> --as <tên đăng nhập> [--at …]   Công bố bản nháp
  release rollback --unit <mã xã> --number <số> --as <tên đăng nhập> --reason <lý do>
                           Quay lại một bản niêm yết trước
  release cancel --unit <mã xã> --number <số> --as <tên đăng nhập>   Hủy bản nháp hoặc bản đã hẹn ngày`;



function progressPrinter(): ReleaseProgress {
  let last = 0;
  return ({ phase, done, total }) => {
    const now = Date.now();
    if (phase !== "write" && now - last < 200 && done < total) return;
    last = now;
    console.log(`  ${RELEASE_PHASE_LABELS[phase]}: ${formatNumber(done)}/${formatNumber(total)}`);
  };
}

function describe(r: ReleaseSummary): string {
  const c = r.procedureChanges;
  const when = r.status === "live" || r.status === "superseded" ? `niêm yết từ ${formatDateTime(r.liveSince ?? r.effectiveAt)}` : `hiệu lực ${formatDateTime(r.effectiveAt)}`;
  return `Bản số ${r.number} — ${RELEASE_STATUS_LABELS[r.status]}, ${when}; ${formatNumber(r.procedureCount)} thủ tục (${formatNumber(c.added)} bổ sung, ${formatNumber(c.changed)} sửa đổi, ${formatNumber(c.removed)} bãi bỏ)${r.note ? `; ${r.note}` : ""}`;
}

export async function releaseCommand(
  db: DB,
  args: string[],
  values: { unit?: string; as?: string; note?: string; at?: string; draft?: boolean; number?: string; reason?: string },
): Promise<number> {
  const [sub] = args;
  const unit = await cliUnit(db, values.unit);
  if (sub === "list") {
    const releases = await listReleases(db, unit.code);
    if (releases.length === 0) console.log(`${unit.name} (${unit.code}) chưa có bản niêm yết nào.`);
    for (const r of releases) console.log(describe(r));
    return 0;
  }
  if (!["create", "publish", "rollback", "cancel"].includes(sub ?? "")) {
    console.error(`Cách dùng:\n${RELEASE_HELP}`);
    return 1;
  }
  const user = await requireCliUser(db, values.as, `release ${sub}`);
  if (!can(user.roles, "catalog:publish")) throw new Error(`Tài khoản «${user.username}» không có quyền công bố bản niêm yết (vai trò lãnh đạo).`);
  if (!actsIn(user.unitCode, unit)) throw new Error(`Tài khoản «${user.username}» không làm việc tại đơn vị ${unit.code}.`);
  let effectiveAt: string | undefined;
  if (values.at !== undefined) {
    // dd/mm/yyyy [hh:mm] in Vietnam time, or an exact ISO 8601 time (scripts).
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(values.at) ? new Date(values.at) : null;
    const parsed = iso && !Number.isNaN(iso.getTime()) ? iso.toISOString() : parseVietnameseDateTime(values.at);
    if (!parsed) throw new Error(`--at: «${values.at}» không phải ngày dạng dd/mm/yyyy hoặc dd/mm/yyyy hh:mm (giờ Việt Nam).`);
    effectiveAt = parsed;
  }
  const number = values.number !== undefined ? Number(values.number) : NaN;
  if (sub !== "create" && !Number.isSafeInteger(number)) throw new Error("Thiếu --number <số bản niêm yết>.");
  const actor = user.username;

  if (sub === "create") {
    console.log(`Tạo bản niêm yết mới của ${unit.name} (${unit.code})…`);
    const created = await createRelease(db, { unit, actor, note: values.note ?? "", effectiveAt, onProgress: progressPrinter() });
    if (!created.ok) {
      console.error(created.message);
      return 1;
    }
    if (values.draft) {
      console.log(`Đã tạo bản nháp: ${describe(created.release)}. Xem trước tại /xem-truoc/${unit.code}/${created.release.number}`);
      return 0;
    }
    const published = await publishRelease(db, { unit: unit.code, number: created.release.number, actor });
    if (!published.ok) {
      console.error(published.message);
      return 1;
    }
    console.log(`Đã công bố: ${describe(published.release)}.`);
    return 0;
  }
  const result =
    sub === "publish"
      ? await publishRelease(db, { unit: unit.code, number, actor, effectiveAt })
      : sub === "rollback"
        ? await rollbackRelease(db, { unit: unit.code, number, actor, reason: values.reason ?? "" })
        : await cancelRelease(db, { unit: unit.code, number, actor });
  if (!result.ok) {
    console.error(result.message);
    return 1;
  }
  console.log("release" in result ? `Xong: ${describe((result as { release: ReleaseSummary }).release)}.` : `Đã hủy bản niêm yết số ${number}.`);
  return 0;
}
