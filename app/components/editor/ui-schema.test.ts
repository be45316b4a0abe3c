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

describe("MDX editors in the UI schema", () => {
  it("go on every property whose schema is text/markdown, wherever it is, keeping its options", async () => {
    const { withSchemaWidgets } = await import("./schema-widgets");
    const schema = {
      definitions: { mdx: { type: "string", contentMediaType: "text/markdown" } },
      type: "object",
      properties: {
        name: { type: "string" },
        notes: { $ref: "#/definitions/mdx" },
        steps: { type: "array", items: { type: "object", properties: { description: { $ref: "#/definitions/mdx" }, name: { type: "string" } } } },
      },
    } as const;
    const ui = withSchemaWidgets(schema as never, { notes: { "ui:options": { rows: 4 } } });
    expect(ui).toEqual({
      notes: { "ui:options": { rows: 4 }, "ui:widget": "mdx" },
      steps: { items: { description: { "ui:widget": "mdx" } } },
    });
  });
});

describe("money fields in the UI schema", () => {
  it("go on every amount in đồng of the fee schema, inside the rule's branches too", async () => {
    const { withSchemaWidgets } = await import("./schema-widgets");
    const { getBundledSchema, getUiSchema } = await import("~/utils/schemas.server");
    const ui = withSchemaWidgets(getBundledSchema("fee"), getUiSchema("fee"));
    const rule = ui.rates.items.rule;
    expect([rule.amount["ui:widget"], rule.maxPerItem["ui:widget"], rule.tiers.items.amountPerUnit["ui:widget"]]).toEqual(["money", "money", "money"]);
  });
});

describe("legal reference pickers", () => {
  it("go on every legal basis's catalog code, found by schema, when legal documents are given", async () => {
    const { withSchemaWidgets } = await import("./schema-widgets");
    const { getBundledSchema } = await import("~/utils/schemas.server");
    const choices = [{ code: "23-2015-ND-CP", title: "23/2015/NĐ-CP – Nghị định về cấp bản sao" }];
    const ui = withSchemaWidgets(getBundledSchema("procedure"), {}, choices);
    expect(ui.legalBasis.items.documentCode).toEqual({
      "ui:widget": "reference",
      "ui:options": { refKind: "legal-document", refLabel: "Văn bản pháp luật", choices },
    });
    expect(withSchemaWidgets(getBundledSchema("procedure"), {}).legalBasis.items.documentCode).toBeUndefined();
  });
});
