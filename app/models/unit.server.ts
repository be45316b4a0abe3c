import { UNIT_LIMITS } from "~/domain/limits";
import { isCalendarDate } from "~/domain/query";
import type { DB, UnitsTable } from "~/utils/db.server";
import type { UnitScope } from "~/utils/unit-scope.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./user.server";

/**
 * Units of government (docs/decisions/010-units.md): provinces (2-digit codes) and communes (5-digit codes, a
 * province as parent). Units are never deleted: a merged or dissolved commune is retired from a date and keeps
 * its history; a commune moves to another province after a merger.
 */

export type UnitLevel = UnitsTable["level"];

export interface Unit {
  code: string;
  name: string;
  level: UnitLevel;
  parentCode: string | null;
  hostName: string | null;
  isDefault: boolean;
  retiredFrom: string | null;
  retireReason: string | null;
}

export const UNIT_LEVEL_LABELS: Record<UnitLevel, string> = { province: "Tỉnh, thành phố", commune: "Xã, phường, đặc khu" };

export const UNIT_NAME_MAX = UNIT_LIMITS.nameMax;

function toUnit(row: UnitsTable): Unit {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    hostName: row.host_name,
    isDefault: row.is_default === 1,
    retiredFrom: row.retired_from,
    retireReason: row.retire_reason,
  };
}

export async function listUnits(db: DB): Promise<Unit[]> {
  const rows = await db.selectFrom("units").selectAll().orderBy("code").execute();
  return rows.map(toUnit);
}

export async function getUnit(db: DB, code: string): Promise<Unit | null> {
  const row = await db.selectFrom("units").selectAll().where("code", "=", code).executeTakeFirst();
  return row ? toUnit(row) : null;
}

/** The commune today's short public URLs show: the one marked default, else the only commune there is. */
export async function defaultPublicUnit(db: DB): Promise<Unit | null> {
  const marked = await db.selectFrom("units").selectAll().where("is_default", "=", 1).executeTakeFirst();
  if (marked) return toUnit(marked);
  const communes = await db.selectFrom("units").selectAll().where("level", "=", "commune").where("retired_from", "is", null).limit(2).execute();
  return communes.length === 1 ? toUnit(communes[0]) : null;
}

/**
 * Where a commune's public pages live for someone outside — what QR codes on printed notices and exported sites point
 * to: its own domain when it has one (https://<host>, the short URLs), else `<origin>/xa/<code>` on this server.
 * No trailing slash; append a page's path (`/thu-tuc/<code>`).
 */
export function publicAddressOf(unit: Pick<Unit, "code" | "hostName">, origin: string): string {
  return unit.hostName ? `https://${unit.hostName}` : `${origin.replace(/\/+$/, "")}/xa/${unit.code}`;
}

/** A request's Host header as units store it: lower case, without the port. */
export const hostNameOf = (host: string) => host.toLowerCase().replace(/:\d+$/, "");

export async function unitByHost(db: DB, host: string): Promise<Unit | null> {
  const row = await db.selectFrom("units").selectAll().where("host_name", "=", hostNameOf(host)).executeTakeFirst();
  return row ? toUnit(row) : null;
}

/** What a handle scoped to `unit` reads and writes: its own rows, and for a commune its province's catalog. */
export function scopeOfUnit(unit: Pick<Unit, "code" | "parentCode">): UnitScope {
  return { unit: unit.code, readable: unit.parentCode ? [unit.code, unit.parentCode] : [unit.code] };
}

/**
 * Whether an account of `home` (null: the whole deployment) acts in `unit`: its own unit, and a province's
 * account also in the province's communes.
 */
export function actsIn(home: string | null, unit: Pick<Unit, "code" | "parentCode">): boolean {
  return home === null || home === unit.code || home === unit.parentCode;
}

/** Active units an account of `home` acts in (see actsIn), in code order: one query, not a read of every unit. */
export async function unitsActedIn(db: DB, home: string | null): Promise<Unit[]> {
  let query = db.selectFrom("units").selectAll().where("retired_from", "is", null);
  if (home !== null) query = query.where((eb) => eb.or([eb("code", "=", home), eb("parent_code", "=", home)]));
  return (await query.orderBy("code").execute()).map(toUnit);
}

export type UnitChange =
  { ok: true; unit: Unit } | { ok: false; field: "code" | "name" | "level" | "parent" | "hostName" | "retiredFrom"; message: string };

/** A host name (labels of letters, digits and hyphens, dot-separated, 253 characters at most). */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const CODE_PATTERN: Record<UnitLevel, RegExp> = { province: /^\d{2}$/, commune: /^\d{5}$/ };

