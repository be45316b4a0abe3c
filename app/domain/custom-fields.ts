import type { UiSchema } from "@rjsf/utils";
import type { JSONSchema7 } from "json-schema";
import type { CustomFields } from "../generated/custom-fields";
import { formatDate, formatNumber } from "./format";
import { foldForSearch } from "./search";

/**
 * Custom fields: what an admin adds to a document kind from the UI, without code (schemas/custom-fields.schema.json).
 * Their values live in the document's `custom` object; the kind's schema accepts any such values loosely, and
 * the field list, merged into the schema at run time (`extendSchema`), gives each value its title, type and
 * whether it is required. A removed field is only marked retired: stored values stay, shown as retired.
 * Pure: the server (validation, catalog check, public pages) and the browser editor use the same functions.
 */

export type CustomField = CustomFields["fields"][number];
export type CustomFieldType = CustomField["type"];

/** The document property that holds custom values. */
export const CUSTOM_PROPERTY = "custom";

export const CUSTOM_FIELD_TYPE_LABELS: Record<CustomFieldType, string> = {
  text: "Văn bản ngắn",
  longText: "Văn bản dài",
  number: "Số",
  date: "Ngày",
  boolean: "Có/Không",
  choice: "Chọn một trong danh sách",
};

export const CUSTOM_FIELD_TYPES = Object.keys(CUSTOM_FIELD_TYPE_LABELS) as CustomFieldType[];

/** Longest value of each text type (characters). The schema's 10.000 is the loose limit for any value. */
export const CUSTOM_TEXT_MAX = { text: 1000, longText: 10000 } as const;

export const RETIRED_SUFFIX = " (đã ngừng sử dụng)";

/** The schema of one field's value. */
export function valueSchema(field: CustomField): JSONSchema7 {
  const base: JSONSchema7 = {
    title: field.retired ? `${field.title}${RETIRED_SUFFIX}` : field.title,
  };
  if (field.help) base.description = field.help;
  if (field.retired) base.readOnly = true;
  switch (field.type) {
    case "text":
      return {
        ...base,
        type: "string",
        minLength: field.required ? 1 : 0,
        maxLength: CUSTOM_TEXT_MAX.text,
      };
    case "longText":
      return {
        ...base,
        type: "string",
        minLength: field.required ? 1 : 0,
        maxLength: CUSTOM_TEXT_MAX.longText,
      };
    case "number":
      return { ...base, type: "number" };
    case "date":
      return { ...base, type: "string", format: "date", maxLength: 10 };
    case "boolean":
      return { ...base, type: "boolean" };
    case "choice":
      return {
        ...base,
        type: "string",
        oneOf: (field.options ?? []).map((option) => ({
          const: option,
          title: option,
        })),
      };
  }
}

/**
 * The kind's bundled schema with the custom fields in place of the loose `custom` object: each field a property
 * with its title and type, active required fields required, unknown names refused. Without fields the schema is
 * returned as it is.
 */
export function extendSchema(schema: JSONSchema7, fields: readonly CustomField[]): JSONSchema7 {
  if (fields.length === 0) return schema;
  const loose = schema.properties?.[CUSTOM_PROPERTY];
  const required = fields.filter((f) => f.required && !f.retired).map((f) => f.name);
  const custom: JSONSchema7 = {
    type: "object",
    title: typeof loose === "object" && loose.title ? loose.title : "Trường bổ sung",
    additionalProperties: false,
    properties: Object.fromEntries(fields.map((f) => [f.name, valueSchema(f)])),
  };
  if (required.length > 0) custom.required = required;
  const extended: JSONSchema7 = {
    ...schema,
    properties: { ...schema.properties, [CUSTOM_PROPERTY]: custom },
  };
  if (required.length > 0) extended.required = [...(schema.required ?? []), CUSTOM_PROPERTY];
  return extended;
}

/** The editor's UI for the custom fields: long texts as text areas, retired fields read-only and last. */
export function extendUiSchema(uiSchema: UiSchema, fields: readonly CustomField[]): UiSchema {
  if (fields.length === 0) return uiSchema;
  const custom: UiSchema = {
    "ui:order": [...fields.filter((f) => !f.retired), ...fields.filter((f) => f.retired)].map((f) => f.name),
  };
  for (const field of fields) {
    const ui: UiSchema = {};
    if (field.type === "longText") ui["ui:widget"] = "textarea";
    if (field.retired) ui["ui:readonly"] = true;
    custom[field.name] = ui;
  }
  return {
    ...uiSchema,
    [CUSTOM_PROPERTY]: {
      ...(uiSchema[CUSTOM_PROPERTY] as UiSchema | undefined),
      ...custom,
    },
  };
}

/** The key a new field's value is stored under: its title folded to a–z, 0–9 and `_`, unique among `taken`. */
export function customFieldName(title: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let stem = foldForSearch(title)
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 56)
    .replace(/_+$/, "");
  if (!/^[a-z]/.test(stem)) stem = `truong_${stem}`.replace(/_+$/, "");
  let name = stem;
  for (let n = 2; used.has(name); n++) name = `${stem}_${n}`;
  return name;
}

/** One value as citizens and officers read it: vi-VN numbers and dates, Có/Không. */
export function formatCustomValue(field: CustomField, value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (field.type === "number" && typeof value === "number") return formatNumber(value);
  if (field.type === "date" && typeof value === "string") return formatDate(value);
  if (field.type === "boolean" && typeof value === "boolean") return value ? "Có" : "Không";
  return String(value);
}

/** The public fields that have a value in `body`, in the list's order, ready to show on a public page. */
export function publicCustomValues(
  fields: readonly CustomField[],
  body: { custom?: Record<string, unknown> }
): { name: string; title: string; text: string }[] {
  const values = body[CUSTOM_PROPERTY] ?? {};
  return fields.flatMap((field) => {
    if (!field.public || field.retired) return [];
    const text = formatCustomValue(field, values[field.name]);
    return text === null ? [] : [{ name: field.name, title: field.title, text }];
  });
}
