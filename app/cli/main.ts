/**
 * `npm run cli -- <command> …`: catalog and database commands for officers and operators.
 * Messages are in Vietnamese; exit code 1 means the command found a problem or failed.
 */
import { auditPackCommand, AUDIT_PACK_HELP } from "./audit-pack";
import { BACKUP_HELP, backupCommand, restoreCommand } from "./backup";
import { importListCommand, IMPORT_LIST_HELP } from "./import-list";
import { importPortalCommand, IMPORT_PORTAL_HELP } from "./import-portal";
import { isoDocumentCommand, ISO_DOCUMENT_HELP } from "./iso-document";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { COMMUNES_FOLDER } from "~/catalog/files.server";
import { exportCatalog } from "~/catalog/export.server";
import { formatCatalog } from "~/catalog/format.server";
import { importCatalog } from "~/catalog/import.server";
import { formatProblem, type Problem } from "~/catalog/problem";
import { verifyAuditChain } from "~/models/audit.server";
import { countDocuments } from "~/models/document.server";
import { createFirstAdminIfNone, firstActiveAdmin, requireCliUser, userCommand } from "./users";
import { copyDatabase, CopyRefused, engineLabel } from "~/models/copy.server";
import { actsIn, scopeOfUnit } from "~/models/unit.server";
import { scoped } from "~/utils/unit-scope.server";
import { checkProvinceCatalog, exportProvinceCatalog, importProvinceCatalog, isProvinceFolder } from "~/catalog/province.server";
import { checkCommand } from "./check";
import type { ImportResult } from "~/catalog/import.server";
import { cliUnit, unitCommand } from "./units";
import { RELEASE_HELP, releaseCommand } from "./releases";
import { EXPORT_SITE_HELP, exportSiteCommand } from "./export-site";
import { EXPORT_TABLE_HELP, exportTableCommand } from "./export-table";
import { createAndPublish } from "~/models/release.server";
import { listUnits } from "~/models/unit.server";
import { formatNumber } from "~/domain/format";
import { databaseUrlFromEnv, migrateDown, migrateToLatest, openDatabase, redactDatabaseUrl } from "~/utils/db.server";

const DEFAULT_CATALOG_DIR = "catalog";

const HELP = `Cách dùng: npm run cli -- <lệnh> [tham số]

Lệnh:
  check [thư-mục]          Kiểm tra danh mục (mặc định: catalog/): lược đồ, tham chiếu, quy tắc nghiệp vụ,
                           tính nhất quán (lỗi: thoát với mã 1; cảnh báo: in ra theo quy tắc, cho từng xã, phường)
  import [thư-mục] --as <tên đăng nhập> [--unit <mã>]
                           Nạp danh mục vào cơ sở dữ liệu (một giao dịch; từ chối nếu danh mục có lỗi),
                           ghi tên tài khoản đó (phải có thật, đang hoạt động) vào lịch sử và nhật ký.
                           Thư mục có units.json: nạp cả tỉnh và các xã, phường; không có: nạp vào đơn vị --unit
  export <thư-mục> [--unit <mã>]
                           Ghi các tài liệu hiện hành ra tệp (mã tỉnh: cả tỉnh và các xã, phường)
  format [thư-mục]         Ghi lại các tệp của danh mục theo thứ tự trường chuẩn
  migrate [--down]         Chạy (hoặc lùi một) migration của cơ sở dữ liệu
  setup                    Chạy migration, nạp danh mục mẫu nếu cơ sở dữ liệu còn trống,
                           tạo tài khoản quản trị đầu tiên nếu chưa có tài khoản nào
  unit list                Liệt kê đơn vị (mã, tên, cấp, đơn vị cấp trên)
  unit add --unit <mã> --name <tên> --level province|commune [--parent <mã tỉnh>] [--host <tên miền>]
                           (--host: trang công khai của xã, phường cũng mở theo tên miền này)
  unit move --unit <mã xã> --parent <mã tỉnh>   Chuyển xã, phường sang tỉnh khác (sau sáp nhập)
  unit retire --unit <mã> --from <dd/mm/yyyy> [--reason <lý do>]
                           Ngừng hoạt động đơn vị (giữ nguyên lịch sử)
  user add --username <u> --role <vai trò> [--role …] [--name <họ tên>] [--unit <mã>]
                           Tạo tài khoản (mật khẩu lấy từ NIEMYET_PASSWORD hoặc nhập trong terminal)
  user passwd --username <u>   Đổi mật khẩu (thu hồi các phiên đăng nhập)
  user disable --username <u>  Khóa tài khoản (không xóa; thu hồi các phiên đăng nhập)
  user list                Liệt kê tài khoản
                           (lệnh user ghi người thực hiện là --as <tên đăng nhập> nếu có,
                           nếu không là tài khoản hệ điều hành đang chạy lệnh, dạng cli:<tên>)
${RELEASE_HELP}
${EXPORT_SITE_HELP}
${EXPORT_TABLE_HELP}
${ISO_DOCUMENT_HELP}
${AUDIT_PACK_HELP}
${IMPORT_PORTAL_HELP}
${IMPORT_LIST_HELP}
  audit verify             Kiểm tra toàn bộ chuỗi nhật ký (mã băm nối tiếp); lỗi thì báo mục hỏng đầu tiên
  copy-db <nguồn> <đích>   Chép toàn bộ dữ liệu (tài liệu, phiên bản, tài khoản, nhật ký…) sang một cơ sở dữ liệu
                           trống, ví dụ từ tệp SQLite sang PostgreSQL; dừng máy chủ trước khi chép.
                           Phiên đăng nhập không được chép (mọi người đăng nhập lại)
${BACKUP_HELP}

Vai trò: admin, editor, approver, auditor

Biến môi trường: DATABASE_URL (đường dẫn tệp SQLite, mặc định data/niemyet.sqlite,
hoặc địa chỉ PostgreSQL dạng postgres://người-dùng:mật-khẩu@máy:cổng/tên-csdl)`;

