import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JSONSchema7 } from "json-schema";
import { extendSchema, type CustomField } from "~/domain/custom-fields";
import { formatNumber } from "~/domain/format";
import { DOCUMENT_KINDS, KINDS, type DocumentKind } from "~/domain/kinds";
import { DOCUMENT_MAX_BYTES } from "~/domain/limits";
import {
  dedupeProblems,
  fieldTitleAt,
  isRecord,
  problemAt,
  problemsFromAjv,
  show,
  TITLE_SEPARATOR,
  typeNames,
  type FieldProblem,
} from "~/domain/problems";
import { splitPointer } from "~/domain/schema-walk";
import { getAllSchemas, getBundledSchema, getSchema } from "./schemas.server";
import type { UnitList } from "~/generated";

/** A document that passed validation. Precise types come from the generated types in app/generated. */
export type ValidDocument = { code: string } & Record<string, unknown>;

export type ValidationResult = { ok: true; value: ValidDocument } | { ok: false; errors: FieldProblem[] };

// ajv-formats is CommonJS; depending on the loader the plugin is the default export or its `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule;

const FORM_SCHEMA_LABEL = "Lược đồ trường của biểu mẫu";

let ajvInstance: Ajv | undefined;
const validators = new Map<DocumentKind, ValidateFunction>();
/** Validators of kinds extended by custom fields, by kind and field list (a new list version compiles anew). */
const extendedValidators = new Map<string, { validate: ValidateFunction; root: JSONSchema7 }>();
const EXTENDED_CACHE_MAX = 100;
const branchValidators = new WeakMap<object, ValidateFunction>();

function getAjv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
  addFormats(ajv);
  for (const schema of getAllSchemas().values()) ajv.addSchema(schema);
  ajvInstance = ajv;
  return ajv;
}

function getValidator(kind: DocumentKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    const id = getSchema(kind).$id ?? KINDS[kind].schemaFile;
    validate = getAjv().getSchema(id);
    if (!validate) throw new Error(`Chưa nạp lược đồ ${id}`);
    validators.set(kind, validate);
  }
  return validate;
}

/** Compiles every document validator up front (e.g. at server start) so schema mistakes surface early. */
export function compileAllValidators(): void {
  for (const kind of DOCUMENT_KINDS) getValidator(kind);
}

/** The whole document's size limit, checked before its fields (a document over it is never stored). */
function documentSizeIssue(data: unknown): FieldProblem | null {
  const bytes = Buffer.byteLength(JSON.stringify(data) ?? "", "utf8");
  if (bytes <= DOCUMENT_MAX_BYTES) return null;
  const kb = (n: number) => `${formatNumber(Math.ceil(n / 1024))} KB`;
  return {
    pointer: "",
    fieldTitle: "Tài liệu",
    message: `Tài liệu quá lớn (${kb(bytes)}); mỗi tài liệu tối đa ${kb(DOCUMENT_MAX_BYTES)}`,
  };
}

function compileBranch(branch: Record<string, unknown>): ValidateFunction {
  let validate = branchValidators.get(branch);
  if (!validate) {
    // Branch schemas only reference common.schema.json, which is registered, so they compile standalone.
    validate = getAjv().compile(branch);
    branchValidators.set(branch, validate);
  }
  return validate;
}

/** The errors of `value` against one `oneOf` branch, or null when it fits (see problemsFromAjv). */
function validateBranch(branch: Record<string, unknown>, value: unknown): ErrorObject[] | null {
  const validate = compileBranch(branch);
  return validate(value) ? null : (validate.errors ?? []);
}

/** The Vietnamese label chain of a JSON pointer in a document of this kind, as in FieldProblem.fieldTitle. */
export function fieldLabel(kind: DocumentKind, pointer: string): string {
  return fieldTitleAt(getBundledSchema(kind), pointer);
}

/** The validator of a kind and the schema its messages take titles from, with the custom fields merged in. */
function validatorFor(kind: DocumentKind, customFields: readonly CustomField[]): { validate: ValidateFunction; root: JSONSchema7 } {
  if (customFields.length === 0) return { validate: getValidator(kind), root: getBundledSchema(kind) };
  const cacheKey = `${kind}\u0000${JSON.stringify(customFields)}`;
  let entry = extendedValidators.get(cacheKey);
  if (!entry) {
    const { $id: _id, ...root } = extendSchema(getBundledSchema(kind), customFields);
    entry = { validate: getAjv().compile(root), root };
    if (extendedValidators.size >= EXTENDED_CACHE_MAX) extendedValidators.clear();
    extendedValidators.set(cacheKey, entry);
  }
  return entry;
}

