import { describe, expect, it } from "vitest";
import { withReferencePickers } from "./references";

describe("reference pickers in the UI schema", () => {
  it("go on every property the registry lists as a reference, keeping what the UI schema says there", () => {
    const ui = withReferencePickers(
      "procedure",
      { cases: { items: { components: { items: { formCode: { "ui:placeholder": "Mã biểu mẫu" } } } } } },
      { form: [{ code: "TK-KHAI-SINH", title: "Tờ khai đăng ký khai sinh" }] },
    );
    expect(ui.cases.items.components.items.formCode).toEqual({
      "ui:placeholder": "Mã biểu mẫu",
      "ui:widget": "reference",
      "ui:options": { refKind: "form", refLabel: "Biểu mẫu", choices: [{ code: "TK-KHAI-SINH", title: "Tờ khai đăng ký khai sinh" }] },
    });
    expect(ui.fieldCode["ui:options"].refKind).toBe("field");
    expect(ui.channels.items.fees.items.feeCode["ui:options"].refKind).toBe("fee");
    expect(ui.processCodes.items["ui:widget"]).toBe("reference");
    expect(ui.fieldCode["ui:options"].choices).toEqual([]);
  });
});
