import type { UiSchema } from "@rjsf/utils";
import type { JSONSchema7 } from "json-schema";
import { KINDS } from "~/domain/kinds";
import { resolveSchema } from "~/domain/schema-walk";
import { REFERENCE_WIDGET, type ReferenceChoice } from "./references";

export const MDX_WIDGET = "mdx";
export const MONEY_WIDGET = "money";
/** The field (not widget: it holds an object) of every duration: amount and unit as one control. */
export const DURATION_FIELD = "duration";

type Node = Record<string, unknown>;

/** The widget a schema node asks for by what it is, not where it is. */
function widgetFor(raw: JSONSchema7, resolved: JSONSchema7): string | undefined {
  if (resolved.contentMediaType === "text/markdown") return MDX_WIDGET;
  if (raw.$ref === "#/definitions/vnd") return MONEY_WIDGET;
  return undefined;
}

/**
 * The UI schema with the editor's own widgets wherever the schema calls for them: the MDX editor (text plus a
 * preview rendered by the server) on every `contentMediaType: text/markdown` property, and the money field
 * (đồng, vi-VN grouping) on every amount in đồng (`#/definitions/vnd`), the duration control (amount and unit
 * together) on every `#/definitions/duration`, including inside `oneOf` branches
 * (rjsf applies a property's UI schema to the branch chosen), and, given the catalog's legal documents, a
 * reference picker on every legal basis's "Mã văn bản trong danh mục". What the UI schema already says is kept.
 */
export function withSchemaWidgets(schema: JSONSchema7, uiSchema: UiSchema, legalDocuments?: readonly ReferenceChoice[]): UiSchema {
  const root = structuredClone(uiSchema) as Node;
  const visit = (raw: JSONSchema7 | undefined, ui: Node, depth: number) => {
    if (!raw || depth > 12) return;
    const resolved = resolveSchema(schema, raw);
    const widget = widgetFor(raw, resolved);
    if (widget) {
      ui["ui:widget"] = widget;
      return;
    }
    if (raw.$ref === "#/definitions/duration") {
      ui["ui:field"] = DURATION_FIELD;
      return;
    }
    // Dates are stored as YYYY-MM-DD (what the schema's description says) but typed as dd/mm/yyyy here.
    if (resolved.format === "date" && !ui["ui:description"]) {
      ui["ui:description"] = "Nhập dạng ngày/tháng/năm, ví dụ 22/11/2026.";
      return;
    }
    // A legal basis may name a legal document of the catalog: pick it by its number and title.
    if (raw.$ref === "#/definitions/legalReference" && legalDocuments) {
      const documentCode = (ui.documentCode ??= {}) as Node;
      documentCode["ui:widget"] = REFERENCE_WIDGET;
      documentCode["ui:options"] = { ...(documentCode["ui:options"] as Node | undefined), refKind: "legal-document", refLabel: KINDS["legal-document"].label, choices: legalDocuments };
    }
    const into = (key: string, child: JSONSchema7) => {
      ui[key] ??= {};
      visit(child, ui[key] as Node, depth + 1);
      if (Object.keys(ui[key] as Node).length === 0) delete ui[key];
    };
    for (const [name, child] of Object.entries(resolved.properties ?? {})) if (typeof child === "object") into(name, child);
    if (resolved.items && typeof resolved.items === "object" && !Array.isArray(resolved.items)) into("items", resolved.items);
    for (const branch of resolved.oneOf ?? []) if (typeof branch === "object") visit(branch, ui, depth + 1);
  };
  visit(schema, root, 0);
  return root as UiSchema;
}
