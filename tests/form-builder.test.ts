import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { addField, fieldName, fieldsOf, moveField, removeField, updateField, type FormDefinition } from "~/domain/form-builder";
import { paperLayout } from "~/domain/paper-form";
import { validateJsonSchema } from "~/utils/validation.server";

/** The form builder's edits on a form's JSON Schema and UI schema: the fields the visual list shows, and the JSON. */

const empty = (): FormDefinition => ({ schema: { type: "object", title: "Tờ khai thử nghiệm", properties: {} }, uiSchema: {} });

describe("form builder", () => {
  it("names fields in camelCase from their title, unique among their siblings", () => {
    expect(fieldName("Họ, chữ đệm, tên", [])).toBe("hoChuDemTen");
    expect(fieldName("Họ, chữ đệm, tên", ["hoChuDemTen"])).toBe("hoChuDemTen2");
    expect(fieldName("2 con", [])).toBe("truong2Con");
  });

  it("builds a declaration with a group, a repeating group and a choice; the JSON is a valid form schema; it prints", () => {
    let def = empty();
    let added = addField(def, [], "Người yêu cầu");
    def = updateField(added.def, added.path, { type: "group" });
    const group = added.path;
    added = addField(def, group, "Họ, chữ đệm, tên");
    def = updateField(added.def, added.path, { required: true, legalBasis: "Điều 16 Luật Hộ tịch" });
    added = addField(def, group, "Giới tính");
    def = updateField(added.def, added.path, { type: "choice", options: ["Nam", "Nữ"], width: "half" });
    added = addField(def, [], "Các con");
    def = updateField(added.def, added.path, { type: "repeat" });
    const children = added.path;
    added = addField(def, children, "Họ tên");
    def = added.def;
    added = addField(def, children, "Năm sinh");
    def = updateField(added.def, added.path, { type: "number" });
    added = addField(def, [], "Phần ghi của cơ quan");
    def = updateField(added.def, added.path, { type: "group", official: true });

    expect(def.schema.properties).toEqual({
      nguoiYeuCau: {
        type: "object",
        title: "Người yêu cầu",
        properties: {
          hoChuDemTen: { type: "string", title: "Họ, chữ đệm, tên", "x-legalBasis": "Điều 16 Luật Hộ tịch" },
          gioiTinh: { type: "string", title: "Giới tính", enum: ["Nam", "Nữ"] },
        },
        required: ["hoChuDemTen"],
      },
      cacCon: { type: "array", title: "Các con", items: { type: "object", properties: { hoTen: { type: "string", title: "Họ tên" }, namSinh: { type: "number", title: "Năm sinh" } } } },
      phanGhiCuaCoQuan: { type: "object", title: "Phần ghi của cơ quan", properties: {} },
    });
    expect(def.uiSchema).toMatchObject({ nguoiYeuCau: { gioiTinh: { "ui:options": { width: "half" } } }, phanGhiCuaCoQuan: { "ui:options": { paper: "official" } } });
    expect(validateJsonSchema(def.schema)).toEqual([]);
    const layout = paperLayout(def.schema, def.uiSchema, "x");
    expect(layout.nodes.map((n) => n.kind)).toEqual(["group", "table", "group"]);
    expect(fieldsOf(def.schema, def.uiSchema).map((f) => [f.name, f.type, f.children.map((c) => c.name)])).toEqual([
      ["nguoiYeuCau", "group", ["hoChuDemTen", "gioiTinh"]],
      ["cacCon", "repeat", ["hoTen", "namSinh"]],
      ["phanGhiCuaCoQuan", "group", []],
    ]);
  });

  it("moves fields (ui:order follows when the form has one) and removes them with their required mark", () => {
    const form = JSON.parse(readFileSync("catalog/forms/to-khai-dang-ky-khai-sinh.json", "utf8"));
    let def: FormDefinition = { schema: form.schema, uiSchema: form.uiSchema };
    const names = () => fieldsOf(def.schema, def.uiSchema).map((f) => f.name);
    expect(names()[0]).toBe("kinhGui");
    def = moveField(def, ["kinhGui"], 1);
    expect(names().slice(0, 2)).toEqual(["nguoiYeuCau", "kinhGui"]);
    def = moveField(def, ["nguoiYeuCau"], -1);
    expect(names().slice(0, 2)).toEqual(["nguoiYeuCau", "kinhGui"]);
    def = { ...def, uiSchema: { ...def.uiSchema, "ui:order": names() } };
    def = moveField(def, ["camDoan"], -1);
    expect(def.uiSchema["ui:order"]).toEqual(names());
    const inner = fieldsOf(def.schema, def.uiSchema).find((f) => f.name === "nguoiDuocKhaiSinh")!;
    const requiredBefore = (def.schema.properties!.nguoiDuocKhaiSinh as { required?: string[] }).required ?? [];
    expect(requiredBefore).toContain(inner.children[0].name);
    def = removeField(def, inner.children[0].path);
    const after = def.schema.properties!.nguoiDuocKhaiSinh as { required?: string[]; properties: object };
    expect(Object.keys(after.properties)).not.toContain(inner.children[0].name);
    expect(after.required ?? []).not.toContain(inner.children[0].name);
  });
});
