import type { JSONSchema7, JSONSchema7Definition } from "json-schema";
import type { DocumentKind } from "~/domain/kinds";
import { getBundledSchema } from "./schemas.server";

/**
 * Vietnamese labels taken from the schemas (titles and `oneOf: [{const, title}]` options), so a page's
 * headings and enum values read exactly as the editor's labels: the schema is the one source of the words.
 * Paths name properties; array items are passed through (`["channels", "type"]`).
 */

function resolve(root: JSONSchema7, node: JSONSchema7Definition | undefined): JSONSchema7 | undefined {
  let current = typeof node === "object" ? node : undefined;
  let merged: JSONSchema7 = {};
  for (let i = 0; current && i < 20; i++) {
    merged = { ...current, ...merged };
    if (!current.$ref) break;
    const name = current.$ref.replace(/^#\/definitions\//, "");
    const target = root.definitions?.[name];
    current = typeof target === "object" ? target : undefined;
    delete merged.$ref;
  }
  return current ? merged : undefined;
}

export function schemaAt(kind: DocumentKind, path: string[]): JSONSchema7 | undefined {
  const root = getBundledSchema(kind);
  let node = resolve(root, root);
  for (const segment of path) {
    while (node?.type === "array" || (node?.items && !node.properties)) {
      node = resolve(root, Array.isArray(node.items) ? undefined : node.items);
    }
    node = resolve(root, node?.properties?.[segment]);
  }
  return node;
}

export function titleAt(kind: DocumentKind, path: string[]): string {
  return schemaAt(kind, path)?.title ?? path.at(-1) ?? "";
}

/** `{ const: title }` of an enum written as `oneOf: [{const, title}]`. */
export function optionsAt(kind: DocumentKind, path: string[]): Record<string, string> {
  const root = getBundledSchema(kind);
  const node = schemaAt(kind, path);
  const options: Record<string, string> = {};
  for (const branch of node?.oneOf ?? []) {
    const option = resolve(root, branch);
    if (option && option.const !== undefined) options[String(option.const)] = option.title ?? String(option.const);
  }
  return options;
}
