import { createHash } from "node:crypto";

/**
 * The one serialisation of a document: keys in the order its JSON Schema lists them (so files read like the
 * schema and git diffs stay small), keys the schema does not name (free-form parts such as a form's own
 * schema) keep their order, 2-space indent, trailing newline. Catalog files, the database body and the
 * revision hash all use it, which is what makes import → export byte-identical.
 */

export interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  definitions?: Record<string, SchemaNode>;
}

function resolve(node: SchemaNode | undefined, root: SchemaNode): SchemaNode | undefined {
  let current = node;
  for (let depth = 0; current?.$ref && depth < 20; depth++) {
    const match = /^#\/definitions\/(.+)$/.exec(current.$ref);
    current = match ? root.definitions?.[decodeURIComponent(match[1])] : undefined;
  }
  return current;
}

/** Property names and sub-schemas of an object schema, including those of its oneOf/anyOf/allOf branches. */
function objectProperties(node: SchemaNode | undefined, root: SchemaNode): Map<string, SchemaNode> {
  const out = new Map<string, SchemaNode>();
  const visit = (n: SchemaNode | undefined) => {
    const r = resolve(n, root);
    if (!r) return;
    for (const [name, sub] of Object.entries(r.properties ?? {})) if (!out.has(name)) out.set(name, sub);
    for (const branch of [...(r.allOf ?? []), ...(r.oneOf ?? []), ...(r.anyOf ?? [])]) visit(branch);
  };
  visit(node);
  return out;
}

export function orderBySchema(value: unknown, schema: SchemaNode | undefined, root: SchemaNode): unknown {
  if (Array.isArray(value)) {
    const r = resolve(schema, root);
    const itemSchema = Array.isArray(r?.items) ? undefined : r?.items;
    return value.map((item) => orderBySchema(item, itemSchema, root));
  }
  if (value === null || typeof value !== "object") return value;
  const props = objectProperties(schema, root);
  const source = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const [name, sub] of props) {
    if (name in source) ordered[name] = orderBySchema(source[name], sub, root);
  }
  for (const name of Object.keys(source)) {
    if (!(name in ordered)) ordered[name] = props.size === 0 ? source[name] : orderBySchema(source[name], undefined, root);
  }
  return ordered;
}

export function serializeDocument(value: unknown, schema: SchemaNode): string {
  return JSON.stringify(orderBySchema(value, schema, schema), null, 2) + "\n";
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
