import type { JSONSchema7 } from "json-schema";
import { foldForSearch } from "./search";

/**
 * The form builder's operations on a form's own JSON Schema and UI schema (the source of truth: the visual field
 * list and the JSON tab edit the same two objects, so they never drift). Pure and immutable: every operation
 * returns new objects. A field is addressed by its path of property names from the root (a repeating group's
 * fields live under its `items`).
 */

export type FieldType = "text" | "longText" | "number" | "date" | "choice" | "boolean" | "group" | "repeat";

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: "Văn bản ngắn",
  longText: "Văn bản dài",
  number: "Số",
  date: "Ngày",
  choice: "Chọn trong danh sách",
  boolean: "Có/Không (ô đánh dấu)",
  group: "Nhóm trường",
  repeat: "Nhóm lặp lại (nhiều dòng)",
};

export const FIELD_TYPES = Object.keys(FIELD_TYPE_LABELS) as FieldType[];

type Ui = Record<string, unknown>;
export interface FormDefinition {
  schema: JSONSchema7;
  uiSchema: Ui;
}

export interface BuilderField {
  name: string;
  path: string[];
  title: string;
  type: FieldType;
  required: boolean;
  help: string;
  width: "full" | "half";
  /** Why the law asks for it (the idea of FIM data fields), kept as `x-legalBasis` in the schema. */
  legalBasis: string;
  options: string[];
  /** A group only the registering office fills in ("Phần dành cho cơ quan đăng ký"). */
  official: boolean;
  children: BuilderField[];
}

/** The keyword under which a field keeps its legal basis (ignored by validation and by rjsf). */
export const LEGAL_BASIS_KEYWORD = "x-legalBasis";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function uiAt(ui: Ui | undefined, name: string): Ui {
  const child = ui?.[name];
  return isObject(child) ? child : {};
}

function optionsOf(ui: Ui): Record<string, unknown> {
  return isObject(ui["ui:options"]) ? (ui["ui:options"] as Record<string, unknown>) : {};
}

export function typeOf(schema: JSONSchema7, ui: Ui): FieldType {
  if (schema.type === "object") return "group";
  if (schema.type === "array") return "repeat";
  if (schema.type === "boolean") return "boolean";
  if (schema.type === "number" || schema.type === "integer") return "number";
  if (Array.isArray(schema.enum) || Array.isArray(schema.oneOf)) return "choice";
  if (schema.format === "date") return "date";
  if (ui["ui:widget"] === "textarea") return "longText";
  return "text";
}

/** The object schema whose properties are the fields at `path` (a group, or a repeating group's items). */
function containerOf(schema: JSONSchema7): JSONSchema7 {
  if (schema.type === "array" && isObject(schema.items)) return schema.items as JSONSchema7;
  return schema;
}

function containerUi(schema: JSONSchema7, ui: Ui): Ui {
  return schema.type === "array" ? uiAt(ui, "items") : ui;
}

/** The fields of an object schema in the order the form shows them (`ui:order`, else the properties' order). */
function orderedNames(schema: JSONSchema7, ui: Ui): string[] {
  const names = Object.keys(schema.properties ?? {});
  const order = Array.isArray(ui["ui:order"]) ? (ui["ui:order"] as string[]).filter((n) => names.includes(n)) : [];
  return [...order, ...names.filter((n) => !order.includes(n))];
}

export function fieldsOf(schema: JSONSchema7, ui: Ui, path: string[] = []): BuilderField[] {
  const required = new Set(schema.required ?? []);
  return orderedNames(schema, ui).map((name) => {
    const raw = schema.properties![name];
    const child: JSONSchema7 = isObject(raw) ? (raw as JSONSchema7) : {};
    const childUi = uiAt(ui, name);
    const type = typeOf(child, childUi);
    const options = optionsOf(childUi);
    const container = containerOf(child);
    return {
      name,
      path: [...path, name],
      title: child.title ?? name,
      type,
      required: required.has(name),
      help: child.description ?? "",
      width: options.width === "half" ? "half" : "full",
      legalBasis: typeof (child as Record<string, unknown>)[LEGAL_BASIS_KEYWORD] === "string" ? ((child as Record<string, unknown>)[LEGAL_BASIS_KEYWORD] as string) : "",
      options: Array.isArray(child.enum) ? child.enum.map(String) : [],
      official: options.paper === "official",
      children: type === "group" || type === "repeat" ? fieldsOf(container, containerUi(child, childUi), [...path, name]) : [],
    };
  });
}