/**
 * Validates a document of `kind` against its schema, with the kind's custom fields (app/domain/custom-fields)
 * merged in when given: the same call for the editor, the catalog check and imports.
 */
export function validateDocument(kind: DocumentKind, data: unknown, customFields: readonly CustomField[] = []): ValidationResult {
  const { validate, root } = validatorFor(kind, customFields);
  const sizeIssue = documentSizeIssue(data);
  if (sizeIssue) {
    const fieldIssues = validate(data) ? [] : problemsFromAjv(validate.errors ?? [], { root, data, validateBranch });
    return { ok: false, errors: dedupeProblems([sizeIssue, ...fieldIssues]) };
  }
  if (validate(data)) {
    const value = data as ValidDocument;
    if (kind === "form") {
      const issues = validateJsonSchema(value.schema).map((issue) => ({
        ...issue,
        pointer: `/schema${issue.pointer}`,
      }));
      if (issues.length > 0) return { ok: false, errors: issues };
    }
    return { ok: true, value };
  }
  const errors = problemsFromAjv(validate.errors ?? [], { root, data, validateBranch });
  return { ok: false, errors: dedupeProblems(errors) };
}

/** A document checked against one of the schemas/ files by its $id: the schema, and the problems (Vietnamese, per field). */
function againstSchema(id: string, data: unknown): { root: JSONSchema7; problems: FieldProblem[] } {
  const validate = getAjv().getSchema(id);
  if (!validate) throw new Error(`Chưa nạp lược đồ ${id}`);
  const root = getAllSchemas().get(id)!;
  return { root, problems: validate(data) ? [] : dedupeProblems(problemsFromAjv(validate.errors ?? [], { root, data, validateBranch })) };
}

export const CUSTOM_FIELDS_SCHEMA_ID = "custom-fields.schema.json";

/** Validates a kind's custom field list (schemas/custom-fields.schema.json) plus what the schema cannot say. */
export function validateCustomFieldList(data: unknown): FieldProblem[] {
  const { root, problems } = againstSchema(CUSTOM_FIELDS_SCHEMA_ID, data);
  if (problems.length > 0) return problems;
  const issues: FieldProblem[] = [];
  const seen = new Map<string, number>();
  const fields = (data as { fields: CustomField[] }).fields;
  fields.forEach((field, index) => {
    const at = `/fields/${index}`;
    const earlier = seen.get(field.name);
    if (earlier !== undefined) {
      issues.push(problemAt(root, `${at}/name`, (label) => `«${label}» «${field.name}» trùng với trường ${earlier + 1}`));
    }
    seen.set(field.name, index);
    if (field.type === "choice" && (field.options ?? []).length === 0) {
      issues.push(problemAt(root, `${at}/options`, () => `Trường kiểu «Chọn một trong danh sách» cần ít nhất một lựa chọn`));
    }
    if (field.type !== "choice" && field.options !== undefined) {
      issues.push(problemAt(root, `${at}/options`, () => `Chỉ trường kiểu «Chọn một trong danh sách» mới có các lựa chọn`));
    }
  });
  return issues;
}

export const UNIT_LIST_SCHEMA_ID = "unit-list.schema.json";

/**
 * Validates a province folder's units.json (schemas/unit-list.schema.json) plus what the schema cannot say: one
 * province, its code of 2 digits and each commune's of 5, every commune under it, codes unique, one default at most.
 */
