import type { JSONSchema7 } from "json-schema";
import { formatValue } from "./diff";
import { resolveSchema } from "./schema-walk";

/**
 * Three-way merge of two edits of one document, by field (the document's top-level properties, named by their
 * titles): `base` is the revision both started from, `mine` the refused save, `theirs` the revision saved
 * meanwhile. A field changed on one side only takes that side; a field both changed (differently) is a conflict
 * the officer settles by choosing. Pure: the server computes it, the page shows it.
 */

export type Side = "mine" | "theirs";

export interface FieldMerge {
  name: string;
  title: string;
  mineChanged: boolean;
  theirsChanged: boolean;
  /** Both changed it, to different values: the officer chooses. */
  conflict: boolean;
  /** Short readings of the common base's and each side's value, for the page. */
  baseText: string;
  mineText: string;
  theirsText: string;
}

type Body = Record<string, unknown>;

/** A stable text of a value (keys sorted), to compare values whatever their key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Body)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/** A value as the merge table shows it: read as officers read it (app/domain/diff.ts), cut when long. */
function reading(schema: JSONSchema7, raw: JSONSchema7 | undefined, value: unknown): string {
  const text = formatValue(schema, raw, value);
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

/** The fields either side changed, in the schema's order (then any others). */
export function mergeByField(schema: JSONSchema7, base: Body, mine: Body, theirs: Body): FieldMerge[] {
  const names = [...Object.keys(schema.properties ?? {})];
  for (const name of [...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)]) if (!names.includes(name)) names.push(name);
  const fields: FieldMerge[] = [];
  for (const name of names) {
    const mineChanged = !same(base[name], mine[name]);
    const theirsChanged = !same(base[name], theirs[name]);
    if (!mineChanged && !theirsChanged) continue;
    const property = schema.properties?.[name];
    const raw = property && typeof property === "object" ? property : undefined;
    const title = (raw ? resolveSchema(schema, raw).title : undefined) ?? name;
    fields.push({
      name,
      title,
      mineChanged,
      theirsChanged,
      conflict: mineChanged && theirsChanged && !same(mine[name], theirs[name]),
      baseText: reading(schema, raw, base[name]),
      mineText: reading(schema, raw, mine[name]),
      theirsText: reading(schema, raw, theirs[name]),
    });
  }
  return fields;
}

/**
 * The merged document: theirs, with every field only I changed taken from mine, and each conflict settled by
 * `choices` (field name → side). Returns the names of conflicts left without a choice instead, if any.
 */
export function applyMerge(
  fields: readonly FieldMerge[],
  mine: Body,
  theirs: Body,
  choices: Readonly<Record<string, Side>>,
): { ok: true; body: Body } | { ok: false; unresolved: FieldMerge[] } {
  const unresolved = fields.filter((f) => f.conflict && choices[f.name] !== "mine" && choices[f.name] !== "theirs");
  if (unresolved.length > 0) return { ok: false, unresolved };
  const body: Body = { ...theirs };
  for (const field of fields) {
    const take: Side = field.conflict ? choices[field.name] : field.mineChanged ? "mine" : "theirs";
    if (take === "mine") {
      if (field.name in mine) body[field.name] = mine[field.name];
      else delete body[field.name];
    }
  }
  return { ok: true, body };
}