/** The technical name of a new field: its title folded to camelCase ("Họ, chữ đệm, tên" → "hoChuDemTen"), unique. */
export function fieldName(title: string, taken: Iterable<string>): string {
  const words = foldForSearch(title)
    .replace(/[^a-z0-9 ]+/g, " ")
    .split(" ")
    .filter(Boolean);
  let stem = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("").slice(0, 40) || "truong";
  if (!/^[a-z]/.test(stem)) stem = `truong${stem}`;
  const used = new Set(taken);
  let name = stem;
  for (let n = 2; used.has(name); n++) name = `${stem}${n}`;
  return name;
}

// ---------------------------------------------------------------------------------------------
// Immutable edits at a path

/** Applies `change` to the (container schema, container UI) that holds the fields at `parentPath`. */
function atContainer(def: FormDefinition, parentPath: string[], change: (schema: JSONSchema7, ui: Ui) => { schema: JSONSchema7; ui: Ui }): FormDefinition {
  const step = (schema: JSONSchema7, ui: Ui, rest: string[]): { schema: JSONSchema7; ui: Ui } => {
    if (rest.length === 0) return change(schema, ui);
    const [name, ...more] = rest;
    const child = (schema.properties?.[name] ?? {}) as JSONSchema7;
    const childUi = uiAt(ui, name);
    const inner = containerOf(child);
    const innerUi = containerUi(child, childUi);
    const next = step(inner, innerUi, more);
    const newChild: JSONSchema7 = child.type === "array" ? { ...child, items: next.schema } : next.schema;
    const newChildUi: Ui = child.type === "array" ? { ...childUi, items: next.ui } : next.ui;
    return { schema: { ...schema, properties: { ...schema.properties, [name]: newChild } }, ui: { ...ui, [name]: newChildUi } };
  };
  const result = step(def.schema, def.uiSchema, parentPath);
  return { schema: result.schema, uiSchema: result.ui };
}

const parentOf = (path: string[]) => path.slice(0, -1);
const nameOf = (path: string[]) => path[path.length - 1];

function withOrder(schema: JSONSchema7, ui: Ui, names: string[]): { schema: JSONSchema7; ui: Ui } {
  const properties = Object.fromEntries(names.map((n) => [n, schema.properties![n]]));
  const nextUi = { ...ui };
  if (Array.isArray(ui["ui:order"])) nextUi["ui:order"] = names;
  return { schema: { ...schema, properties }, ui: nextUi };
}

export function addField(def: FormDefinition, parentPath: string[], title = "Trường mới"): { def: FormDefinition; path: string[] } {
  let added: string[] = [];
  const next = atContainer(def, parentPath, (schema, ui) => {
    const name = fieldName(title, Object.keys(schema.properties ?? {}));
    added = [...parentPath, name];
    const names = [...orderedNames(schema, ui), name];
    const withField = { ...schema, type: "object" as const, properties: { ...schema.properties, [name]: { type: "string", title } as JSONSchema7 } };
    return withOrder(withField, ui, names);
  });
  return { def: next, path: added };
}

export function removeField(def: FormDefinition, path: string[]): FormDefinition {
  return atContainer(def, parentOf(path), (schema, ui) => {
    const name = nameOf(path);
    const { [name]: _gone, ...properties } = schema.properties ?? {};
    const { [name]: _goneUi, ...restUi } = ui;
    const next: JSONSchema7 = { ...schema, properties };
    if (schema.required) next.required = schema.required.filter((n) => n !== name);
    if (Array.isArray(restUi["ui:order"])) restUi["ui:order"] = (restUi["ui:order"] as string[]).filter((n) => n !== name);
    return { schema: next, ui: restUi };
  });
}

/** Moves a field one place up (-1) or down (+1) among its siblings. */
export function moveField(def: FormDefinition, path: string[], by: -1 | 1): FormDefinition {
  return atContainer(def, parentOf(path), (schema, ui) => {
    const names = orderedNames(schema, ui);
    const at = names.indexOf(nameOf(path));
    const to = at + by;
    if (at === -1 || to < 0 || to >= names.length) return { schema, ui };
    [names[at], names[to]] = [names[to], names[at]];
    return withOrder(schema, ui, names);
  });
}

export type FieldChange = Partial<Pick<BuilderField, "title" | "type" | "required" | "help" | "width" | "legalBasis" | "options" | "official">>;

