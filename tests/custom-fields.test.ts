import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCatalog } from "~/catalog/check.server";
import { exportCatalog } from "~/catalog/export.server";
import { importCatalog } from "~/catalog/import.server";
import { customFieldName, extendSchema, publicCustomValues, type CustomField } from "~/domain/custom-fields";
import { verifyAuditChain } from "~/models/audit.server";
import { getCustomFieldList, saveCustomFields } from "~/models/custom-fields.server";
import { getDocument, saveDocument } from "~/models/document.server";
import { getBundledSchema } from "~/utils/schemas.server";
import { validateDocument } from "~/utils/validation.server";
import { tempDir, useTestDb } from "./setup/db";

/**
 * Custom fields added without code: a versioned list per kind, merged into the kind's schema at run time, used
 * by validation, the catalog check, import and export; retiring a field keeps the values stored under it.
 */

const PROCEDURE = "2.000815";
const catalogProcedure = () => JSON.parse(readFileSync(`catalog/procedures/${PROCEDURE}.json`, "utf8")) as Record<string, unknown>;

const LICENCE: CustomField = { name: "so_giay_phep", title: "Số giấy phép con dấu", type: "text", required: true, public: true };
const OPENED: CustomField = { name: "ngay_ap_dung", title: "Ngày áp dụng tại phường", type: "date", public: true };
const DESKS: CustomField = { name: "so_quay", title: "Số quầy tiếp nhận", type: "number" };
const CHANNEL: CustomField = { name: "kenh", title: "Kênh ưu tiên", type: "choice", options: ["Trực tiếp", "Trực tuyến"] };

