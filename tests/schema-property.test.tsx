import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCatalog } from "~/catalog/check.server";
import { exportCatalog } from "~/catalog/export.server";
import { importCatalog } from "~/catalog/import.server";
import { DocumentEditor } from "~/components/editor/DocumentEditor";
import { getDocument } from "~/models/document.server";
import { saveFromEditor } from "~/routes/admin/documents/edit.server";
import type { DB } from "~/utils/db.server";
import { createTestDb } from "./setup/db";
import { getBundledSchema, getUiSchema } from "~/utils/schemas.server";

/**
 * A property added to a schema, with a title, reaches the catalog check, validation, storage, export and the
 * editor with no other code change. The test works in a copy of the project's schemas/ and catalog/ (the app
 * reads schemas/ from the working directory) where procedure.schema.json has one property more.
 */

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), "niemyet-schema-"));
const PROPERTY = { type: "string", title: "Nơi gửi xe cho người nộp hồ sơ", maxLength: 200 };

let db: DB;

beforeAll(async () => {
  cpSync(join(root, "schemas"), join(work, "schemas"), { recursive: true });
  cpSync(join(root, "catalog"), join(work, "catalog"), { recursive: true });
  const schemaFile = join(work, "schemas", "procedure.schema.json");
  const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
  schema.properties.parkingNote = PROPERTY;
  writeFileSync(schemaFile, JSON.stringify(schema, null, 2));
  const procedureFile = join(work, "catalog", "procedures", "2.000815.json");
  writeFileSync(procedureFile, JSON.stringify({ ...JSON.parse(readFileSync(procedureFile, "utf8")), parkingNote: "Sân sau trụ sở UBND" }, null, 2));
  process.chdir(work);
  ({ db } = await createTestDb());
});
afterAll(async () => {
  await db?.destroy();
  process.chdir(root);
});

describe("a property added to a schema", () => {
  it("is accepted by the catalog check, and a bad value is reported under its Vietnamese title", () => {
    expect(checkCatalog("catalog").problems).toEqual([]);
    const file = join("catalog", "procedures", "2.000815.json");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(good), parkingNote: 42 }));
    try {
      expect(checkCatalog("catalog").problems.map((p) => `${p.fieldTitle}: ${p.message}`)).toEqual([
        "Nơi gửi xe cho người nộp hồ sơ: «Nơi gửi xe cho người nộp hồ sơ» phải là chuỗi ký tự (giá trị hiện tại: 42)",
      ]);
    } finally {
      writeFileSync(file, good);
    }
  });

  it("is stored by the import and written back by the export", async () => {
    const result = await importCatalog(db, { dir: "catalog", author: "test" });
    expect(result.ok).toBe(true);
    expect((await getDocument(db, { kind: "procedure", key: "2.000815" }))?.body).toMatchObject({ parkingNote: "Sân sau trụ sở UBND" });
    await exportCatalog(db, { dir: "out" });
    expect(JSON.parse(readFileSync(join("out", "procedures", "2.000815.json"), "utf8")).parkingNote).toBe("Sân sau trụ sở UBND");
  });

  it("appears in the editor with its title and is validated on save with its limit", async () => {
    const html = renderToString(
      <DocumentEditor
        schema={getBundledSchema("procedure") as never}
        uiSchema={getUiSchema("procedure")}
        initial={(await getDocument(db, { kind: "procedure", key: "2.000815" }))!.body}
        problems={[]}
        readOnly={false}
        busy={false}
        onSave={() => undefined}
      />,
    );
    expect(html).toContain('id="root_parkingNote"');
    expect(html).toContain("Nơi gửi xe cho người nộp hồ sơ");
    expect(html).toContain('value="Sân sau trụ sở UBND"');

    const stored = (await getDocument(db, { kind: "procedure", key: "2.000815" }))!;
    const { body, revision: baseRevision } = stored;
    const tooLong = await saveFromEditor(db, { kind: "procedure", key: "2.000815", body: { ...body, parkingNote: "x".repeat(201) }, note: "", author: "test", baseRevision });
    expect(tooLong).toEqual({
      ok: false,
      problems: [{ pointer: "/parkingNote", fieldTitle: "Nơi gửi xe cho người nộp hồ sơ", message: "«Nơi gửi xe cho người nộp hồ sơ» không được dài quá 200 ký tự (hiện có 201 ký tự)" }],
    });
    const saved = await saveFromEditor(db, { kind: "procedure", key: "2.000815", body: { ...body, parkingNote: "Bãi xe phía đông" }, note: "", author: "test", baseRevision });
    expect(saved).toMatchObject({ ok: true, outcome: "updated" });
    expect((await getDocument(db, { kind: "procedure", key: "2.000815" }))?.body).toMatchObject({ parkingNote: "Bãi xe phía đông" });
  });
});
