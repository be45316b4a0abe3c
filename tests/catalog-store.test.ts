import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { exportCatalog } from "~/catalog/export.server";
import { importCatalog } from "~/catalog/import.server";
import { exportProvinceCatalog, importProvinceCatalog } from "~/catalog/province.server";
import { getUnit, scopeOfUnit } from "~/models/unit.server";
import { scoped } from "~/utils/unit-scope.server";
import { getDocument, listDocuments, listRevisions } from "~/models/document.server";
import type { DB } from "~/utils/db.server";
import { createTestDb, queryPlan, TEST_ENGINE, TEST_UNIT, tempDir } from "./setup/db";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every document file of the catalog (README.md is documentation, not data). */
function documentFiles(dir: string): string[] {
  return filesUnder(dir)
    .filter((p) => /\.(json|mdx)$/.test(p))
    .map((p) => relative(dir, p))
    .sort();
}

async function revisionCount(db: DB): Promise<number> {
  const row = await db.selectFrom("revisions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("catalog import and export", () => {
  let db: DB | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  it("round-trips catalog/ byte for byte: the province and its communes imported, then exported, give the same files", async () => {
    ({ db } = await createTestDb({ unscoped: true }));
    const result = await importProvinceCatalog(db, { dir: "catalog", author: "test" });
    expect(result.ok).toBe(true);
    const out = tempDir("niemyet-export-");
    await exportProvinceCatalog(db, { dir: out, province: (await getUnit(db, "01"))! });
    const expected = documentFiles("catalog");
    expect(documentFiles(out)).toEqual(expected);
    for (const file of expected) {
      expect(readFileSync(join(out, file), "utf8"), file).toBe(readFileSync(join("catalog", file), "utf8"));
    }
  });

  it("a commune's own folder imports over the stored province catalog: its overrides are checked against it", async () => {
    let unscopedDb: DB;
    ({ db: unscopedDb } = await createTestDb({ unscoped: true }));
    db = unscopedDb;
    expect((await importProvinceCatalog(unscopedDb, { dir: "catalog", author: "test" })).ok).toBe(true);
    const commune = scoped(unscopedDb, scopeOfUnit((await getUnit(unscopedDb, "00000"))!));
    const dir = tempDir();
    cpSync("catalog/communes/00000", dir, { recursive: true });
    const own = documentFiles(dir).filter((f) => f.endsWith(".json")).length;
    expect(await importCatalog(commune, { dir, author: "test" })).toEqual({ ok: true, created: 0, updated: 0, unchanged: own });

    const path = join(dir, "local-overrides", "procedure.1.001193.json");
    const override = JSON.parse(readFileSync(path, "utf8"));
    override.values[0].value = "Quầy số 1, Bộ phận Một cửa phường Hòa An";
    writeFileSync(path, JSON.stringify(override, null, 2));
    expect(await importCatalog(commune, { dir, author: "test" })).toEqual({ ok: true, created: 0, updated: 1, unchanged: own - 1 });

    override.values.push({ path: "/name", value: "Tên riêng" });
    writeFileSync(path, JSON.stringify(override, null, 2));
    const refused = await importCatalog(commune, { dir, author: "test" });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.problems.map((p) => p.message)).toEqual([
      "Xã không điều chỉnh được «Tên thủ tục» của thủ tục hành chính này (chỉ các trường tỉnh cho phép, có trong tài liệu của tỉnh)",
    ]);
  });

  it("re-importing unchanged files creates no revision; a changed file creates exactly one", async () => {
    ({ db } = await createTestDb());
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });

    const first = await importCatalog(db, { dir, author: "test" });
    if (!first.ok) throw new Error("import failed");
    const documents = first.created;
    expect(await revisionCount(db)).toBe(documents);

    const again = await importCatalog(db, { dir, author: "test" });
    expect(again).toEqual({ ok: true, created: 0, updated: 0, unchanged: documents });
    expect(await revisionCount(db)).toBe(documents);

    const path = join(dir, "procedures", "1.001193.json");
    const procedure = JSON.parse(readFileSync(path, "utf8"));
    procedure.name = `${procedure.name} (sửa thử)`;
    writeFileSync(path, JSON.stringify(procedure, null, 2));
    const changed = await importCatalog(db, { dir, author: "cán bộ CCHC", note: "Sửa tên" });
    expect(changed).toEqual({ ok: true, created: 0, updated: 1, unchanged: documents - 1 });
    expect(await revisionCount(db)).toBe(documents + 1);

    const revisions = await listRevisions(db, { kind: "procedure", key: "1.001193" });
    expect(revisions.map((r) => [r.revision, r.author, r.note])).toEqual([
      [1, "test", `Nhập từ danh mục ${dir}`],
      [2, "cán bộ CCHC", "Sửa tên"],
    ]);
    const stored = await getDocument<{ name: string }>(db, { kind: "procedure", key: "1.001193" });
    expect(stored?.revision).toBe(2);
    expect(stored?.body.name).toMatch(/\(sửa thử\)$/);
    // Only the formatting of a file changed: same document, no new revision.
    writeFileSync(path, JSON.stringify(procedure));
    expect(await importCatalog(db, { dir, author: "test" })).toMatchObject({ ok: true, updated: 0 });
  });

  it("refuses an invalid catalog without writing anything, and keeps what was stored", async () => {
    ({ db } = await createTestDb());
    await importCatalog(db, { dir: "catalog", author: "test" });
    const before = await revisionCount(db);
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    // one valid change and one broken file: neither may be written
    const good = join(dir, "fields", "G15-TP07.json");
    writeFileSync(good, JSON.stringify({ ...JSON.parse(readFileSync(good, "utf8")), description: "Đổi mô tả" }));
    writeFileSync(join(dir, "procedures", "2.000815.json"), "{ not json");
    const result = await importCatalog(db, { dir, author: "test" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toMatch(/Không đọc được JSON/);
    expect(await revisionCount(db)).toBe(before);
    expect((await getDocument(db, { kind: "field", key: "G15-TP07" }))?.revision).toBe(1);
    expect(await getDocument(db, { kind: "procedure", key: "2.000815" })).not.toBeNull();
  });

  it("lists documents by kind, field and status from indexed columns", async () => {
    ({ db } = await createTestDb({ inMemory: true }));
    await importCatalog(db, { dir: "catalog", author: "test" });
    const hoTich = await listDocuments(db, { kind: "procedure", fieldCode: "G15-TP07", status: "approved" });
    expect(hoTich.length).toBeGreaterThanOrEqual(9);
    expect(hoTich.every((d) => d.fieldCode === "G15-TP07" && d.status === "approved")).toBe(true);
    expect(await listDocuments(db, { kind: "procedure", status: "draft" })).toEqual([]);
    const plan = await queryPlan(db, sql`select key, title, status, current_revision, updated_at from documents where unit_code = ${TEST_UNIT} and kind = ${"procedure"} and field_code = ${"G15-TP07"}`);
    expect(plan).toMatch(TEST_ENGINE === "sqlite" ? /USING INDEX documents_kind_field_idx/ : /Index Scan on documents_kind_field_idx/);
  });
});
