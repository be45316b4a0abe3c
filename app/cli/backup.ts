import { backupDatabase, BackupRefused, CopyRefused, manifestPathOf, restoreDatabase } from "~/models/backup.server";
import { engineLabel } from "~/models/copy.server";
import { databaseUrlFromEnv, openDatabase, redactDatabaseUrl } from "~/utils/db.server";

/** `npm run cli -- backup <file>` and `restore <file>` (app/models/backup.server.ts). */

export const BACKUP_HELP = `  backup <tệp>             Sao lưu trực tuyến cơ sở dữ liệu (DATABASE_URL) vào một tệp mới, kèm bản kê
                           <tệp>.manifest.json (sha256, số dòng mỗi bảng, mã băm mục cuối của nhật ký);
                           ứng dụng vẫn chạy và ghi trong lúc sao lưu
  restore <tệp>            Khôi phục bản sao lưu vào cơ sở dữ liệu trống (DATABASE_URL, SQLite hoặc PostgreSQL):
                           kiểm tra tệp theo bản kê, chép, rồi kiểm tra số dòng và chuỗi nhật ký`;

function refusal(error: unknown): number {
  if (error instanceof BackupRefused || error instanceof CopyRefused) {
    console.error(error.message);
    return 1;
  }
  throw error;
}

export async function backupCommand(args: string[]): Promise<number> {
  const [file] = args;
  if (!file || args.length !== 1) throw new Error("Cách dùng: npm run cli -- backup <tệp>");
  const url = databaseUrlFromEnv();
  const db = openDatabase(url);
  try {
    console.log(`Sao lưu ${redactDatabaseUrl(url)} (${engineLabel(db)}) vào ${file}…`);
    const manifest = await backupDatabase(db, file, (line) => console.log(`  ${line}`));
    const rows = Object.values(manifest.tables).reduce((n, r) => n + r, 0);
    console.log(
      `Đã sao lưu ${rows} dòng vào ${file} (sha256 ${manifest.file.sha256}); bản kê: ${manifestPathOf(file)}. ` +
        `Nhật ký toàn vẹn: ${manifest.audit.entries} mục; mã băm mục cuối ${manifest.audit.headHash}.`,
    );
    return 0;
  } catch (error) {
    return refusal(error);
  } finally {
    await db.destroy();
  }
}

export async function restoreCommand(args: string[]): Promise<number> {
  const [file] = args;
  if (!file || args.length !== 1) throw new Error("Cách dùng: npm run cli -- restore <tệp>");
  const url = databaseUrlFromEnv();
  const db = openDatabase(url);
  try {
    console.log(`Khôi phục ${file} vào ${redactDatabaseUrl(url)} (${engineLabel(db)})…`);
    const { manifest, report } = await restoreDatabase(file, db, (line) => console.log(`  ${line}`));
    const rows = report.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `Đã khôi phục ${rows} dòng từ bản sao lưu lúc ${manifest.createdAt}. ` +
        `Nhật ký toàn vẹn: ${report.audit.entries} mục; mã băm mục cuối ${manifest.audit.headHash}, khớp bản kê.`,
    );
    return 0;
  } catch (error) {
    return refusal(error);
  } finally {
    await db.destroy();
  }
}
