import { parseVietnameseDate } from "~/domain/format";
import { UNIT_LIMITS } from "~/domain/limits";
import { addUnit, getUnit, listUnits, moveUnit, retireUnit, UNIT_NAME_MAX, type Unit, type UnitChange } from "~/models/unit.server";
import type { Actor, User } from "~/models/user.server";
import { inTransaction, type DB } from "~/utils/db.server";

/**
 * The unit-management actions of /admin/units (the same model calls as `npm run cli -- unit add|move|retire`):
 * a deployment-wide admin manages every unit; a province's admin adds and retires the province's communes.
 * Moving a commune to another province (after a merger) crosses provinces, so only a deployment-wide admin does it.
 */

const UNIT_REASON_MAX = UNIT_LIMITS.reasonMax;

export interface UnitManager {
  /** Every unit (deployment-wide), or the province and its communes. */
  units: Unit[];
  deploymentWide: boolean;
  /** The province a province admin works for (null: deployment-wide). */
  province: Unit | null;
}

/** What `me` may manage, or null (a commune's admin manages no units). */
export async function unitManagerOf(db: DB, me: User): Promise<UnitManager | null> {
  const all = await listUnits(db);
  if (me.unitCode === null) return { units: all, deploymentWide: true, province: null };
  const home = all.find((u) => u.code === me.unitCode);
  if (!home || home.level !== "province" || home.retiredFrom) return null;
  return { units: all.filter((u) => u.code === home.code || u.parentCode === home.code), deploymentWide: false, province: home };
}

export type UnitsActionResult =
  | { ok: true; message: string }
  | { ok: false; intent: string; code?: string; errors: Record<string, string>; values?: Record<string, string> };

const FIELD_IDS: Record<Extract<UnitChange, { ok: false }>["field"], string> = {
  code: "code",
  name: "name",
  level: "level",
  parent: "parentCode",
  hostName: "hostName",
  retiredFrom: "retiredFrom",
};

export async function runUnitsAction(db: DB, form: FormData, manager: UnitManager, actor: Actor): Promise<UnitsActionResult> {
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "").trim();
  if (intent === "add") {
    const level = manager.deploymentWide ? text("level") : "commune";
    const values = { code: text("code"), name: text("name"), level, parentCode: text("parentCode"), hostName: text("hostName") };
    if (level !== "province" && level !== "commune") return { ok: false, intent, errors: { level: "Chọn cấp của đơn vị" }, values };
    if (values.name.length > UNIT_NAME_MAX) return { ok: false, intent, errors: { name: `Tên đơn vị dài quá ${UNIT_NAME_MAX} ký tự` }, values };
    // A province's admin adds communes to its own province only.
    const parentCode = level === "commune" ? (manager.province?.code ?? values.parentCode) : null;
    const result = await inTransaction(db, (trx) =>
      addUnit(trx, { code: values.code, name: values.name, level, parentCode, hostName: values.hostName || null, actor }),
    );
    if (!result.ok) return { ok: false, intent, errors: { [FIELD_IDS[result.field]]: result.message }, values };
    return { ok: true, message: `Đã thêm ${result.unit.name} (${result.unit.code}).` };
  }

  const code = text("code");
  const unit = manager.units.find((u) => u.code === code);
  // A unit outside what the admin manages is not found from here (data never crosses units).
  if (!unit) return { ok: false, intent, errors: { _form: "Không tìm thấy đơn vị" } };
  const rowError = (field: string, message: string): UnitsActionResult => ({ ok: false, intent, code, errors: { [`${field}-${code}`]: message } });

  if (intent === "move") {
    if (!manager.deploymentWide) return rowError("parentCode", "Chỉ quản trị toàn hệ thống chuyển được xã, phường sang tỉnh khác");
    const result = await inTransaction(db, (trx) => moveUnit(trx, { code, parentCode: text("parentCode"), actor }));
    if (!result.ok) return rowError(FIELD_IDS[result.field], result.message);
    const parent = await getUnit(db, text("parentCode"));
    return { ok: true, message: `Đã chuyển ${unit.name} sang ${parent?.name ?? text("parentCode")}; đơn vị nay áp dụng danh mục của tỉnh mới.` };
  }
  if (intent === "retire") {
    if (!manager.deploymentWide && unit.level === "province") return rowError("retiredFrom", "Chỉ quản trị toàn hệ thống ngừng được một tỉnh, thành phố");
    // The row's fields are named after the unit (one form per row): retiredFrom-<code>, reason-<code>.
    const typed = text(`retiredFrom-${code}`);
    const from = parseVietnameseDate(typed);
    if (!from) return rowError("retiredFrom", typed ? "Ngày ngừng hoạt động không hợp lệ (dd/mm/yyyy)" : "Chưa nhập ngày ngừng hoạt động (dd/mm/yyyy)");
    const reason = text(`reason-${code}`);
    if (reason.length > UNIT_REASON_MAX) return rowError("reason", `Lý do dài quá ${UNIT_REASON_MAX} ký tự`);
    const result = await inTransaction(db, (trx) => retireUnit(trx, { code, from, reason, actor }));
    if (!result.ok) return rowError(FIELD_IDS[result.field], result.message);
    return { ok: true, message: `Đã ghi ${unit.name} ngừng hoạt động; tài liệu, lịch sử và nhật ký của đơn vị vẫn được giữ.` };
  }
  return { ok: false, intent, errors: { _form: "Thao tác không hợp lệ" } };
}
