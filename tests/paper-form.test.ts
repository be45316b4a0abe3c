import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { paperLayout } from "~/domain/paper-form";

/** The schema → paper layout of a form, for each kind of field. */

describe("paper layout of a form", () => {
  it("lays out each field type as the paper templates do", () => {
    const layout = paperLayout(
      {
        type: "object",
        title: "Tờ khai thử nghiệm",
        required: ["hoTen"],
        properties: {
          kinhGui: { type: "string", title: "Kính gửi" },
          hoTen: { type: "string", title: "Họ, chữ đệm, tên" },
          namSinh: { type: "integer", title: "Năm sinh" },
          maSo: { type: "string", title: "Số định danh", maxLength: 12 },
          ngaySinh: { type: "string", title: "Ngày, tháng, năm sinh", format: "date" },
          lyDo: { type: "string", title: "Lý do", maxLength: 2000 },
          gioiTinh: { type: "string", title: "Giới tính", enum: ["Nam", "Nữ"] },
          camDoan: { type: "boolean", title: "Tôi cam đoan" },
          con: { type: "array", title: "Các con", items: { type: "object", properties: { ten: { type: "string", title: "Họ tên" }, namSinh: { type: "integer", title: "Năm sinh" } } } },
          danhChoCoQuan: { type: "object", title: "", properties: { soDangKy: { type: "string", title: "Số đăng ký" } } },
          lamTai: {
            type: "object",
            title: "Làm tại",
            properties: { noiLam: { type: "string" }, ngayLam: { type: "string", format: "date" }, nguoiKy: { type: "string", title: "Người yêu cầu (ký, ghi rõ họ, chữ đệm, tên)" } },
          },
        },
      },
      {
        kinhGui: { "ui:options": { paper: "addressee" } },
        con: { "ui:options": { rows: 4 } },
        danhChoCoQuan: { "ui:options": { paper: "official" } },
        lamTai: { "ui:options": { paper: "place-date" }, nguoiKy: { "ui:options": { paper: "signature" } } },
      },
      "dự phòng",
    );
    expect(layout.title).toBe("Tờ khai thử nghiệm");
    expect(layout.nodes).toEqual([
      { kind: "addressee", id: "f_kinhGui", path: ["kinhGui"], label: "Kính gửi" },
      { kind: "line", id: "f_hoTen", path: ["hoTen"], label: "Họ, chữ đệm, tên", size: "full", lines: 1, required: true },
      { kind: "line", id: "f_namSinh", path: ["namSinh"], label: "Năm sinh", size: "short", lines: 1, required: false },
      { kind: "line", id: "f_maSo", path: ["maSo"], label: "Số định danh", size: "short", lines: 1, required: false },
      { kind: "date", id: "f_ngaySinh", path: ["ngaySinh"], label: "Ngày, tháng, năm sinh", required: false },
      { kind: "line", id: "f_lyDo", path: ["lyDo"], label: "Lý do", size: "full", lines: 3, required: false },
      { kind: "choices", id: "f_gioiTinh", path: ["gioiTinh"], label: "Giới tính", options: [{ value: "Nam", label: "Nam" }, { value: "Nữ", label: "Nữ" }] },
      { kind: "check", id: "f_camDoan", path: ["camDoan"], label: "Tôi cam đoan" },
      { kind: "table", id: "f_con", path: ["con"], title: "Các con", columns: [{ name: "ten", title: "Họ tên" }, { name: "namSinh", title: "Năm sinh" }], rows: 4 },
      { kind: "group", id: "f_danhChoCoQuan", path: ["danhChoCoQuan"], title: "", official: true, children: [{ kind: "line", id: "f_danhChoCoQuan_soDangKy", path: ["danhChoCoQuan", "soDangKy"], label: "Số đăng ký", size: "full", lines: 1, required: false }] },
      {
        kind: "placeDate",
        id: "f_lamTai",
        path: ["lamTai"],
        placePath: ["lamTai", "noiLam"],
        datePath: ["lamTai", "ngayLam"],
        signatures: [{ path: ["lamTai", "nguoiKy"], title: "Người yêu cầu (ký, ghi rõ họ, chữ đệm, tên)" }],
      },
    ]);
  });

  it("follows ui:order, width and line hints, and leaves hidden fields out", () => {
    const layout = paperLayout(
      { type: "object", properties: { a: { type: "string", title: "A" }, b: { type: "string", title: "B" }, c: { type: "string", title: "C" } } },
      { "ui:order": ["c", "*"], a: { "ui:options": { width: "half", lines: 1 } }, b: { "ui:widget": "hidden" }, c: { "ui:widget": "textarea", "ui:options": { lines: 5 } } },
      "Mẫu",
    );
    expect(layout.title).toBe("Mẫu");
    expect(layout.nodes).toEqual([
      { kind: "line", id: "f_c", path: ["c"], label: "C", size: "full", lines: 5, required: false },
      { kind: "line", id: "f_a", path: ["a"], label: "A", size: "half", lines: 1, required: false },
    ]);
  });

  it("the sample birth-registration declaration has its addressee, groups and signature", () => {
    const form = JSON.parse(readFileSync("catalog/forms/to-khai-dang-ky-khai-sinh.json", "utf8"));
    const layout = paperLayout(form.schema, form.uiSchema, form.name);
    expect(layout.nodes[0]).toEqual({ kind: "addressee", id: "f_kinhGui", path: ["kinhGui"], label: "Kính gửi" });
    expect(layout.nodes.filter((n) => n.kind === "group").map((n) => n.kind === "group" && n.title)).toEqual(
      expect.arrayContaining(["Người yêu cầu", "Người được khai sinh"]),
    );
    expect(layout.nodes.at(-1)).toMatchObject({ kind: "placeDate", signatures: [{ path: ["lamTai", "nguoiKy"], title: "Người yêu cầu (ký, ghi rõ họ, chữ đệm, tên)" }] });
  });
});
