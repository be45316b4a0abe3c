import type { JSONSchema7 } from "json-schema";
import { resolveSchema } from "./schema-walk";

/**
 * The paper layout of a form (biểu mẫu, tờ khai) from its JSON Schema and UI schema, as the official templates lay
 * it out: each field a label with a dotted writing line sized to its type, check boxes for yes/no and choices,
 * groups under their heading, repeating groups as table rows, the addressee ("Kính gửi"), the place-and-date
 * line and the signature blocks. Pure: the public printable page renders it, and later the print pack.
 *
 * Hints a form's UI schema may give, under `ui:options`:
 * - `paper`: `"addressee"` (a "Kính gửi" line), `"place-date"` (on a group: its text field is the place, its date
 *   field the date, its `"signature"` fields the signature blocks), `"signature"`, `"official"` (a group only
 *   the registering office fills in: "Phần dành cho cơ quan đăng ký");
 * - `width: "half"` (two such fields share a line), `lines` (writing lines of a long text), `rows` (blank rows of
 *   a repeating group).
 */

export type LineSize = "full" | "half" | "short";

/** Every node knows where its value sits in the form's data (`path`), so a filled-in form prints its values. */
export type PaperNode =
  | { kind: "line"; id: string; path: string[]; label: string; size: LineSize; lines: number; required: boolean }
  | { kind: "date"; id: string; path: string[]; label: string; required: boolean }
  | { kind: "check"; id: string; path: string[]; label: string }
  | { kind: "choices"; id: string; path: string[]; label: string; options: { value: string; label: string }[] }
  | { kind: "group"; id: string; path: string[]; title: string; official: boolean; children: PaperNode[] }
  | { kind: "table"; id: string; path: string[]; title: string; columns: { name: string | null; title: string }[]; rows: number }
  | { kind: "addressee"; id: string; path: string[]; label: string }
  | {
      kind: "placeDate";
      id: string;
      path: string[];
      placePath: string[] | null;
      datePath: string[] | null;
      signatures: { path: string[]; title: string }[];
    };

export interface PaperLayout {
  title: string;
  nodes: PaperNode[];
}

type UiNode = Record<string, unknown>;

const DEFAULT_TABLE_ROWS = 3;
const DEFAULT_LONG_LINES = 3;
/** Strings at most this long get a short line (codes, numbers, years). */
const SHORT_TEXT = 20;
/** Strings longer than this (or shown as a text area) get several lines. */
const LONG_TEXT = 300;

function optionsOf(ui: UiNode | undefined): Record<string, unknown> {
  const options = ui?.["ui:options"];
  return options && typeof options === "object" ? (options as Record<string, unknown>) : {};
}

function childUi(ui: UiNode | undefined, name: string): UiNode | undefined {
  const child = ui?.[name];
  return child && typeof child === "object" ? (child as UiNode) : undefined;
}

function choicesOf(schema: JSONSchema7): { value: string; label: string }[] | null {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => ({ value: String(v), label: String(v) }));
  if (Array.isArray(schema.oneOf) && schema.oneOf.every((b) => typeof b === "object" && "const" in b)) {
    return schema.oneOf.map((b) => {
      const branch = b as JSONSchema7;
      return { value: String(branch.const), label: branch.title ?? String(branch.const) };
    });
  }
  return null;
}

/** The properties of an object schema in the UI schema's `ui:order` (a `*` stands for the rest). */
function ordered(schema: JSONSchema7, ui: UiNode | undefined): [string, JSONSchema7 | boolean][] {
  const entries = Object.entries(schema.properties ?? {});
  const order = Array.isArray(ui?.["ui:order"]) ? (ui!["ui:order"] as string[]) : null;
  if (!order) return entries;
  const named = order.filter((n) => n !== "*" && n in (schema.properties ?? {}));
  const rest = entries.filter(([n]) => !named.includes(n));
  const at = order.indexOf("*");
  const head = named.map((n) => [n, schema.properties![n]] as [string, JSONSchema7 | boolean]);
  return at === -1 ? [...head, ...rest] : [...head.slice(0, at), ...rest, ...head.slice(at)];
}

