import type { JSONSchema7 } from "json-schema";
import type { DocumentKind } from "~/domain/kinds";
import { childSchema, resolveSchema } from "~/domain/schema-walk";
import { getBundledSchema } from "./schemas.server";

/**
 * Vietnamese labels taken from the schemas (titles and `oneOf: [{const, title}]` options), so a page's
 * headings and enum values read exactly as the editor's labels: the schema is the one source of the words.
 * Paths name properties; array items are stepped through (`["channels", "type"]`).
 */

export function schemaAt(kind: DocumentKind, path: string[]): JSONSchema7 | undefined {
  const root = getBundledSchema(kind);
  let node: JSONSchema7 | undefined = resolveSchema(root, root);
  for (const segment of path) {
    if (node && !node.properties && node.items) node = resolveSchema(root, childSchema(root, node, "0")?.schema);
    const child: JSONSchema7 | undefined = node ? childSchema(root, node, segment)?.schema : undefined;
    node = child ? resolveSchema(root, child) : undefined;
  }
  return node;
}

export function titleAt(kind: DocumentKind, path: string[]): string {
  return schemaAt(kind, path)?.title ?? path.at(-1) ?? "";
}

/** `{ const: title }` of an enum written as `oneOf: [{const, title}]`. */
export function optionsAt(kind: DocumentKind, path: string[]): Record<string, string> {
  const root = getBundledSchema(kind);
  const options: Record<string, string> = {};
  for (const branch of schemaAt(kind, path)?.oneOf ?? []) {
    const option = resolveSchema(root, branch);
    if (option.const !== undefined) options[String(option.const)] = option.title ?? String(option.const);
  }
  return options;
}
