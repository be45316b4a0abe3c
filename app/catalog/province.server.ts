import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { UnitList } from "~/generated";
import { addUnit, getUnit, listUnits, scopeOfUnit, setDefaultUnit, type Unit } from "~/models/unit.server";
import { validateUnitList } from "~/utils/validation.server";
import { inTransaction, type DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { checkCatalog, type CheckedCatalog } from "./check.server";
import { exportCatalog } from "./export.server";
import { COMMUNES_FOLDER, readJsonFile, UNITS_FILE } from "./files.server";
import { importCatalog, storedCustomFields, type ImportResult } from "./import.server";
import type { Problem } from "./problem";

/**
 * A province's catalog folder (docs/decisions/010-units.md):
 *
 *     units.json                      the province and its communes: [{code, name, level, parent?, default?}]
 *     procedures/ forms/ fees/ …      the province catalog every commune inherits
 *     communes/<code>/organization/…  each commune's own documents (profile, code of conduct, quality policy…)
 *
 * A folder without units.json is one unit's documents (imported with `--unit`).
 */

/** One entry of units.json (schemas/unit-list.schema.json). */
export type UnitEntry = UnitList["units"][number];

export function isProvinceFolder(dir: string): boolean {
  return existsSync(join(dir, UNITS_FILE));
}

/** Reads and checks units.json (validateUnitList), and that each folder under communes/ is one of its communes. */
export function readUnitsFile(dir: string): { units: UnitEntry[]; problems: Problem[] } {
  const file = join(dir, UNITS_FILE);
  const read = readJsonFile(file, file);
  if (!read.ok) return { units: [], problems: [read.problem] };
  const issues = validateUnitList(read.data);
  if (issues.length > 0)
    return { units: [], problems: issues.map((issue) => ({ file, pointer: issue.pointer, fieldTitle: issue.fieldTitle, message: issue.message })) };
  const units = (read.data as UnitList).units;
  const problems: Problem[] = [];
  const communesDir = join(dir, COMMUNES_FOLDER);
  if (existsSync(communesDir)) {
    for (const name of readdirSync(communesDir).sort()) {
      if (!statSync(join(communesDir, name)).isDirectory() || !units.some((u) => u.code === name && u.level === "commune")) {
        problems.push({
          file: join(communesDir, name),
          fieldTitle: "(thư mục)",
          message: `Thư mục không phải của một xã, phường trong ${UNITS_FILE}`,
        });
      }
    }
  }
  return { units, problems };
}

export interface CheckedProvince {
  units: UnitEntry[];
  province: CheckedCatalog;
  communes: Map<string, CheckedCatalog>;
  problems: Problem[];
}

/** `check` of a province folder: units.json, the province catalog, and each commune's documents over it. */
export function checkProvinceCatalog(dir: string, options: Parameters<typeof checkCatalog>[1] = {}): CheckedProvince {
  const { units, problems } = readUnitsFile(dir);
  const province = checkCatalog(dir, options);
  problems.push(...province.problems);
  const communes = new Map<string, CheckedCatalog>();
  for (const unit of units.filter((u) => u.level === "commune")) {
    const folder = join(dir, COMMUNES_FOLDER, unit.code);
    if (!existsSync(folder)) continue;
    const checked = checkCatalog(folder, { ...options, inherited: province.entries });
    communes.set(unit.code, checked);
    problems.push(...checked.problems);
  }
  return { units, province, communes, problems };
}

/**
 * Loads a province folder in one transaction: creates the units it names that the database lacks (an existing
 * unit must have the same level and parent), imports the province catalog into the province and each commune's
 * folder into the commune. A problem anywhere writes nothing.
 */
export async function importProvinceCatalog(db: DB, options: { dir: string; author: string; note?: string; via?: "cli" }): Promise<ImportResult> {
  // Checked once, whole, here; each folder's import then writes what was checked.
  const checked = checkProvinceCatalog(options.dir, { fallbackCustomFields: await storedCustomFields(db) });
  if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
  const file = join(options.dir, UNITS_FILE);
  try {
    return await inTransaction(db, async (trx) => {
      const totals = { created: 0, updated: 0, unchanged: 0 };
      const ordered = [...checked.units].sort((a, b) => (a.level === b.level ? 0 : a.level === "province" ? -1 : 1));
      const stored = new Map<string, Unit>();
      for (const entry of ordered) {
        let unit = await getUnit(trx, entry.code);
        if (unit && (unit.level !== entry.level || (unit.parentCode ?? undefined) !== entry.parent)) {
          throw new Refused([
            { file, fieldTitle: `Đơn vị ${entry.code}`, message: `Trên hệ thống, ${unit.name} có cấp hoặc đơn vị cấp trên khác với tệp` },
          ]);
        }
        if (!unit) {
          const added = await addUnit(trx, {
            code: entry.code,
            name: entry.name,
            level: entry.level,
            parentCode: entry.parent,
            actor: { name: options.author },
          });
          if (!added.ok) throw new Refused([{ file, fieldTitle: `Đơn vị ${entry.code}`, message: added.message }]);
          unit = added.unit;
        }
        stored.set(unit.code, unit);
      }
      const defaultUnit = checked.units.find((u) => u.default);
      if (defaultUnit && !(await listUnits(trx)).some((u) => u.isDefault)) await setDefaultUnit(trx, defaultUnit.code);
      const add = (result: ImportResult) => {
        if (!result.ok) throw new Refused(result.problems);
        totals.created += result.created;
        totals.updated += result.updated;
        totals.unchanged += result.unchanged;
      };
      const province = stored.get(checked.units.find((u) => u.level === "province")!.code)!;
      add(await importCatalog(scoped(trx, scopeOfUnit(province)), { ...options, checked: checked.province }));
      for (const code of checked.communes.keys()) {
        add(
          await importCatalog(scoped(trx, scopeOfUnit(stored.get(code)!)), {
            ...options,
            dir: join(options.dir, COMMUNES_FOLDER, code),
            checked: checked.communes.get(code),
          }),
        );
      }
      return { ok: true as const, ...totals };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    throw error;
  }
}

class Refused extends Error {
  constructor(readonly problems: Problem[]) {
    super("refused");
  }
}

/** Writes a province and its communes in the folder layout above (the inverse of importProvinceCatalog). */
export async function exportProvinceCatalog(db: DB, options: { dir: string; province: Unit }): Promise<string[]> {
  const communes = (await listUnits(db)).filter((u) => u.parentCode === options.province.code);
  const entries: UnitEntry[] = [
    { code: options.province.code, name: options.province.name, level: "province" },
    ...communes.map((u) => ({
      code: u.code,
      name: u.name,
      level: "commune" as const,
      parent: options.province.code,
      ...(u.isDefault ? { default: true } : {}),
    })),
  ];
  mkdirSync(options.dir, { recursive: true });
  const unitsFile = join(options.dir, UNITS_FILE);
  writeFileSync(unitsFile, `${JSON.stringify({ units: entries }, null, 2)}\n`);
  const written = [
    unitsFile,
    ...(await exportCatalog(scoped(db, { unit: options.province.code, readable: [options.province.code] }), { dir: options.dir })),
  ];
  for (const commune of communes) {
    const own = scoped(db, { unit: commune.code, readable: [commune.code] });
    written.push(...(await exportCatalog(own, { dir: join(options.dir, COMMUNES_FOLDER, commune.code), customFields: false })));
  }
  return written;
}
