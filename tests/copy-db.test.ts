import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { importProvinceCatalog } from "~/catalog/province.server";
import { getUnit, scopeOfUnit } from "~/models/unit.server";
import { scoped } from "~/utils/unit-scope.server";
import { getDocument, saveDocument } from "~/models/document.server";
import { COPIED_TABLES, NOT_COPIED_TABLES, rowsInCopyOrder } from "~/models/copy.server";
import { createUser } from "~/models/user.server";
import { applyStep } from "~/models/workflow.server";
import { migrateToLatest, openDatabase, type Database, type DB } from "~/utils/db.server";
import { emptyDatabaseUrl, tempDir } from "./setup/db";

/**
 * `npm run cli -- copy-db`: a deployment's SQLite file moved to an empty database of the suite's engine (on the
 * PostgreSQL pass, the real SQLite → PostgreSQL move), through the CLI, then `audit verify` on the copy.
 */

const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
const cli = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(tsx, ["app/cli/main.ts", ...args], { env: { ...process.env, ...env }, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

const rowsOf = (db: DB, table: keyof Database) => rowsInCopyOrder(db, table).execute();

describe("copy-db", () => {
  const open: DB[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.destroy();
  });

  it("copies every revision, user, comment and audit entry to an empty database; audit verify passes on the copy", async () => {
    const source = join(tempDir(), "deployment.sqlite");
    const src = openDatabase(source);
    open.push(src);
    await migrateToLatest(src);
    await createUser(src, {
      username: "can-bo",
      displayName: "Nguyễn Văn Cán Bộ",
      password: "mat-khau-rat-dai-1",
      roles: ["editor"],
      actor: { name: "cli:test" },
    });
    expect((await importProvinceCatalog(src, { dir: "catalog", author: "can-bo" })).ok).toBe(true);
    const province = scoped(src, scopeOfUnit((await getUnit(src, "01"))!));
    const doc = (await getDocument(province, { kind: "procedure", key: "2.000815" }))!;
    await province
      .transaction()
      .execute((trx) =>
        saveDocument(trx, {
          kind: "procedure",
          body: { ...doc.body, notes: "Bản nháp có dấu: đăng ký" },
          author: "can-bo",
          note: "sửa",
          mode: "draft",
          baseRevision: doc.revision,
        }),
      );
    await province
      .transaction()
      .execute((trx) =>
        applyStep(trx, { kind: "procedure", key: "2.000815", action: "submit", revision: doc.revision + 1, actor: "can-bo", text: "Đề nghị duyệt" }),
      );

    const target = await emptyDatabaseUrl();
    const copied = cli(["copy-db", source, target]);
    expect(copied.out).toMatch(/Nhật ký trên bản chép toàn vẹn: \d+ mục/);
    expect(copied.status).toBe(0);
    const verified = cli(["audit", "verify"], { DATABASE_URL: target });
    expect(verified.status).toBe(0);

    const dst = openDatabase(target);
    open.push(dst);
    for (const table of Object.keys(COPIED_TABLES) as (keyof Database)[]) {
      const [a, b] = [await rowsOf(src, table), await rowsOf(dst, table)];
      expect(b, table).toEqual(a);
    }
    for (const table of ["units", "users", "user_roles", "documents", "revisions", "document_comments", "audit_log"] as const) {
      expect((await rowsOf(dst, table)).length, `${table} has rows to compare`).toBeGreaterThan(0);
    }
    const headOf = (out: string) => /mã băm mục cuối ([0-9a-f]{64})/.exec(out)?.[1];
    expect(headOf(verified.out)).toBe(headOf(cli(["audit", "verify"], { DATABASE_URL: source }).out));

    // A second copy into the now full database is refused, and changes nothing there.
    const before = await rowsOf(dst, "revisions");
    const again = cli(["copy-db", source, target]);
    expect(again.status).toBe(1);
    expect(again.out).toContain("Cơ sở dữ liệu đích đã có dữ liệu (bảng units)");
    expect(await rowsOf(dst, "revisions")).toEqual(before);
  });

  it("knows every table: each is copied or deliberately left behind", async () => {
    const db = openDatabase(await emptyDatabaseUrl());
    open.push(db);
    await migrateToLatest(db);
    const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
    expect([...Object.keys(COPIED_TABLES), ...NOT_COPIED_TABLES].sort()).toEqual(tables);
  });

  it("refuses a source that is not migrated, saying what to run", async () => {
    const empty = join(tempDir(), "empty.sqlite");
    const result = cli(["copy-db", empty, await emptyDatabaseUrl()]);
    expect(result.status).toBe(1);
    expect(result.out).toContain("Cơ sở dữ liệu nguồn chưa có bảng nào");
  });
});
