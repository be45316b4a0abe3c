import type { JSONSchema7 } from "json-schema";
import { formatNumber } from "./format";
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

/** A value as a short Vietnamese reading: text as is (cut), numbers vi-VN, lists by their names or count. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "(trống)";
  if (typeof value === "string") return value.length > 300 ? `${value.slice(0, 297)}…` : value;
  if (typeof value === "number") return formatNumber(value, 4);
  if (typeof value === "boolean") return value ? "Có" : "Không";
  if (Array.isArray(value)) {
    const names = value.map((item) => (item && typeof item === "object" ? ((item as Body).name ?? (item as Body).title ?? (item as Body).code) : item));
    const readable = names.every((n) => typeof n === "string" || typeof n === "number");
    const list = readable ? `: ${names.join("; ")}` : "";
    const text = `${value.length} mục${list}`;
    return text.length > 300 ? `${text.slice(0, 297)}…` : text;
  }
  const text = JSON.stringify(value);
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
    const title = (property && typeof property === "object" ? resolveSchema(schema, property).title : undefined) ?? name;
    fields.push({
      name,
      title,
      mineChanged,
      theirsChanged,
      conflict: mineChanged && theirsChanged && !same(mine[name], theirs[name]),
      baseText: describeValue(base[name]),
      mineText: describeValue(mine[name]),
      theirsText: describeValue(theirs[name]),
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
