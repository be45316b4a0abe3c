import { cpSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCatalog } from "~/catalog/import.server";
import { jsonSyntaxMessage } from "~/catalog/files.server";
import { DOCUMENT_MAX_BYTES } from "~/domain/limits";
import { getDocument } from "~/models/document.server";
import type { DB } from "~/utils/db.server";
import { validateDocument } from "~/utils/validation.server";
import { tempDir, useTestDb } from "./setup/db";

/** Size limits on what the catalog import accepts: whatever is refused leaves the database as it was. */

const MB = 1024 * 1024;

async function storageSnapshot(db: DB) {
  const count = async (table: "documents" | "revisions" | "audit_log") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { documents: await count("documents"), revisions: await count("revisions"), audit: await count("audit_log") };
}

function catalogCopy(): string {
  const dir = tempDir("niemyet-limits-");
  cpSync("catalog", dir, { recursive: true });
  return dir;
}

function editProcedure(dir: string, code: string, edit: (doc: Record<string, any>) => void) {
  const file = join(dir, "procedures", `${code}.json`);
  const doc = JSON.parse(readFileSync(file, "utf8"));
  edit(doc);
  writeFileSync(file, JSON.stringify(doc, null, 2));
}

describe("size limits on catalog import", () => {
  const testDb = useTestDb();

  it("refuses a procedure whose step text holds 20 MB, unread, and changes nothing stored", async () => {
    const db = await testDb.open();
    const first = await importCatalog(db, { dir: "catalog", author: "test" });
    expect(first.ok).toBe(true);
    const before = await storageSnapshot(db);
    const original = await getDocument(db, { kind: "procedure", key: "2.000815" });

    const dir = catalogCopy();
    editProcedure(dir, "2.000815", (doc) => {
      doc.steps[0].description = "a".repeat(20 * MB);
    });
    const result = await importCatalog(db, { dir, author: "test" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const kb = Math.ceil(statSync(join(dir, "procedures", "2.000815.json")).size / 1024);
    expect(kb).toBeGreaterThan(20 * 1024);
    expect(result.problems.map((p) => `${p.fieldTitle}: ${p.message}`)).toEqual([
      `(tệp): Tệp quá lớn (${new Intl.NumberFormat("vi-VN").format(kb)} KB); mỗi tệp của danh mục tối đa 512 KB`,
    ]);
    expect(await storageSnapshot(db)).toEqual(before);
    expect((await getDocument(db, { kind: "procedure", key: "2.000815" }))?.bodyHash).toBe(original?.bodyHash);
  });

  it("refuses a field over its schema's maxLength with a Vietnamese message naming the field and both lengths", async () => {
    const db = await testDb.open();
    const dir = catalogCopy();
    editProcedure(dir, "2.000815", (doc) => {
      doc.name = "Chứng thực ".repeat(100).slice(0, 1001);
      doc.subjects = Array.from({ length: 51 }, (_, i) => ({ name: `Đối tượng ${i + 1}` }));
    });
    const result = await importCatalog(db, { dir, author: "test" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.fieldTitle}: ${p.message}`)).toEqual([
      "Tên thủ tục: «Tên thủ tục» không được dài quá 1.000 ký tự (hiện có 1.001 ký tự)",
      "Đối tượng thực hiện: «Đối tượng thực hiện» chỉ được có tối đa 50 mục",
    ]);
    expect(await storageSnapshot(db)).toEqual({ documents: 0, revisions: 0, audit: 0 });
  });

  it("refuses a whole document over DOCUMENT_MAX_BYTES even when every field is within its own limit", () => {
    const doc = JSON.parse(readFileSync("catalog/procedures/2.000815.json", "utf8"));
    doc.steps = Array.from({ length: 12 }, (_, i) => ({ name: `Bước ${i + 1}`, description: "Nội dung ".repeat(5000) }));
    const result = validateDocument("procedure", doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const kb = Math.ceil(Buffer.byteLength(JSON.stringify(doc)) / 1024);
    expect(kb * 1024).toBeGreaterThan(DOCUMENT_MAX_BYTES);
    expect(result.errors.map((e) => `${e.fieldTitle}: ${e.message}`)).toEqual([
      `Tài liệu: Tài liệu quá lớn (${new Intl.NumberFormat("vi-VN").format(kb)} KB); mỗi tài liệu tối đa 512 KB`,
    ]);
  });
});

describe("JSON syntax errors in catalog files are told in Vietnamese with line and column", () => {
  const messageFor = (text: string) => {
    try {
      JSON.parse(text);
    } catch (error) {
      return jsonSyntaxMessage(text, error);
    }
    throw new Error("parsed");
  };

  it("a missing comma", () => {
    expect(messageFor('{\n  "code": "1.001193"\n  "name": "x"\n}')).toBe(
      "sai cú pháp JSON tại dòng 3, cột 3 (gặp ký tự «\"»): kiểm tra dấu phẩy, dấu ngoặc kép và dấu ngoặc",
    );
  });

  it("a file cut short", () => {
    expect(messageFor('{\n  "code": "1.001193",\n')).toBe("tệp kết thúc giữa chừng (thiếu phần cuối, ví dụ dấu đóng } hoặc ])");
  });
});