export async function addUnit(
  db: DB,
  input: { code: string; name: string; level: UnitLevel; parentCode?: string | null; hostName?: string | null; actor: Actor; now?: Date },
): Promise<UnitChange> {
  const code = input.code.trim();
  const name = input.name.trim().replace(/\s+/g, " ");
  if (!CODE_PATTERN[input.level]?.test(code)) {
    return { ok: false, field: "code", message: input.level === "province" ? "Mã tỉnh gồm đúng 2 chữ số" : "Mã xã, phường gồm đúng 5 chữ số" };
  }
  if (!name) return { ok: false, field: "name", message: "Chưa nhập tên đơn vị" };
  if (name.length > UNIT_NAME_MAX) return { ok: false, field: "name", message: `Tên đơn vị dài quá ${UNIT_NAME_MAX} ký tự` };
  if (await getUnit(db, code)) return { ok: false, field: "code", message: `Mã ${code} đã có` };
  const hostName = input.hostName?.trim().toLowerCase() || null;
  if (hostName !== null) {
    if (input.level !== "commune" || !HOST_NAME.test(hostName))
      return { ok: false, field: "hostName", message: "Tên miền của một xã, phường, dạng xa-hoa-an.hanoi.gov.vn" };
    if (await unitByHost(db, hostName)) return { ok: false, field: "hostName", message: `Tên miền ${hostName} đã gán cho đơn vị khác` };
  }
  let parentCode: string | null = null;
  if (input.level === "commune") {
    const parent = input.parentCode ? await getUnit(db, input.parentCode) : null;
    if (!parent || parent.level !== "province") return { ok: false, field: "parent", message: "Xã, phường phải thuộc một tỉnh, thành phố đã có" };
    if (parent.retiredFrom) return { ok: false, field: "parent", message: `Tỉnh ${parent.name} đã ngừng hoạt động` };
    parentCode = parent.code;
  }
  const now = (input.now ?? new Date()).toISOString();
  const row: UnitsTable = {
    live_release: null,
    next_release_at: null,
    code,
    name,
    level: input.level,
    parent_code: parentCode,
    host_name: hostName,
    is_default: 0,
    retired_from: null,
    retire_reason: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("units").values(row).execute();
  await appendAudit(db, {
    actor: input.actor.name,
    clientAddress: input.actor.clientAddress,
    action: "unit.create",
    unit: code,
    summary: `Thêm đơn vị ${code} ${name}${parentCode ? ` thuộc ${parentCode}` : ""}${hostName ? `, tên miền ${hostName}` : ""}`,
  });
  return { ok: true, unit: toUnit(row) };
}

/** A commune moves to another province (after a merger): it then inherits that province's catalog. */
export async function moveUnit(db: DB, input: { code: string; parentCode: string; actor: Actor; now?: Date }): Promise<UnitChange> {
  const unit = await getUnit(db, input.code);
  if (!unit || unit.level !== "commune") return { ok: false, field: "code", message: `Không có xã, phường mã ${input.code}` };
  const parent = await getUnit(db, input.parentCode);
  if (!parent || parent.level !== "province" || parent.retiredFrom)
    return { ok: false, field: "parent", message: `Không có tỉnh, thành phố đang hoạt động mã ${input.parentCode}` };
  if (parent.code === unit.parentCode) return { ok: false, field: "parent", message: `${unit.name} đã thuộc ${parent.name}` };
  await db
    .updateTable("units")
    .set({ parent_code: parent.code, updated_at: (input.now ?? new Date()).toISOString() })
    .where("code", "=", unit.code)
    .execute();
  await appendAudit(db, {
    actor: input.actor.name,
    clientAddress: input.actor.clientAddress,
    action: "unit.move",
    unit: unit.code,
    summary: `Chuyển ${unit.code} ${unit.name} từ ${unit.parentCode ?? "—"} sang ${parent.code} ${parent.name}`,
  });
  return { ok: true, unit: { ...unit, parentCode: parent.code } };
}

/** Retires a unit from a date; its documents, history and accounts are kept (accounts cannot act in it). */
export async function retireUnit(db: DB, input: { code: string; from: string; reason: string; actor: Actor; now?: Date }): Promise<UnitChange> {
  const unit = await getUnit(db, input.code);
  if (!unit) return { ok: false, field: "code", message: `Không có đơn vị mã ${input.code}` };
  if (unit.retiredFrom) return { ok: false, field: "code", message: `${unit.name} đã ngừng hoạt động từ ${unit.retiredFrom}` };
  if (!isCalendarDate(input.from)) {
    return { ok: false, field: "retiredFrom", message: "Ngày ngừng hoạt động không hợp lệ (dd/mm/yyyy)" };
  }
  if (unit.level === "province") {
    const active = (await listUnits(db)).filter((u) => u.parentCode === unit.code && !u.retiredFrom);
    if (active.length > 0)
      return { ok: false, field: "code", message: `Còn ${active.length} xã, phường thuộc ${unit.name}: chuyển hoặc ngừng các đơn vị đó trước` };
  }
  const reason = input.reason.trim().slice(0, UNIT_LIMITS.reasonMax);
  await db
    .updateTable("units")
    .set({ retired_from: input.from, retire_reason: reason, is_default: 0, updated_at: (input.now ?? new Date()).toISOString() })
    .where("code", "=", unit.code)
    .execute();
  await appendAudit(db, {
    actor: input.actor.name,
    clientAddress: input.actor.clientAddress,
    action: "unit.retire",
    unit: unit.code,
    summary: `Ngừng hoạt động ${unit.code} ${unit.name} từ ${input.from}${reason ? `: ${reason}` : ""}`,
  });
  return { ok: true, unit: { ...unit, retiredFrom: input.from, retireReason: reason } };
}

/** Marks the commune the short public URLs show (one at most). */
export async function setDefaultUnit(db: DB, code: string): Promise<void> {
  await db.updateTable("units").set({ is_default: 0 }).where("is_default", "=", 1).execute();
  await db.updateTable("units").set({ is_default: 1 }).where("code", "=", code).execute();
}