export function validateUnitList(data: unknown): FieldProblem[] {
  const { root, problems } = againstSchema(UNIT_LIST_SCHEMA_ID, data);
  if (problems.length > 0) return problems;
  const units = (data as UnitList).units;
  const issues: FieldProblem[] = [];
  const provinces = units.filter((u) => u.level === "province");
  if (provinces.length !== 1) issues.push(problemAt(root, "/units", () => "Thư mục danh mục của tỉnh có đúng một tỉnh, thành phố"));
  const province = provinces[0]?.code;
  const seen = new Set<string>();
  units.forEach((unit, index) => {
    const at = `/units/${index}`;
    if (seen.has(unit.code)) issues.push(problemAt(root, `${at}/code`, (label) => `«${label}» ${unit.code} trùng`));
    seen.add(unit.code);
    if (unit.level === "province" && unit.code.length !== 2) issues.push(problemAt(root, `${at}/code`, () => "Mã tỉnh gồm đúng 2 chữ số"));
    if (unit.level === "commune" && unit.code.length !== 5) issues.push(problemAt(root, `${at}/code`, () => "Mã xã, phường gồm đúng 5 chữ số"));
    if (unit.level === "province" && unit.parent !== undefined) issues.push(problemAt(root, `${at}/parent`, () => "Tỉnh không thuộc đơn vị nào"));
    if (unit.level === "commune" && unit.parent !== province) {
      issues.push(problemAt(root, `${at}/parent`, () => `Xã, phường phải thuộc tỉnh ${province ?? "của thư mục"}`));
    }
    if (unit.default && unit.level !== "commune") issues.push(problemAt(root, `${at}/default`, () => "Chỉ một xã, phường được đặt làm mặc định"));
  });
  if (units.filter((u) => u.default).length > 1) issues.push(problemAt(root, "/units", () => "Chỉ một xã, phường được đặt làm mặc định"));
  return issues;
}

// ---------------------------------------------------------------------------------------------
// User-authored form schemas

let formSchemaAjv: Ajv | undefined;

/** A lenient instance: form schemas written by officers are compiled here, never in the document instance. */
function getFormSchemaAjv(): Ajv {
  if (!formSchemaAjv) {
    formSchemaAjv = new Ajv({ allErrors: true, strict: false });
    addFormats(formSchemaAjv);
  }
  return formSchemaAjv;
}

/**
 * Meta-validates a form's field schema (draft-07) and requires `type: "object"` at its root.
 * Returns an empty list when the schema is usable.
 */
export function validateJsonSchema(schema: unknown): FieldProblem[] {
  const issue = (pointer: string, message: string): FieldProblem => ({
    pointer,
    fieldTitle: pointer ? `${FORM_SCHEMA_LABEL}${TITLE_SEPARATOR}${splitPointer(pointer).join(TITLE_SEPARATOR)}` : FORM_SCHEMA_LABEL,
    message,
  });
  if (!isRecord(schema)) return [issue("", `«${FORM_SCHEMA_LABEL}» phải là một đối tượng JSON`)];

  const issues: FieldProblem[] = [];
  const ajv = getFormSchemaAjv();
  if (!ajv.validateSchema(schema)) {
    const byPath = new Map<string, ErrorObject[]>();
    for (const e of ajv.errors ?? []) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
    for (const [path, errs] of byPath) issues.push(issue(path, metaMessage(path, errs)));
  }
  if (schema.type !== "object") {
    issues.push(issue("/type", `Gốc của «${FORM_SCHEMA_LABEL}» phải có "type": "object"`));
  }
  if (issues.length === 0) {
    try {
      ajv.compile(schema);
    } catch (error) {
      issues.push(issue("", `Không biên dịch được «${FORM_SCHEMA_LABEL}»: ${(error as Error).message}`));
    } finally {
      ajv.removeSchema(schema);
    }
  }
  return issues;
}

function metaMessage(path: string, errors: ErrorObject[]): string {
  const where = path ? `Giá trị tại ${path}` : "Lược đồ";
  const last = splitPointer(path).at(-1);
  if (last === "type") {
    return `${where} không phải kiểu dữ liệu hợp lệ (string, number, integer, boolean, object, array, null)`;
  }
  const first = errors.find((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf") ?? errors[0];
  const params = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case "type":
      return `${where} phải là ${typeNames(params.type)}`;
    case "required":
      return `${where} thiếu trường bắt buộc «${String(params.missingProperty)}»`;
    case "minimum":
      return `${where} phải lớn hơn hoặc bằng ${String(params.limit)}`;
    case "enum":
      return `${where} phải là một trong: ${(params.allowedValues as unknown[]).map(show).join(", ")}`;
    case "format":
      return `${where} không đúng định dạng ${String(params.format)}`;
    case "uniqueItems":
      return `${where} có mục bị trùng`;
    case "minItems":
      return `${where} phải có ít nhất ${String(params.limit)} mục`;
    default:
      return `${where} không hợp lệ theo JSON Schema draft-07 (${first.message ?? first.keyword})`;
  }
}
