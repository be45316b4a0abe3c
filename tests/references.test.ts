import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCatalog } from "~/catalog/files.server";
import { importCatalog } from "~/catalog/import.server";
import { referencesIn, type DocumentKind } from "~/domain/kinds";
import { allReferencesIn, findReferrers } from "~/models/references.server";
import { useTestDb } from "./setup/db";

/** Who refers to a document, computed from the stored bodies with the kinds registry. */

/** The referrers of (kind, key) worked out from the catalog files themselves. */
function expectedReferrers(kind: DocumentKind, key: string) {
  return readCatalog("catalog")
    .entries.map((e) => ({
      kind: e.kind,
      key: e.code,
      pointers: allReferencesIn(e.kind, e.data).filter((r) => r.kind === kind && r.key === key).map((r) => r.pointer),
    }))
    .filter((r) => r.pointers.length > 0)
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
}

const procedures = readdirSync("catalog/procedures").map((f) => JSON.parse(readFileSync(`catalog/procedures/${f}`, "utf8")));

describe("referrers of a document", () => {
  const testDb = useTestDb();

  it("lists every document that uses a form, with where; nothing for an unused key", async () => {
    const db = await testDb.open();
    expect((await importCatalog(db, { dir: "catalog", author: "test" })).ok).toBe(true);
    const form = procedures.flatMap((p) => referencesIn("procedure", p)).find((r) => r.kind === "form")!;
    const found = await findReferrers(db, { kind: "form", key: form.key });
    expect(found.length).toBeGreaterThan(0);
    expect(found.map(({ kind, key, pointers }) => ({ kind, key, pointers }))).toEqual(expectedReferrers("form", form.key));
    expect(await findReferrers(db, { kind: "form", key: "khong-ai-dung" })).toEqual([]);
  });

  it("lists the documents whose legal basis names a legal document, found by schema wherever it is", async () => {
    const db = await testDb.open();
    await importCatalog(db, { dir: "catalog", author: "test" });
    const cited = readCatalog("catalog").entries.flatMap((e) => allReferencesIn(e.kind, e.data)).find((r) => r.kind === "legal-document")!;
    const found = await findReferrers(db, { kind: "legal-document", key: cited.key });
    expect(found.length).toBeGreaterThan(0);
    expect(found.map(({ kind, key, pointers }) => ({ kind, key, pointers }))).toEqual(expectedReferrers("legal-document", cited.key));
    expect(found.flatMap((r) => r.pointers).every((p) => p.endsWith("/documentCode"))).toBe(true);
  });

  it("lists a field's procedures (and whatever else files under it)", async () => {
    const db = await testDb.open();
    await importCatalog(db, { dir: "catalog", author: "test" });
    const found = await findReferrers(db, { kind: "field", key: "G15-TP07" });
    expect(found.filter((r) => r.kind === "procedure").map((r) => r.key)).toEqual(procedures.filter((p) => p.fieldCode === "G15-TP07").map((p) => p.code).sort());
    expect(found.map(({ kind, key, pointers }) => ({ kind, key, pointers }))).toEqual(expectedReferrers("field", "G15-TP07"));
  });
});