function printProblems(problems: Problem[]) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`\n${problems.length} lỗi.`);
}

async function withDb<T>(fn: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const db = openDatabase(databaseUrlFromEnv());
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

const RELEASES_MIGRATION = "2026_12_03_010000_releases";

/** Each active commune's first release (the demo's public pages), in the first admin's name. */
async function publishFirstReleases(db: ReturnType<typeof openDatabase>, note: string): Promise<number> {
  const admin = await firstActiveAdmin(db);
  for (const unit of await listUnits(db)) {
    if (unit.level !== "commune" || unit.retiredFrom) continue;
    const published = await createAndPublish(db, { unit, actor: admin?.username ?? "system", note });
    if (!published.ok) {
      console.error(`${unit.name} (${unit.code}): ${published.message}`);
      return 1;
    }
    console.log(`Đã công bố bản niêm yết số ${published.release.number} của ${unit.name} (${unit.code}): ${published.release.procedureCount} thủ tục.`);
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    strict: true,
    args: argv,
    allowPositionals: true,
    options: {
      as: { type: "string" },
      author: { type: "string" },
      username: { type: "string" },
      role: { type: "string", multiple: true },
      name: { type: "string" },
      down: { type: "boolean" },
      unit: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      revision: { type: "string" },
      level: { type: "string" },
      parent: { type: "string" },
      host: { type: "string" },
      from: { type: "string" },
      reason: { type: "string" },
      note: { type: "string" },
      at: { type: "string" },
      draft: { type: "boolean" },
      "dry-run": { type: "boolean" },
      sheet: { type: "string" },
      map: { type: "string" },
      number: { type: "string" },
      release: { type: "string" },
      "base-url": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(HELP);
    return command || values.help ? 0 : 1;
  }

  switch (command) {
    case "check":
      return checkCommand(rest[0] ?? DEFAULT_CATALOG_DIR);
    case "import": {
      const dir = rest[0] ?? DEFAULT_CATALOG_DIR;
      if (values.author !== undefined) {
        console.error("Tham số --author không còn dùng: chạy lệnh dưới một tài khoản có thật bằng --as <tên đăng nhập>.");
        return 1;
      }
      return withDb(async (db) => {
        await migrateToLatest(db);
        const user = await requireCliUser(db, values.as, "import");
        let result: ImportResult;
        if (isProvinceFolder(dir) && !values.unit) {
          result = await importProvinceCatalog(db, { dir, author: user.username, via: "cli" });
        } else {
          const unit = await cliUnit(db, values.unit);
          if (!actsIn(user.unitCode, unit)) throw new Error(`Tài khoản «${user.username}» không làm việc tại đơn vị ${unit.code}.`);
          result = await importCatalog(scoped(db, scopeOfUnit(unit)), { dir, author: user.username, via: "cli" });
        }
        if (!result.ok) {
          printProblems(result.problems);
          console.error("Danh mục có lỗi nên không nạp gì vào cơ sở dữ liệu.");
          return 1;
        }
        console.log(`Đã nạp ${dir}: ${formatNumber(result.created)} tài liệu mới, ${formatNumber(result.updated)} cập nhật, ${formatNumber(result.unchanged)} không đổi.`);
        return 0;
      });
    }
    case "export": {
      const dir = rest[0];
      if (!dir) {
        console.error("Thiếu thư mục đích: npm run cli -- export <thư-mục> [--unit <mã>]");
        return 1;
      }
      return withDb(async (db) => {
        await migrateToLatest(db);
        const unit = await cliUnit(db, values.unit, { preferProvince: true });
        const files =
          unit.level === "province"
            ? await exportProvinceCatalog(db, { dir, province: unit })
            : await exportCatalog(scoped(db, { unit: unit.code, readable: [unit.code] }), { dir });
        console.log(`Đã ghi ${formatNumber(files.length)} tệp của ${unit.name} (${unit.code}) vào ${dir}.`);
        return 0;
      });
    }
    case "format": {
      const dir = rest[0] ?? DEFAULT_CATALOG_DIR;
      // A province folder: the province catalog, then each commune's folder over it.
      const folders: [string, Parameters<typeof formatCatalog>[1]][] = [[dir, {}]];
      if (isProvinceFolder(dir)) {
        const checked = checkProvinceCatalog(dir);
        for (const code of checked.communes.keys()) folders.push([join(dir, COMMUNES_FOLDER, code), { inherited: checked.province.entries }]);
      }
      let changed = 0;
      let total = 0;
      for (const [folder, options] of folders) {
        const result = formatCatalog(folder, options);
        if (!result.ok) {
          printProblems(result.problems);
          return 1;
        }
        changed += result.changed;
        total += result.total;
      }
      console.log(`Đã chuẩn hóa ${formatNumber(changed)} tệp (${formatNumber(total)} tài liệu).`);
      return 0;
    }
    case "migrate":
      return withDb(async (db) => {
        if (values.down) {
          const name = await migrateDown(db);
          console.log(name ? `Đã lùi migration ${name}.` : "Không còn migration nào để lùi.");
        } else {
          const applied = await migrateToLatest(db);
          console.log(applied.length ? `Đã chạy: ${applied.join(", ")}` : "Cơ sở dữ liệu đã ở phiên bản mới nhất.");
        }
        return 0;
      });
    case "setup":
      return withDb(async (db) => {
        const applied = await migrateToLatest(db);
        await createFirstAdminIfNone(db);
        if ((await countDocuments(db)) > 0) {
          console.log(`Cơ sở dữ liệu ${redactDatabaseUrl(databaseUrlFromEnv())} đã có dữ liệu; không nạp lại danh mục mẫu.`);
          // Upgraded to releases just now: each commune's pages keep showing what they showed, as its release 1.
          if (applied.includes(RELEASES_MIGRATION)) return publishFirstReleases(db, "Bản niêm yết đầu tiên, tạo khi nâng cấp lên phiên bản có bản niêm yết");
          return 0;
        }
        // The sample catalog is loaded in the name of the first admin (created just above on a new database).
        const admin = await firstActiveAdmin(db);
        if (!admin) throw new Error("Không có tài khoản quản trị nào đang hoạt động để ghi tên người nạp danh mục mẫu.");
        const result = await importProvinceCatalog(db, {
          dir: DEFAULT_CATALOG_DIR,
          author: admin.username,
          note: "Nạp danh mục mẫu lần đầu",
          via: "cli",
        });
        if (!result.ok) {
          printProblems(result.problems);
          return 1;
        }
        console.log(`Đã nạp danh mục mẫu vào ${redactDatabaseUrl(databaseUrlFromEnv())}: ${formatNumber(result.created)} tài liệu (người nạp: ${admin.username}).`);
        return publishFirstReleases(db, "Bản niêm yết đầu tiên của danh mục mẫu");
      });
    case "export-site":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return exportSiteCommand(db, rest[0], values);
      });
    case "export-table":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return exportTableCommand(db, rest[0], values);
      });
    case "iso-document":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return isoDocumentCommand(db, rest[0], values);
      });
    case "audit-pack":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return auditPackCommand(db, values);
      });
    case "import-portal":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return importPortalCommand(db, rest[0], values);
      });
    case "import-list":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return importListCommand(db, rest[0], values);
      });
    case "release":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return releaseCommand(db, rest, values);
      });
    case "user":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return userCommand(db, rest[0], values);
      });
    case "audit":
      return withDb(async (db) => {
        await migrateToLatest(db);
        if (rest[0] !== "verify") throw new Error("Cách dùng: npm run cli -- audit verify");
        const result = await verifyAuditChain(db);
        if (!result.ok) {
          console.error(`Nhật ký KHÔNG toàn vẹn: mục số ${result.brokenAt}: ${result.reason}.`);
          return 1;
        }
        console.log(`Nhật ký toàn vẹn: ${result.entries} mục; mã băm mục cuối ${result.headHash}.`);
        return 0;
      });
    case "unit":
      return withDb(async (db) => {
        await migrateToLatest(db);
        return unitCommand(db, rest, values);
      });
    case "backup":
      return backupCommand(rest);
    case "restore":
      return restoreCommand(rest);
    case "copy-db": {
      const [fromUrl, toUrl] = rest;
      if (!fromUrl || !toUrl || rest.length !== 2) throw new Error("Cách dùng: npm run cli -- copy-db <nguồn> <đích>");
      if (fromUrl === toUrl) throw new Error("Nguồn và đích là cùng một cơ sở dữ liệu.");
      const from = openDatabase(fromUrl);
      const to = openDatabase(toUrl);
      try {
        console.log(`Chép từ ${redactDatabaseUrl(fromUrl)} (${engineLabel(from)}) sang ${redactDatabaseUrl(toUrl)} (${engineLabel(to)})…`);
        const report = await copyDatabase(from, to, (line) => console.log(`  ${line}`));
        if (!report.audit.ok) {
          console.error(`Đã chép, nhưng nhật ký trên bản chép KHÔNG toàn vẹn: mục số ${report.audit.brokenAt}: ${report.audit.reason}.`);
          return 1;
        }
        const total = report.tables.reduce((n, t) => n + t.rows, 0);
        console.log(`Đã chép ${formatNumber(total)} dòng. Nhật ký trên bản chép toàn vẹn: ${formatNumber(report.audit.entries)} mục; mã băm mục cuối ${report.audit.headHash}.`);
        return 0;
      } catch (error) {
        if (error instanceof CopyRefused) {
          console.error(error.message);
          return 1;
        }
        throw error;
      } finally {
        await from.destroy();
        await to.destroy();
      }
    }
    default:
      console.error(`Lệnh không hợp lệ: «${command}».\n\n${HELP}`);
      return 1;
  }
}

/** node:util parseArgs explains bad options in English; officers read Vietnamese. */
function cliErrorMessage(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `Tham số không hợp lệ: ${option}. Xem: npm run cli -- --help`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return `Tham số ${option} thiếu giá trị hoặc giá trị không hợp lệ. Xem: npm run cli -- --help`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `Thừa tham số: ${message.split("'")[1] ?? ""}. Xem: npm run cli -- --help`;
  return message;
}

/** Exits once what was printed has reached the pipe (a long preview piped to a file or a test is not cut short). */
const exitAfterOutput = (code: number) => process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));

main(process.argv.slice(2)).then(exitAfterOutput, (error: unknown) => {
  console.error(cliErrorMessage(error));
  exitAfterOutput(1);
});
