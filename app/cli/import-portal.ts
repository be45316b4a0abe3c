import { ImportFileError, readImportPath } from "~/imports/files.server";
import { applyPortalImport, planPortalImport, PORTAL_FILE } from "~/imports/portal/import.server";
import { describeApplied, describePlan } from "~/imports/portal/report";
import { actsIn, scopeOfUnit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { cliUnit } from "./units";
import { requireCliUser } from "./users";

export const IMPORT_PORTAL_HELP = `  import-portal <tệp|thư-mục|tệp.zip> --unit <mã> --as <tên đăng nhập> [--dry-run]
                           Nhập thủ tục từ bản ghi JSON của Cổng Dịch vụ công quốc gia (dạng {code: OK, data},
                           bản ghi trần, hoặc bản xuất cũ MATTHC/TENTTHC): thủ tục mới hoặc thay đổi thành bản nháp
                           gửi duyệt; --dry-run chỉ in những gì sẽ thay đổi, không ghi gì`;

/** The unit imported into and the editor importing (none needed for a dry run), as both import commands check them. */
export async function importingUnitAndUser(db: DB, values: { unit?: string; as?: string; "dry-run"?: boolean }, command: string) {
  const unit = await cliUnit(db, values.unit);
  const user = values["dry-run"] && !values.as ? null : await requireCliUser(db, values.as, command);
  if (user && !actsIn(user.unitCode, unit)) throw new Error(`Tài khoản «${user.username}» không làm việc tại đơn vị ${unit.code}.`);
  if (user && !user.roles.includes("editor")) throw new Error(`Tài khoản «${user.username}» không có vai trò soạn thảo (editor) nên không nhập được thủ tục.`);
  return { unit, user };
}

/** `import-portal`: national-portal records into a unit's catalog (app/imports/portal/import.server.ts). */
export async function importPortalCommand(db: DB, path: string | undefined, values: { unit?: string; as?: string; "dry-run"?: boolean }): Promise<number> {
  if (!path) {
    console.error("Cách dùng: npm run cli -- import-portal <tệp|thư-mục|tệp.zip> --unit <mã> --as <tên đăng nhập> [--dry-run]");
    return 1;
  }
  const { unit, user } = await importingUnitAndUser(db, values, "import-portal");
  let files;
  try {
    files = await readImportPath(path, PORTAL_FILE);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    console.error(`LỖI ${error.file}: ${error.message}\nKhông nhập gì.`);
    return 1;
  }
  const unitDb = scoped(db, scopeOfUnit(unit));
  if (values["dry-run"]) {
    const plan = await planPortalImport(unitDb, files);
    for (const line of describePlan(plan)) (plan.problems.length ? console.error : console.log)(line);
    console.log("Chạy thử (--dry-run): không ghi gì.");
    return plan.problems.length ? 1 : 0;
  }
  const result = await applyPortalImport(unitDb, { files, author: user!.username, fingerprint: null, via: "cli" });
  if (!result.ok) {
    for (const line of describePlan(result.plan)) console.error(line);
    console.error(result.message);
    return 1;
  }
  console.log(`Đã nhập vào ${unit.name} (${unit.code}): ${describeApplied(result)}`);
  return 0;
}
