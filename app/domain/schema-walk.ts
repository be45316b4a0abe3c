import type { JSONSchema7, JSONSchema7Definition } from "json-schema";

/**
 * The one way to walk a bundled JSON Schema (local `#/definitions/…` refs only, see getBundledSchema) alongside
 * a document: resolving refs, finding the schema of a child value, and visiting every value with its schema.
 * Validation labels, catalog checks, page labels and the canonical key order all use it.
 */

/** Follows local refs; keywords written beside a `$ref` (such as a more specific title) win. */
export function resolveSchema(root: JSONSchema7, schema: JSONSchema7Definition | undefined): JSONSchema7 {
  let current: JSONSchema7 = typeof schema === "object" ? schema : {};
  const seen = new Set<string>();
  while (typeof current.$ref === "string" && current.$ref.startsWith("#/definitions/") && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const target = root.definitions?.[current.$ref.slice("#/definitions/".length)];
    const { $ref: _ref, ...siblings } = current;
    current = { ...(typeof target === "object" ? target : {}), ...siblings };
  }
  return current;
}

export interface ChildSchema {
  kind: "property" | "item";
  schema: JSONSchema7;
}

/** The schema of `segment` (a property name, or an array index) inside a resolved schema. */
export function childSchema(root: JSONSchema7, schema: JSONSchema7, segment: string): ChildSchema | undefined {
  const property = schema.properties?.[segment];
  if (typeof property === "object") return { kind: "property", schema: property };
  if (/^\d+$/.test(segment) && typeof schema.items === "object" && !Array.isArray(schema.items)) {
    return { kind: "item", schema: schema.items };
  }
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) {
    const found = childSchema(root, resolveSchema(root, branch), segment);
    if (found) return found;
  }
  return undefined;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Visits every value of a document with its schema: `raw` is the schema as written (its `$ref` tells which
 * shared definition the value is), `schema` the resolved one. Values the schema does not describe are skipped.
 */
export function walkWithSchema(
  root: JSONSchema7,
  value: unknown,
  visit: (value: unknown, raw: JSONSchema7, schema: JSONSchema7, pointer: string) => void,
  raw: JSONSchema7 = root,
  pointer = "",
): void {
  const schema = resolveSchema(root, raw);
  visit(value, raw, schema, pointer);
  const children: [string, unknown][] = Array.isArray(value)
    ? value.map((item, i) => [String(i), item])
    : value && typeof value === "object"
      ? Object.entries(value)
      : [];
  for (const [segment, item] of children) {
    const child = childSchema(root, schema, segment);
    if (child) walkWithSchema(root, item, visit, child.schema, `${pointer}/${escapePointer(segment)}`);
  }
}