describe("custom fields", () => {
  const testDb = useTestDb();

  it("names a field's value by its folded title, unique within the kind", () => {
    expect(customFieldName("Số điện thoại đường dây nóng riêng", [])).toBe("so_dien_thoai_duong_day_nong_rieng");
    expect(customFieldName("Đơn vị", ["don_vi"])).toBe("don_vi_2");
    expect(customFieldName("Đơn vị", ["don_vi", "don_vi_2"])).toBe("don_vi_3");
    expect(customFieldName("2026 – năm áp dụng", [])).toBe("truong_2026_nam_ap_dung");
  });

  it("validates values by the field list: titles in messages, required fields, types and choices", () => {
    const fields = [LICENCE, OPENED, DESKS, CHANNEL];
    const base = catalogProcedure();
    const missing = validateDocument("procedure", { ...base, custom: {} }, fields);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.errors).toEqual([
      { pointer: "/custom/so_giay_phep", fieldTitle: "Trường bổ sung › Số giấy phép con dấu", message: "Thiếu trường bắt buộc «Số giấy phép con dấu»" },
    ]);
    const wrong = validateDocument(
      "procedure",
      { ...base, custom: { so_giay_phep: "GP-01", ngay_ap_dung: "2026-02-30", so_quay: "ba", kenh: "Bưu chính", la: 1 } },
      fields,
    );
    expect(!wrong.ok && wrong.errors.map((e) => [e.pointer, e.message.split(" (")[0]])).toEqual([
      ["/custom/la", "Trường «la» không có trong lược đồ"],
      ["/custom/ngay_ap_dung", "«Ngày áp dụng tại phường» phải là ngày dạng YYYY-MM-DD"],
      ["/custom/so_quay", "«Số quầy tiếp nhận» phải là số"],
      ["/custom/kenh", "«Kênh ưu tiên» phải là một trong: Trực tiếp, Trực tuyến"],
    ]);
    const good = validateDocument("procedure", { ...base, custom: { so_giay_phep: "GP-01", ngay_ap_dung: "2026-11-22", so_quay: 2000, kenh: "Trực tuyến" } }, fields);
    expect(good.ok).toBe(true);
    // Without the list the schema only bounds the values; the list is what makes them fields.
    expect(validateDocument("procedure", { ...base, custom: { la: 1 } }).ok).toBe(true);
  });

  it("shows public values as citizens read them, leaving out internal, retired and empty ones", () => {
    const fields = [LICENCE, OPENED, { ...DESKS, public: true }, { ...CHANNEL, public: true, retired: true }];
    expect(publicCustomValues(fields, { custom: { so_giay_phep: "GP-01", ngay_ap_dung: "2026-11-22", so_quay: 2000, kenh: "Trực tuyến" } })).toEqual([
      { name: "so_giay_phep", title: "Số giấy phép con dấu", text: "GP-01" },
      { name: "ngay_ap_dung", title: "Ngày áp dụng tại phường", text: "22/11/2026" },
      { name: "so_quay", title: "Số quầy tiếp nhận", text: "2.000" },
    ]);
    expect(publicCustomValues([{ ...DESKS }], { custom: { so_quay: 3 } })).toEqual([]);
  });

  it("keeps every version of a kind's list, audited in the hash chain; a field is retired, never removed", async () => {
    const db = await testDb.open();
    const first = await saveCustomFields(db, { kind: "procedure", fields: [LICENCE], author: "admin", summary: "thêm trường" });
    expect(first).toEqual({ ok: true, version: 1, changed: true });
    const same = await saveCustomFields(db, { kind: "procedure", fields: [LICENCE], author: "admin", summary: "không đổi" });
    expect(same).toEqual({ ok: true, version: 1, changed: false });
    const dropped = await saveCustomFields(db, { kind: "procedure", fields: [OPENED], author: "admin", summary: "bỏ" });
    expect(dropped.ok).toBe(false);
    expect(!dropped.ok && dropped.problems[0].message).toContain("hãy đánh dấu ngừng sử dụng");
    // A kind whose documents take no custom fields (a commune's overrides) refuses a list, e.g. from an import.
    expect(await saveCustomFields(db, { kind: "local-override", fields: [LICENCE], author: "admin", summary: "thêm" })).toEqual({
      ok: false,
      problems: [{ pointer: "", fieldTitle: "Trường bổ sung", message: "Loại «Điều chỉnh tại xã» không thêm trường bổ sung được" }],
    });
    const retired = await saveCustomFields(db, { kind: "procedure", fields: [{ ...LICENCE, retired: true }, OPENED], author: "admin", summary: "ngừng" });
    expect(retired).toEqual({ ok: true, version: 2, changed: true });
    const list = await getCustomFieldList(db, "procedure");
    expect(list?.fields).toEqual([{ ...LICENCE, retired: true }, OPENED]);
    const versions = await db.selectFrom("custom_field_lists").select("version").where("kind", "=", "procedure").execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const audit = await db.selectFrom("audit_log").select(["action", "summary"]).execute();
    expect(audit.map((a) => a.action)).toEqual(["custom_fields.update", "custom_fields.update"]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 2 });

    // A retired field's value stays valid (read-only in the editor), and it is no longer required.
    const schema = extendSchema(getBundledSchema("procedure"), list!.fields);
    expect(schema.required).not.toContain("custom");
    expect(validateDocument("procedure", { ...catalogProcedure(), custom: { so_giay_phep: "GP-01" } }, list!.fields).ok).toBe(true);
  });

  it("refuses a list the schema does not allow, with Vietnamese messages naming the field, and stores nothing", async () => {
    const db = await testDb.open();
    const bad = await saveCustomFields(db, {
      kind: "fee",
      fields: [
        { name: "a", title: "", type: "text" },
        { name: "a", title: "Kênh", type: "choice" },
        { name: "b", title: "x".repeat(201), type: "text" },
      ],
      author: "admin",
      summary: "thử",
    });
    expect(bad.ok).toBe(false);
    const messages = !bad.ok ? bad.problems.map((p) => `${p.pointer}: ${p.message.split(" (")[0]}`) : [];
    expect(messages).toEqual(["/fields/0/title: «Tên trường» không được để trống", "/fields/2/title: «Tên trường» không được dài quá 200 ký tự"]);
    const again = await saveCustomFields(db, {
      kind: "fee",
      fields: [
        { name: "a", title: "A", type: "text" },
        { name: "a", title: "Kênh", type: "choice" },
      ],
      author: "admin",
      summary: "thử",
    });
    expect(!again.ok && again.problems.map((p) => `${p.pointer}: ${p.message}`)).toEqual([
      "/fields/1/name: «Tên kỹ thuật» «a» trùng với trường 1",
      "/fields/1/options: Trường kiểu «Chọn một trong danh sách» cần ít nhất một lựa chọn",
    ]);
    expect(await getCustomFieldList(db, "fee")).toBeNull();
    expect(await db.selectFrom("audit_log").selectAll().execute()).toEqual([]);
  });

  it("exports lists and values, checks and re-imports them byte for byte", async () => {
    const db = await testDb.open();
    expect((await importCatalog(db, { dir: "catalog", author: "test" })).ok).toBe(true);
    await saveCustomFields(db, { kind: "procedure", fields: [LICENCE, OPENED], author: "admin", summary: "thêm" });
    const body = { ...(await getDocument(db, { kind: "procedure", key: PROCEDURE }))!.body, custom: { so_giay_phep: "GP-01", ngay_ap_dung: "2026-11-22" } };
    expect(validateDocument("procedure", body, [LICENCE, OPENED]).ok).toBe(true);
    await saveDocument(db, { kind: "procedure", body, author: "sua", note: "", mode: "approved" });

    const out = tempDir("niemyet-export-");
    await exportCatalog(db, { dir: out });
    expect(JSON.parse(readFileSync(join(out, "custom-fields", "procedure.json"), "utf8"))).toEqual({ fields: [LICENCE, OPENED] });
    expect(JSON.parse(readFileSync(join(out, "procedures", `${PROCEDURE}.json`), "utf8")).custom).toEqual(body.custom);

    // The 29 other procedures lack the required value: the check names the field itself for each of them.
    const check = checkCatalog(out);
    expect(check.problems.length).toBe(29);
    for (const problem of check.problems) {
      expect(problem).toMatchObject({ pointer: "/custom/so_giay_phep", fieldTitle: "Trường bổ sung › Số giấy phép con dấu", message: "Thiếu trường bắt buộc «Số giấy phép con dấu»" });
    }

    // Make the field optional, and the folder checks and imports into an empty database, then exports the same bytes.
    writeFileSync(join(out, "custom-fields", "procedure.json"), JSON.stringify({ fields: [{ ...LICENCE, required: false }, OPENED] }, null, 2) + "\n");
    expect(checkCatalog(out).problems).toEqual([]);
    const fresh = await testDb.open();
    const imported = await importCatalog(fresh, { dir: out, author: "test" });
    expect(imported.ok).toBe(true);
    expect((await getCustomFieldList(fresh, "procedure"))?.fields).toEqual([{ ...LICENCE, required: false }, OPENED]);
    const again = tempDir("niemyet-export-");
    await exportCatalog(fresh, { dir: again });
    for (const file of ["custom-fields/procedure.json", `procedures/${PROCEDURE}.json`]) {
      expect(readFileSync(join(again, file), "utf8"), file).toBe(readFileSync(join(out, file), "utf8"));
    }
  });

  it("the catalog check names the field of a bad value; an import is checked against the stored list and refused whole", async () => {
    const db = await testDb.open();
    expect((await importCatalog(db, { dir: "catalog", author: "test" })).ok).toBe(true);
    await saveCustomFields(db, { kind: "procedure", fields: [DESKS], author: "admin", summary: "thêm" });
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    const file = join(dir, "procedures", `${PROCEDURE}.json`);
    writeFileSync(file, JSON.stringify({ ...catalogProcedure(), custom: { so_quay: "hai" } }, null, 2) + "\n");
    expect(existsSync(join(dir, "custom-fields"))).toBe(false);
    const result = await importCatalog(db, { dir, author: "test" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => `${p.fieldTitle}: ${p.message}`)).toEqual([
      'Trường bổ sung › Số quầy tiếp nhận: «Số quầy tiếp nhận» phải là số (giá trị hiện tại: "hai")',
    ]);
    expect((await getDocument(db, { kind: "procedure", key: PROCEDURE }))?.body.custom).toBeUndefined();
  });
});
