import type { UiSchema } from "@rjsf/utils";
import type { JSONSchema7 } from "json-schema";
import { resolveSchema } from "~/domain/schema-walk";

export const MDX_WIDGET = "mdx";

type Node = Record<string, unknown>;

/**
 * The UI schema with the MDX editor (text plus a preview rendered by the server) on every property whose
 * schema says `contentMediaType: text/markdown`, wherever it is (`steps.items.description`, `notes`…).
 */
export function withMdxEditors(schema: JSONSchema7, uiSchema: UiSchema): UiSchema {
  const root = structuredClone(uiSchema) as Node;
  const visit = (node: JSONSchema7 | undefined, ui: Node, depth: number) => {
    if (!node || depth > 12) return;
    const resolved = resolveSchema(schema, node);
    if (resolved.contentMediaType === "text/markdown") {
      ui["ui:widget"] = MDX_WIDGET;
      return;
    }
    for (const [name, child] of Object.entries(resolved.properties ?? {})) {
      if (typeof child !== "object") continue;
      ui[name] ??= {};
      visit(child, ui[name] as Node, depth + 1);
      if (Object.keys(ui[name] as Node).length === 0) delete ui[name];
    }
    if (resolved.items && typeof resolved.items === "object" && !Array.isArray(resolved.items)) {
      ui.items ??= {};
      visit(resolved.items, ui.items as Node, depth + 1);
      if (Object.keys(ui.items as Node).length === 0) delete ui.items;
    }
  };
  visit(schema, root, 0);
  return root as UiSchema;
}
