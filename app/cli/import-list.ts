import { formatNumber } from "~/domain/format";
import { ImportFileError, readImportPath } from "~/imports/files.server";
import { applyListImport, planListImport } from "~/imports/list/import.server";
import { MappingError, parseMappingArg, type ColumnMapping } from "~/imports/list/mapping";
import { describeListPlan, mappingLines } from "~/imports/list/report";
import { LIST_FILE, readGrid } from "~/imports/list/sheet.server";
import { scopeOfUnit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { importingUnitAndUser } from "./import-portal";

export const IMPORT_LIST_HELP = `  import-list <tệp.xlsx|tệp.csv> --unit <mã> --as <tên đăng nhập> [--dry-run] [--sheet TÊN] [--map "Mã thủ tục=B,Tên thủ tục=C,…"]
                           Nhập danh sách thủ tục (Excel hoặc CSV) theo mã thủ tục: thủ tục thay đổi hoặc mới thành
                           bản nháp gửi duyệt; có lỗi ở dòng nào thì không nhập gì. Không có --map: dùng cách ghép cột
                           của lần nhập trước nếu tiêu đề vẫn vậy, nếu không thì đoán theo tiêu đề; --dry-run chỉ in
                           những gì sẽ thay đổi, không ghi gì`;

const USAGE = 'Cách dùng: npm run cli -- import-list <tệp.xlsx|tệp.csv> --unit <mã> --as <tên đăng nhập> [--dry-run] [--sheet TÊN] [--map "Mã thủ tục=B,…"]';

/** `import-list`: a province's procedure list into a unit's catalog (app/imports/list/import.server.ts). */
export async function importListCommand(
  db: DB,
  path: string | undefined,
  values: { unit?: string; as?: string; "dry-run"?: boolean; sheet?: string; map?: string },
): Promise<number> {
  if (!path || !LIST_FILE(path)) {
    console.error(path ? `LỖI ${path}: chỉ nhập được danh sách dạng .xlsx hoặc .csv\n${USAGE}` : USAGE);
    return 1;
  }
  const { unit, user } = await importingUnitAndUser(db, values, "import-list");
  let file;
  let mapping: ColumnMapping | null = null;
  try {
    [file] = await readImportPath(path, LIST_FILE);
    if (values.map) mapping = parseMappingArg(values.map, (await readGrid(file, { sheet: values.sheet })).rows[0]?.length ?? 0);
  } catch (error) {
    if (error instanceof ImportFileError) console.error(`LỖI ${error.file}: ${error.message}\nKhông nhập gì.`);
    else if (error instanceof MappingError) console.error(`LỖI ${error.message}\nKhông nhập gì.`);
    else throw error;
    return 1;
  }
  const unitDb = scoped(db, scopeOfUnit(unit));
  const input = { file, sheet: values.sheet, mapping };
  if (values["dry-run"]) {
    const plan = await planListImport(unitDb, input);
    for (const line of describeListPlan(plan)) (line.startsWith("LỖI") ? console.error : console.log)(line);
    console.log("Chạy thử (--dry-run): không ghi gì.");
    return plan.problems.length ? 1 : 0;
  }
  const result = await applyListImport(unitDb, { ...input, author: user!.username, fingerprint: null, via: "cli" });
  if (!result.ok) {
    for (const line of result.plan ? describeListPlan(result.plan) : []) console.error(line);
    console.error(result.message);
    return 1;
  }
  for (const line of mappingLines(result.plan)) console.log(line);
  console.log(`Đã nhập vào ${unit.name} (${unit.code}): ${formatNumber(result.created)} thủ tục mới, ${formatNumber(result.updated)} cập nhật, ${formatNumber(result.unchanged)} không đổi; các bản nháp đã gửi duyệt.`);
  return 0;
}