function nodeOf(root: JSONSchema7, name: string, raw: JSONSchema7 | boolean, ui: UiNode | undefined, required: boolean, path: string[]): PaperNode | null {
  const schema = resolveSchema(root, raw);
  const id = `f_${path.join("_")}`;
  if (ui?.["ui:widget"] === "hidden") return null;
  const options = optionsOf(ui);
  const label = (typeof ui?.["ui:title"] === "string" ? (ui["ui:title"] as string) : schema.title) ?? name;
  const paper = options.paper;

  if (schema.type === "object") {
    const children = ordered(schema, ui);
    const requiredNames = new Set(schema.required ?? []);
    if (paper === "place-date") {
      const isSignature = (n: string) => optionsOf(childUi(ui, n)).paper === "signature";
      const signatures = children.filter(([n]) => isSignature(n)).map(([n, s]) => ({ path: [...path, n], title: resolveSchema(root, s).title ?? n }));
      const date = children.find(([, s]) => resolveSchema(root, s).format === "date");
      const place = children.find(([n, s]) => !isSignature(n) && resolveSchema(root, s).type === "string" && resolveSchema(root, s).format !== "date");
      return { kind: "placeDate", id, path, placePath: place ? [...path, place[0]] : null, datePath: date ? [...path, date[0]] : null, signatures };
    }
    return {
      kind: "group",
      id,
      path,
      title: label,
      official: paper === "official",
      children: children
        .map(([n, s]) => nodeOf(root, n, s, childUi(ui, n), requiredNames.has(n), [...path, n]))
        .filter((n): n is PaperNode => n !== null),
    };
  }
  if (schema.type === "array") {
    const items = resolveSchema(root, Array.isArray(schema.items) ? undefined : schema.items);
    const rows = typeof options.rows === "number" ? options.rows : DEFAULT_TABLE_ROWS;
    const itemUi = childUi(ui, "items");
    const choices = choicesOf(items);
    if (choices) return { kind: "choices", id, path, label, options: choices };
    const columns =
      items.type === "object"
        ? ordered(items, itemUi).map(([n, s]) => ({ name: n, title: resolveSchema(root, s).title ?? n }))
        : [{ name: null, title: resolveSchema(root, items).title ?? label }];
    return { kind: "table", id, path, title: label, columns, rows };
  }
  if (paper === "addressee") return { kind: "addressee", id, path, label };
  if (schema.type === "boolean") return { kind: "check", id, path, label };
  const choices = choicesOf(schema);
  if (choices) return { kind: "choices", id, path, label, options: choices };
  if (schema.format === "date") return { kind: "date", id, path, label, required };
  const textArea = ui?.["ui:widget"] === "textarea";
  const long = textArea || (schema.maxLength ?? 0) > LONG_TEXT;
  const lines = typeof options.lines === "number" ? options.lines : long ? DEFAULT_LONG_LINES : 1;
  const short = schema.type === "number" || schema.type === "integer" || (schema.maxLength !== undefined && schema.maxLength <= SHORT_TEXT);
  const size: LineSize = options.width === "half" ? "half" : short && lines === 1 ? "short" : "full";
  return { kind: "line", id, path, label, size, lines, required };
}

/** The layout of a form's fields; `schema` is the form's own field schema (root `type: object`). */
export function paperLayout(schema: JSONSchema7, uiSchema: UiNode | undefined, fallbackTitle: string): PaperLayout {
  const requiredNames = new Set(schema.required ?? []);
  const nodes = ordered(schema, uiSchema)
    .map(([n, s]) => nodeOf(schema, n, s, childUi(uiSchema, n), requiredNames.has(n), [n]))
    .filter((n): n is PaperNode => n !== null);
  return { title: schema.title || fallbackTitle, nodes };
}

/** The value at `path` in a filled-in form's data (undefined when not filled). */
export function valueAt(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const segment of path) {
    if (!current || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
