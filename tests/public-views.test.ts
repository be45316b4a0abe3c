import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCatalog } from "~/catalog/import.server";
import { getDocument } from "~/models/document.server";
import { getPublishedProcedure, listPublishedProceduresByField } from "~/models/procedure.server";
import { applyStep } from "~/models/workflow.server";
import type { DB } from "~/utils/db.server";
import { tempDir, useTestDb } from "./setup/db";
import { publishedCatalog } from "./setup/release";
import type { PublicCatalog } from "~/models/public-catalog.server";

/** What the public pages read: repealed procedures leave the list but keep a marked page; retired ones leave both. */

const listedCodes = async (catalog: PublicCatalog) => (await listPublishedProceduresByField(catalog, { today: "2026-12-01" })).flatMap((g) => g.procedures.map((p) => p.code));

describe("public procedure views", () => {
  const testDb = useTestDb();

  it("a procedure whose record says repealed is not listed; its view is marked repealed with its date", async () => {
    const db = await testDb.open();
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    const file = join(dir, "procedures", "2.000884.json");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...doc, status: "repealed", repeal: { date: "2026-07-01" } }));
    expect((await importCatalog(db, { dir, author: "test" })).ok).toBe(true);
    const catalog = await publishedCatalog(db);
    expect(await listedCodes(catalog)).not.toContain("2.000884");
    expect(await listedCodes(catalog)).toContain("2.000815");
    const view = await getPublishedProcedure(catalog, { code: "2.000884", today: "2026-12-01" });
    expect(view).toMatchObject({ repealed: true, procedure: { repeal: { date: "2026-07-01" } } });
  });

  it("the catalog check refuses a repealed procedure without a repeal date, and a repeal date on one in force", async () => {
    const db = await testDb.open();
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    for (const [code, change] of [["2.000884", { status: "repealed" }], ["2.000815", { repeal: { date: "2026-07-01" } }]] as const) {
      const file = join(dir, "procedures", `${code}.json`);
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), ...change }));
    }
    const result = await importCatalog(db, { dir, author: "test" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.file.split("/").pop()}: ${p.fieldTitle}: ${p.message}`).sort()).toEqual([
      "2.000815.json: Bãi bỏ: Chỉ ghi thông tin bãi bỏ khi tình trạng là «Bị bãi bỏ»",
      "2.000884.json: Bãi bỏ: Thủ tục bị bãi bỏ phải ghi ngày bãi bỏ (và văn bản bãi bỏ, nếu có)",
    ]);
  });

  it("a procedure retired through the workflow stays listed until its effective date, then leaves the list and its page", async () => {
    const db = await testDb.open();
    expect((await importCatalog(db, { dir: "catalog", author: "test" })).ok).toBe(true);
    const revision = (await getDocument(db, { kind: "procedure", key: "1.001193" }))!.revision;
    const retired = await applyStep(db, {
      kind: "procedure",
      key: "1.001193",
      action: "retire",
      revision,
      actor: "lanh-dao",
      text: "Bãi bỏ theo Quyết định 15/QĐ-UBND",
      effectiveFrom: "2026-12-15",
    });
    expect(retired).toMatchObject({ ok: true, status: "retired" });
    const catalog = await publishedCatalog(db);
    // Before the effective date it is still what applies.
    expect((await listPublishedProceduresByField(catalog, { today: "2026-12-14" })).flatMap((g) => g.procedures.map((p) => p.code))).toContain("1.001193");
    expect(await getPublishedProcedure(catalog, { code: "1.001193", today: "2026-12-14" })).toMatchObject({ repealed: false });
    // From it on, the list and the page drop it; the page says since when.
    expect((await listPublishedProceduresByField(catalog, { today: "2026-12-15" })).flatMap((g) => g.procedures.map((p) => p.code))).not.toContain("1.001193");
    expect(await getPublishedProcedure(catalog, { code: "1.001193", today: "2026-12-15" })).toEqual({ retired: true, name: expect.any(String), retiredFrom: "2026-12-15" });
    expect(await getPublishedProcedure(catalog, { code: "1.000656", today: "2026-12-15" })).toMatchObject({ repealed: false });
  });
});
