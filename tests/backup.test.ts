import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { importProvinceCatalog } from "~/catalog/province.server";
import { verifyAuditChain } from "~/models/audit.server";
import { backupDatabase, manifestPathOf, type BackupManifest } from "~/models/backup.server";
import { COPIED_TABLES, NOT_COPIED_TABLES, rowsInCopyOrder } from "~/models/copy.server";
import { getDocument, saveDocument } from "~/models/document.server";
import { createSession } from "~/models/session.server";
import { getUnit, scopeOfUnit } from "~/models/unit.server";
import { createUser } from "~/models/user.server";
import { migrateToLatest, openDatabase, type Database, type DB } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { emptyDatabaseUrl, tempDir } from "./setup/db";

/**
 * `npm run cli -- backup` / `restore` (app/models/backup.server.ts) on the suite's engine: an online backup taken
 * while another connection keeps saving, restored into an empty database, `audit verify` on the restored copy;
 * a backup that no longer matches its manifest, an existing file and a full target are refused.
 */

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const cli = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(tsx, ["app/cli/main.ts", ...args], { env: { ...process.env, ...env } }).then(
    (r) => ({ status: 0, out: `${r.stdout}${r.stderr}` }),
    (e: { code: number; stdout: string; stderr: string }) => ({ status: e.code, out: `${e.stdout}${e.stderr}` }),
  );

const rowsOf = (db: DB, table: keyof Database) => rowsInCopyOrder(db, table).execute();
const countOf = async (db: DB, table: keyof Database) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("backup and restore", () => {
  const open: DB[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.destroy();
  });

  async function deployment(): Promise<{ url: string; db: DB }> {
    const url = await emptyDatabaseUrl();
    const db = openDatabase(url);
    open.push(db);
    await migrateToLatest(db);
    const user = await createUser(db, { username: "can-bo", displayName: "Nguyễn Văn Cán Bộ", password: "mat-khau-rat-dai-1", roles: ["editor"], actor: { name: "cli:test" } });
    expect((await importProvinceCatalog(db, { dir: "catalog", author: "can-bo" })).ok).toBe(true);
    // A signed-in session: the server's, never part of a backup.
    await createSession(db, { userId: user.id, clientAddress: "127.0.0.1" });
    return { url, db };
  }

  it("takes an online backup while another connection keeps saving; it restores into an empty database and its audit chain verifies", async () => {
    const { url, db } = await deployment();
    const dir = tempDir();
    const file = join(dir, "niemyet-sao-luu.sqlite");

    // An editor keeps saving drafts of one procedure through its own connection while the backup runs.
    const writer = openDatabase(url);
    open.push(writer);
    const province = scoped(writer, scopeOfUnit((await getUnit(writer, "01"))!));
    let saves = 0;
    let writing = true;
    const editing = (async () => {
      while (writing) {
        const doc = (await getDocument(province, { kind: "procedure", key: "2.000815" }))!;
        await province.transaction().execute((trx) =>
          saveDocument(trx, { kind: "procedure", body: { ...doc.body, notes: `Bản nháp số ${saves}` }, author: "can-bo", note: "sửa", mode: "draft", baseRevision: doc.revision }),
        );
        saves += 1;
        // Let the event loop run (better-sqlite3 answers at once: without this the loop would starve the CLI's exit).
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const backup = await cli(["backup", file], { DATABASE_URL: url });
    const savesDuringBackup = saves;
    writing = false;
    await editing;
    expect(backup.out).toMatch(/Đã sao lưu \d+ dòng vào .*niemyet-sao-luu\.sqlite \(sha256 [0-9a-f]{64}\)/);
    expect(backup.status).toBe(0);
    expect(savesDuringBackup).toBeGreaterThan(0);

    // The backup is one snapshot: its counts are its manifest's, its chain verifies, and it holds no session.
    const manifest = JSON.parse(readFileSync(manifestPathOf(file), "utf8")) as BackupManifest;
    const copy = openDatabase(file, { readonly: true });
    open.push(copy);
    for (const table of Object.keys(COPIED_TABLES) as (keyof Database)[]) expect(await countOf(copy, table), table).toBe(manifest.tables[table]);
    for (const table of NOT_COPIED_TABLES) expect(await countOf(copy, table), table).toBe(0);
    expect(await countOf(db, "sessions")).toBe(1);
    const chain = await verifyAuditChain(copy);
    expect(chain).toEqual({ ok: true, entries: manifest.audit.entries, headHash: manifest.audit.headHash });
    // The source went on: it has the saves made during and after the backup too.
    expect(await countOf(db, "revisions")).toBeGreaterThan(manifest.tables.revisions);

    // Restored into an empty database: every row of the backup, and `audit verify` gives the manifest's head.
    const target = await emptyDatabaseUrl();
    const restored = await cli(["restore", file], { DATABASE_URL: target });
    expect(restored.out).toContain(`mã băm mục cuối ${manifest.audit.headHash}, khớp bản kê`);
    expect(restored.status).toBe(0);
    const verified = await cli(["audit", "verify"], { DATABASE_URL: target });
    expect(verified.out).toContain(`Nhật ký toàn vẹn: ${manifest.audit.entries} mục; mã băm mục cuối ${manifest.audit.headHash}.`);
    expect(verified.status).toBe(0);
    const back = openDatabase(target);
    open.push(back);
    for (const table of Object.keys(COPIED_TABLES) as (keyof Database)[]) expect(await rowsOf(back, table), table).toEqual(await rowsOf(copy, table));
    expect((await rowsOf(back, "revisions")).length).toBeGreaterThan(0);
  }, 120_000);

  it("refuses a backup that no longer matches its manifest, an existing backup file, and a target that holds data", async () => {
    const { url, db } = await deployment();
    const file = join(tempDir(), "sao-luu.sqlite");
    await backupDatabase(db, file);

    const again = await cli(["backup", file], { DATABASE_URL: url });
    expect(again.status).toBe(1);
    expect(again.out).toContain(`Tệp ${file} đã có: chọn một tên tệp sao lưu mới`);

    // One byte changed: refused before anything is written; the target stays without a single table.
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(file, bytes);
    const target = await emptyDatabaseUrl();
    const tampered = await cli(["restore", file], { DATABASE_URL: target });
    expect(tampered.status).toBe(1);
    expect(tampered.out).toContain(`Tệp sao lưu ${file} không khớp mã băm sha256 trong bản kê (tệp hỏng hoặc đã bị sửa): không khôi phục.`);
    const empty = openDatabase(target);
    open.push(empty);
    expect(await empty.introspection.getTables()).toEqual([]);

    // A sound backup into a database that has data: refused, and the data is as it was.
    const sound = join(tempDir(), "sao-luu.sqlite");
    await backupDatabase(db, sound);
    const before = await countOf(db, "revisions");
    const full = await cli(["restore", sound], { DATABASE_URL: url });
    expect(full.status).toBe(1);
    expect(full.out).toContain("Cơ sở dữ liệu đích đã có dữ liệu (bảng units)");
    expect(await countOf(db, "revisions")).toBe(before);
  }, 120_000);
});
