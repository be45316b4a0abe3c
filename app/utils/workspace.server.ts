import { createCookie } from "@remix-run/node";
import type { Permission } from "~/domain/permissions";
import { actsIn, defaultPublicUnit, getUnit, listUnits, scopeOfUnit, unitByHost, unitsActedIn, type Unit } from "~/models/unit.server";
import type { User } from "~/models/user.server";
import type { PublicCatalog } from "~/models/public-catalog.server";
import { getRelease, liveCatalog, releaseCatalog } from "~/models/release.server";
import { requireUser } from "./auth.server";
import { getDb, type DB } from "./db.server";
import { scoped } from "./unit-scope.server";

/**
 * Which unit a request acts in, and the database handle scoped to it (docs/decisions/010-units.md).
 *
 * Admin: the unit chosen with the unit switcher (cookie `niemyet_unit`), when the signed-in account acts in it;
 * else the account's own unit; a deployment-wide account starts in the first province. Every admin route that
 * reads or writes documents takes its handle from `requireWorkspace`, never from `getDb()`.
 *
 * Public: `/xa/<code>/…` names the commune; else the host name a unit is mapped to; else the deployment's default
 * commune (the short URLs of a single-commune deployment).
 */

const unitCookie = createCookie("niemyet_unit", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });

export interface Workspace {
  user: User;
  /** The unit acted in. */
  unit: Unit;
  /** Every active unit the account may switch to, in code order. */
  units: Unit[];
  db: DB;
}

export async function requireWorkspace(request: Request, permission: Permission | readonly Permission[]): Promise<Workspace> {
  const user = await requireUser(request, permission);
  const db = getDb();
  const units = await unitsActedIn(db, user.unitCode);
  const chosen = await unitCookie.parse(request.headers.get("Cookie"));
  const unit =
    units.find((u) => u.code === chosen) ?? units.find((u) => u.code === user.unitCode) ?? units.find((u) => u.level === "province") ?? units[0];
  if (!unit) throw new Response("Tài khoản chưa thuộc đơn vị nào đang hoạt động", { status: 403 });
  return { user, unit, units, db: scoped(db, scopeOfUnit(unit)) };
}

/** The Set-Cookie header that makes `code` the unit acted in (the caller checks the account acts in it). */
export function chooseUnitCookie(code: string): Promise<string> {
  return unitCookie.serialize(code);
}

export interface PublicUnit {
  unit: Unit;
  db: DB;
  /** The path prefix of this commune's public pages: "" on the short URLs, "/xa/<code>", or a preview's. */
  base: string;
  /** What the pages show: the commune's live release (or the one previewed); null before its first release. */
  catalog: PublicCatalog | null;
}

/** The public pages with the commune's live release; a 404 before it has one. */
export interface PublicRelease extends PublicUnit {
  catalog: PublicCatalog;
}

const activeCommune = (unit: Unit | null) => unit !== null && unit.level === "commune" && !unit.retiredFrom;

/**
 * The commune a public page shows: `/xa/<code>` (a 404 for an unknown code, a province or a retired unit), else
 * the host name's unit, else the default commune; null when the short URLs show none (a many-commune deployment).
 * `/xem-truoc/<code>/<n>`: release n of the commune before it goes live, for signed-in staff acting in it.
 */
export async function publicUnitOf(request: Request, params: { unit?: string; release?: string }): Promise<PublicUnit | null> {
  const db = getDb();
  if (params.release !== undefined) return previewOf(request, params);
  if (params.unit !== undefined) {
    const unit = /^\d{5}$/.test(params.unit) ? await getUnit(db, params.unit) : null;
    if (!unit || !activeCommune(unit)) throw new Response("Không tìm thấy đơn vị", { status: 404 });
    return { unit, db: scoped(db, scopeOfUnit(unit)), base: `/xa/${unit.code}`, catalog: await liveCatalog(db, unit.code) };
  }
  const host = request.headers.get("Host");
  const unit = (host ? await unitByHost(db, host) : null) ?? (await defaultPublicUnit(db));
  return unit && !unit.retiredFrom ? { unit, db: scoped(db, scopeOfUnit(unit)), base: "", catalog: await liveCatalog(db, unit.code) } : null;
}

async function previewOf(request: Request, params: { unit?: string; release?: string }): Promise<PublicUnit> {
  const db = getDb();
  const user = await requireUser(request, "catalog:read");
  const unit = params.unit && /^\d{5}$/.test(params.unit) ? await getUnit(db, params.unit) : null;
  const number = Number(params.release);
  const release = unit && Number.isSafeInteger(number) ? await getRelease(db, unit.code, number) : null;
  if (!unit || !activeCommune(unit) || !release) throw new Response("Không tìm thấy bản niêm yết", { status: 404 });
  if (!actsIn(user.unitCode, unit)) {
    throw new Response("Tài khoản không làm việc tại đơn vị này", { status: 403 });
  }
  const catalog = releaseCatalog(db, release);
  return { unit, db: scoped(db, scopeOfUnit(unit)), base: `/xem-truoc/${unit.code}/${number}`, catalog };
}

/** The commune a public page shows (publicUnitOf) and its live release; a 404 when there is none. */
export async function requirePublicUnit(request: Request, params: { unit?: string; release?: string }): Promise<PublicRelease> {
  const found = await publicUnitOf(request, params);
  if (!found) throw new Response("Không tìm thấy đơn vị", { status: 404 });
  if (!found.catalog) throw new Response("Đơn vị chưa công bố bản niêm yết thủ tục hành chính nào", { status: 404 });
  return found as PublicRelease;
}

/** Active communes, for the portal's index, with their province's name. */
export async function listPublicCommunes(db: DB): Promise<{ code: string; name: string; provinceName: string | null }[]> {
  const units = await listUnits(db);
  const names = new Map(units.map((u) => [u.code, u.name]));
  return units
    .filter((u) => u.level === "commune" && !u.retiredFrom)
    .map((u) => ({ code: u.code, name: u.name, provinceName: u.parentCode ? (names.get(u.parentCode) ?? null) : null }));
}
