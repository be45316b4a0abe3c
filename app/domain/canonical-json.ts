import { createHash } from "node:crypto";
import type { JSONSchema7, JSONSchema7Definition } from "json-schema";
import { resolveSchema } from "./schema-walk";

/**
 * The one serialisation of a document: keys in the order its JSON Schema lists them (so files read like the
 * schema and git diffs stay small), keys the schema does not name (free-form parts such as a form's own
 * schema) keep their order, 2-space indent, trailing newline. Catalog files, the database body and the
 * revision hash all use it, which is what makes import → export byte-identical.
 */

/** Property names and sub-schemas of an object schema, including those of its oneOf/anyOf/allOf branches. */
function objectProperties(root: JSONSchema7, node: JSONSchema7Definition | undefined): Map<string, JSONSchema7Definition> {
  const out = new Map<string, JSONSchema7Definition>();
  const visit = (n: JSONSchema7Definition | undefined) => {
    const r = resolveSchema(root, n);
    for (const [name, sub] of Object.entries(r.properties ?? {})) if (!out.has(name)) out.set(name, sub);
    for (const branch of [...(r.allOf ?? []), ...(r.oneOf ?? []), ...(r.anyOf ?? [])]) visit(branch);
  };
  visit(node);
  return out;
}

function orderBySchema(root: JSONSchema7, value: unknown, schema: JSONSchema7Definition | undefined): unknown {
  if (Array.isArray(value)) {
    const items = resolveSchema(root, schema).items;
    return value.map((item) => orderBySchema(root, item, Array.isArray(items) ? undefined : items));
  }
  if (value === null || typeof value !== "object") return value;
  const props = objectProperties(root, schema);
  const source = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const [name, sub] of props) {
    if (name in source) ordered[name] = orderBySchema(root, source[name], sub);
  }
  for (const name of Object.keys(source)) {
    if (!(name in ordered)) ordered[name] = source[name];
  }
  return ordered;
}

/** `schema` is a bundled schema (local refs only). */
export function serializeDocument(value: unknown, schema: JSONSchema7): string {
  return JSON.stringify(orderBySchema(schema, value, schema), null, 2) + "\n";
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
