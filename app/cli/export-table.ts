import { writeFileSync } from "node:fs";
import { todayInVietnam } from "~/domain/format";
import { auditTable, catalogTables, exportBytes, isExportFormat, releaseTables, reportTable } from "~/exports/index.server";
import type { ExportTable } from "~/exports/table";
import { listAudit } from "~/models/audit.server";
import { unitConsistency } from "~/models/consistency.server";
import { getRelease, liveRelease } from "~/models/release.server";
import { scopeOfUnit, type Unit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { cliUnit } from "./units";

export const EXPORT_TABLE_HELP = `  export-table <catalog|release|report|audit> --unit <mã> [--release <số>] --format xlsx|csv --out <tệp>
                           Xuất ra Excel (.xlsx) hoặc CSV (UTF-8): catalog – danh mục thủ tục đang áp dụng;
                           release – danh mục của bản niêm yết --release (mặc định: bản đang niêm yết);
                           report – báo cáo kiểm tra tính nhất quán; audit – nhật ký của đơn vị và tỉnh của nó`;

const USAGE = "Cách dùng: npm run cli -- export-table <catalog|release|report|audit> --unit <mã> [--release <số>] --format xlsx|csv --out <tệp>";
const TABLES = ["catalog", "release", "report", "audit"] as const;
type TableName = (typeof TABLES)[number];

/** `export-table`: one of the admin's spreadsheet exports (app/exports) of a unit, written to a file. */
export async function exportTableCommand(db: DB, name: string | undefined, values: { unit?: string; release?: string; format?: string; out?: string }): Promise<number> {
  if (!TABLES.includes(name as TableName) || !isExportFormat(values.format) || !values.out) {
    console.error(USAGE);
    return 1;
  }
  const unit = await cliUnit(db, values.unit);
  const tables = await tablesOf(db, name as TableName, unit, values.release);
  if (typeof tables === "string") {
    console.error(tables);
    return 1;
  }
  const bytes = await exportBytes(tables, values.format);
  writeFileSync(values.out, bytes);
  console.log(`Đã ghi ${values.out}: ${tables[0].rows.length} dòng (${tables[0].title}, ${unit.name}).`);
  return 0;
}

/** The tables to write, or a Vietnamese message saying why there are none. */
async function tablesOf(root: DB, name: TableName, unit: Unit, releaseNumber: string | undefined): Promise<ExportTable[] | string> {
  const db = scoped(root, scopeOfUnit(unit));
  const today = todayInVietnam();
  switch (name) {
    case "catalog":
      return catalogTables(db, { today });
    case "release": {
      if (releaseNumber !== undefined && !/^\d{1,9}$/.test(releaseNumber)) return `--release: «${releaseNumber}» không phải số của bản niêm yết.`;
      const number = releaseNumber === undefined ? (await liveRelease(db, unit.code))?.number : Number(releaseNumber);
      const release = number === undefined ? null : await getRelease(db, unit.code, number);
      if (!release) return releaseNumber === undefined ? `${unit.name} chưa có bản niêm yết nào đang niêm yết.` : `${unit.name} không có bản niêm yết số ${releaseNumber}.`;
      return releaseTables(db, { release });
    }
    case "report":
      return [reportTable(await unitConsistency(db, { unit, today }))];
    case "audit":
      return [auditTable(await listAudit(root, { units: [unit.code, ...(unit.parentCode ? [unit.parentCode] : [])] }))];
  }
}
