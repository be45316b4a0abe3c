import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { migrations } from "../../migrations/index.ts";
import { sql } from "kysely";
import { verifyAuditChain } from "./audit.server";
import { copyDatabase, COPIED_TABLES, CopyRefused, NOT_COPIED_TABLES, type CopyReport } from "./copy.server";
import { engineOf, migrateToLatest, openDatabase, type Database, type DB, type Engine } from "~/utils/db.server";

/**
 * `npm run cli -- backup <file>` / `restore <file>` (docs/decisions/023-backups.md).
 *
 * A backup is a SQLite database file holding every copied table of the deployment (app/models/copy.server.ts:
 * everything but sessions, sign-in failures and pending uploads), whatever the engine it was taken from, with a
 * manifest beside it (`<file>.manifest.json`: the file's sha256 and size, the rows of each table, the audit log's
 * entries and head hash). It is taken online, from one snapshot, while the app goes on writing: SQLite's
 * `VACUUM INTO` (one read transaction in WAL mode), or on PostgreSQL every table read in one repeatable-read,
 * read-only transaction.
 * A restore checks the file against its manifest, brings a temporary copy of it to the current migrations, copies
 * it into an empty database of either engine, and checks the counts and the audit chain's head against the
 * manifest.
 */

export const BACKUP_FORMAT = "niemyet-backup-1";

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  source: Engine;
  migrations: number;
  tables: Record<string, number>;
  audit: { entries: number; headHash: string | null };
  file: { name: string; bytes: number; sha256: string };
}

export const manifestPathOf = (file: string) => `${file}.manifest.json`;

const sha256OfFile = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

export class BackupRefused extends Error {}

/** The rows of each copied table and the audit chain of a database (the backup file, before it is final). */
async function contentsOf(db: DB): Promise<{ tables: Record<string, number>; audit: Awaited<ReturnType<typeof verifyAuditChain>> }> {
  const tables: Record<string, number> = {};
  for (const table of Object.keys(COPIED_TABLES) as (keyof Database)[]) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    tables[table] = Number(row.n);
  }
  return { tables, audit: await verifyAuditChain(db) };
}

/** Takes a consistent backup of `source` into the new file `file` (refused when it exists) and writes its manifest. */
export async function backupDatabase(source: DB, file: string, progress: (line: string) => void = () => {}): Promise<BackupManifest> {
  if (existsSync(file) || existsSync(manifestPathOf(file))) throw new BackupRefused(`Tệp ${file} đã có: chọn một tên tệp sao lưu mới (không ghi đè bản sao lưu cũ).`);
  // Written beside its final name, then renamed: a backup cut short never looks like a finished one.
  const partial = `${file}.dang-ghi-${process.pid}`;
  const removePartial = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${partial}${suffix}`, { force: true });
  };
  removePartial();
  try {
    if (engineOf(source) === "sqlite") {
      // One statement, one read transaction: writers in WAL mode go on meanwhile.
      await sql`VACUUM INTO ${partial}`.execute(source);
    } else {
      // Every table read in one snapshot; the server goes on taking writes.
      const target = openDatabase(partial);
      try {
        await source
          .transaction()
          .setIsolationLevel("repeatable read")
          .setAccessMode("read only")
          .execute((trx) => copyDatabase(trx, target, progress));
      } finally {
        await target.destroy();
      }
    }
    const backup = openDatabase(partial);
    let contents: Awaited<ReturnType<typeof contentsOf>>;
    try {
      // What belongs to the running server (sessions, sign-in failures, uploads waiting) is not kept.
      for (const table of NOT_COPIED_TABLES) await backup.deleteFrom(table).execute();
      await sql`VACUUM`.execute(backup);
      contents = await contentsOf(backup);
      await sql`PRAGMA journal_mode = DELETE`.execute(backup);
    } finally {
      await backup.destroy();
    }
    if (!contents.audit.ok) {
      throw new Error(`Nhật ký trong bản sao lưu KHÔNG toàn vẹn: mục số ${contents.audit.brokenAt}: ${contents.audit.reason}. Không ghi bản sao lưu.`);
    }
    renameSync(partial, file);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      source: engineOf(source),
      migrations: Object.keys(migrations).length,
      tables: contents.tables,
      audit: { entries: contents.audit.entries, headHash: contents.audit.headHash },
      file: { name: basename(file), bytes: statSync(file).size, sha256: sha256OfFile(file) },
    };
    writeFileSync(manifestPathOf(file), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const [table, rows] of Object.entries(manifest.tables)) progress(`${table}: ${rows} dòng`);
    return manifest;
  } finally {
    removePartial();
  }
}

function readManifest(file: string): BackupManifest {
  const path = manifestPathOf(file);
  if (!existsSync(file)) throw new BackupRefused(`Không có tệp sao lưu ${file}.`);
  if (!existsSync(path)) throw new BackupRefused(`Không có bản kê ${path} đi kèm tệp sao lưu: không kiểm tra được tệp nên không khôi phục.`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8")) as BackupManifest;
  } catch {
    throw new BackupRefused(`Bản kê ${path} không phải JSON hợp lệ: không khôi phục.`);
  }
  if (manifest?.format !== BACKUP_FORMAT || typeof manifest.file?.sha256 !== "string" || typeof manifest.tables !== "object") {
    throw new BackupRefused(`Bản kê ${path} không phải bản kê sao lưu của Niêm Yết (${BACKUP_FORMAT}): không khôi phục.`);
  }
  return manifest;
}

/** Checks the backup against its manifest, then copies it into the empty database `target`. */
export async function restoreDatabase(file: string, target: DB, progress: (line: string) => void = () => {}): Promise<{ manifest: BackupManifest; report: CopyReport }> {
  const manifest = readManifest(file);
  if (statSync(file).size !== manifest.file.bytes || sha256OfFile(file) !== manifest.file.sha256) {
    throw new BackupRefused(`Tệp sao lưu ${file} không khớp mã băm sha256 trong bản kê (tệp hỏng hoặc đã bị sửa): không khôi phục.`);
  }
  // The backup itself is never opened for writing: a temporary copy is brought to the current migrations.
  const dir = mkdtempSync(join(tmpdir(), "niemyet-restore-"));
  const working = join(dir, "backup.sqlite");
  copyFileSync(file, working);
  const source = openDatabase(working);
  try {
    await migrateToLatest(source);
    const report = await copyDatabase(source, target, progress);
    const restored = Object.fromEntries(report.tables.map((t) => [t.name, t.rows]));
    for (const [table, rows] of Object.entries(manifest.tables)) {
      if (restored[table] !== rows) throw new Error(`Bảng ${table}: bản kê ghi ${rows} dòng, đã khôi phục ${restored[table] ?? 0}.`);
    }
    if (!report.audit.ok) throw new Error(`Nhật ký sau khi khôi phục KHÔNG toàn vẹn: mục số ${report.audit.brokenAt}: ${report.audit.reason}.`);
    if (report.audit.headHash !== manifest.audit.headHash) {
      throw new Error(`Mã băm mục cuối của nhật ký (${report.audit.headHash}) khác bản kê (${manifest.audit.headHash}).`);
    }
    return { manifest, report };
  } finally {
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

export { CopyRefused };