/** Changes one field's settings; a new type keeps what still applies (title, help, legal basis). */
export function updateField(def: FormDefinition, path: string[], change: FieldChange): FormDefinition {
  return atContainer(def, parentOf(path), (schema, ui) => {
    const name = nameOf(path);
    const current = (schema.properties?.[name] ?? {}) as JSONSchema7;
    const currentUi = uiAt(ui, name);
    const type = change.type ?? typeOf(current, currentUi);
    let field: JSONSchema7 = { ...current };
    let fieldUi: Ui = { ...currentUi };
    if (change.type && change.type !== typeOf(current, currentUi)) {
      const keep = { title: current.title, description: current.description, [LEGAL_BASIS_KEYWORD]: (current as Record<string, unknown>)[LEGAL_BASIS_KEYWORD] };
      field = Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined)) as JSONSchema7;
      fieldUi = isObject(currentUi["ui:options"]) ? { "ui:options": currentUi["ui:options"] } : {};
      switch (type) {
        case "text":
          field.type = "string";
          break;
        case "longText":
          field.type = "string";
          fieldUi["ui:widget"] = "textarea";
          break;
        case "number":
          field.type = "number";
          break;
        case "date":
          field.type = "string";
          field.format = "date";
          break;
        case "choice":
          field.type = "string";
          field.enum = ["Lựa chọn 1", "Lựa chọn 2"];
          break;
        case "boolean":
          field.type = "boolean";
          break;
        case "group":
          field.type = "object";
          field.properties = {};
          break;
        case "repeat":
          field.type = "array";
          field.items = { type: "object", properties: {} };
          break;
      }
    }
    if (change.title !== undefined) field.title = change.title;
    if (change.help !== undefined) {
      if (change.help) field.description = change.help;
      else delete field.description;
    }
    if (change.legalBasis !== undefined) {
      if (change.legalBasis) (field as Record<string, unknown>)[LEGAL_BASIS_KEYWORD] = change.legalBasis;
      else delete (field as Record<string, unknown>)[LEGAL_BASIS_KEYWORD];
    }
    if (change.options !== undefined && type === "choice") field.enum = change.options;
    const options = { ...optionsOf(fieldUi) };
    if (change.width !== undefined) {
      if (change.width === "half") options.width = "half";
      else delete options.width;
    }
    if (change.official !== undefined) {
      if (change.official) options.paper = "official";
      else if (options.paper === "official") delete options.paper;
    }
    if (Object.keys(options).length > 0) fieldUi["ui:options"] = options;
    else delete fieldUi["ui:options"];
    let required = schema.required ?? [];
    if (change.required !== undefined) required = change.required ? [...new Set([...required, name])] : required.filter((n) => n !== name);
    const next: JSONSchema7 = { ...schema, properties: { ...schema.properties, [name]: field } };
    if (required.length > 0) next.required = required;
    else delete next.required;
    return { schema: next, ui: { ...ui, [name]: fieldUi } };
  });
}

/** JSON Schema keywords the on-screen form (rjsf) and the printable renderer both handle. */
export const SUPPORTED_KEYWORDS = new Set([
  "$schema",
  "$id",
  "type",
  "title",
  "description",
  "properties",
  "required",
  "items",
  "enum",
  "const",
  "oneOf",
  "format",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "default",
  "examples",
  LEGAL_BASIS_KEYWORD,
]);

/** Keywords a form schema uses that the form or its paper layout would ignore: "path: keyword" for each. */
export function unsupportedKeywords(schema: unknown, path = ""): string[] {
  if (!isObject(schema)) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (!SUPPORTED_KEYWORDS.has(key)) found.push(`${path || "(gốc)"}: ${key}`);
    if (key === "properties" && isObject(value)) {
      for (const [name, child] of Object.entries(value)) found.push(...unsupportedKeywords(child, path ? `${path} › ${name}` : name));
    }
    if (key === "items") found.push(...unsupportedKeywords(value, path ? `${path} › (mục)` : "(mục)"));
  }
  return found;
}

/**
 * The JSON tab's text read back: `{ "schema": …, "uiSchema": … }`, or a Vietnamese message (with line and column
 * for a syntax error) that the tab shows while keeping what was typed.
 */
export function readDefinition(text: string, syntaxMessage: (text: string, error: unknown) => string): { ok: true; def: FormDefinition; warnings: string[] } | { ok: false; message: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Không đọc được JSON: ${syntaxMessage(text, error)}` };
  }
  if (!isObject(parsed) || !isObject(parsed.schema)) return { ok: false, message: "JSON phải có dạng { \"schema\": {…}, \"uiSchema\": {…} }" };
  if (parsed.schema.type !== "object") return { ok: false, message: "«schema» phải có \"type\": \"object\" ở gốc" };
  if (parsed.uiSchema !== undefined && !isObject(parsed.uiSchema)) return { ok: false, message: "«uiSchema» phải là một đối tượng JSON" };
  const def = { schema: parsed.schema as JSONSchema7, uiSchema: (parsed.uiSchema ?? {}) as Ui };
  const warnings = unsupportedKeywords(def.schema).map((w) => `Từ khóa không được hỗ trợ trên mẫu (sẽ bị bỏ qua khi hiển thị và in): ${w}`);
  return { ok: true, def, warnings };
}
