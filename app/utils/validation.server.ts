import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JSONSchema7 } from "json-schema";
import { extendSchema, type CustomField } from "~/domain/custom-fields";
import { formatNumber } from "~/domain/format";
import { DOCUMENT_KINDS, KINDS, type DocumentKind } from "~/domain/kinds";
import { DOCUMENT_MAX_BYTES } from "~/domain/limits";
import { childSchema, escapePointer, resolveSchema, splitPointer, type ChildSchema } from "~/domain/schema-walk";
import { getAllSchemas, getBundledSchema, getSchema } from "./schemas.server";

/** One problem found in a document, ready to show to an officer. */
export interface ValidationIssue {
  /** JSON pointer to the offending value (for a missing property: where it should be). */
  path: string;
  /** Vietnamese label chain built from schema titles, e.g. "Cách thức thực hiện › 1 › Thời hạn giải quyết". */
  field: string;
  /** Vietnamese message naming the field by its title. */
  message: string;
}

/** A document that passed validation. Precise types come from the generated types in app/generated. */
export type ValidDocument = { code: string } & Record<string, unknown>;

export type ValidationResult = { ok: true; value: ValidDocument } | { ok: false; errors: ValidationIssue[] };

// ajv-formats is CommonJS; depending on the loader the plugin is the default export or its `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as typeof addFormatsModule;

const SEPARATOR = " › ";
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
function documentSizeIssue(data: unknown): ValidationIssue | null {
  const bytes = Buffer.byteLength(JSON.stringify(data) ?? "", "utf8");
  if (bytes <= DOCUMENT_MAX_BYTES) return null;
  const kb = (n: number) => `${formatNumber(Math.ceil(n / 1024))} KB`;
  return {
    path: "",
    field: "Tài liệu",
    message: `Tài liệu quá lớn (${kb(bytes)}); mỗi tài liệu tối đa ${kb(DOCUMENT_MAX_BYTES)}`,
  };
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
    const fieldIssues = validate(data) ? [] : translateErrors(validate.errors ?? [], { root, data, prefix: "" });
    return { ok: false, errors: dedupe([sizeIssue, ...fieldIssues]) };
  }
  if (validate(data)) {
    const value = data as ValidDocument;
    if (kind === "form") {
      const issues = validateJsonSchema(value.schema).map((issue) => ({
        path: `/schema${issue.path}`,
        field: issue.field,
        message: issue.message,
      }));
      if (issues.length > 0) return { ok: false, errors: issues };
    }
    return { ok: true, value };
  }
  const errors = translateErrors(validate.errors ?? [], {
    root,
    data,
    prefix: "",
  });
  return { ok: false, errors: dedupe(errors) };
}

export const CUSTOM_FIELDS_SCHEMA_ID = "custom-fields.schema.json";

/** Validates a kind's custom field list (schemas/custom-fields.schema.json) plus what the schema cannot say. */
export function validateCustomFieldList(data: unknown): ValidationIssue[] {
  const validate = getAjv().getSchema(CUSTOM_FIELDS_SCHEMA_ID);
  if (!validate) throw new Error(`Chưa nạp lược đồ ${CUSTOM_FIELDS_SCHEMA_ID}`);
  const root = getAllSchemas().get(CUSTOM_FIELDS_SCHEMA_ID)!;
  if (!validate(data)) return dedupe(translateErrors(validate.errors ?? [], { root, data, prefix: "" }));
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  const fields = (data as { fields: CustomField[] }).fields;
  fields.forEach((field, index) => {
    const at = `/fields/${index}`;
    const earlier = seen.get(field.name);
    if (earlier !== undefined) {
      issues.push(issueAt({ root, data, prefix: "" }, `${at}/name`, (label) => `«${label}» «${field.name}» trùng với trường ${earlier + 1}`));
    }
    seen.set(field.name, index);
    if (field.type === "choice" && (field.options ?? []).length === 0) {
      issues.push(issueAt({ root, data, prefix: "" }, `${at}/options`, () => `Trường kiểu «Chọn một trong danh sách» cần ít nhất một lựa chọn`));
    }
    if (field.type !== "choice" && field.options !== undefined) {
      issues.push(issueAt({ root, data, prefix: "" }, `${at}/options`, () => `Chỉ trường kiểu «Chọn một trong danh sách» mới có các lựa chọn`));
    }
  });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Turning ajv errors into Vietnamese issues

interface Context {
  /** Bundled schema (local refs only) of the whole document: used to build label chains. */
  root: JSONSchema7;
  /** The whole document. */
  data: unknown;
  /** JSON pointer of the validated value inside the document (non-empty when re-validating a oneOf branch). */
  prefix: string;
}

type AnySchema = Record<string, unknown>;

function translateErrors(rawErrors: ErrorObject[], ctx: Context): ValidationIssue[] {
  let errors = rawErrors.map((e) => ({
    ...e,
    instancePath: ctx.prefix + e.instancePath,
  }));
  const position = new Map(errors.map((e, index) => [e, index]));
  // Issues keep the order of the ajv errors they replace, which follows the document.
  const ordered: Array<{ order: number; issues: ValidationIssue[] }> = [];

  // oneOf failures: one understandable issue instead of one error per branch. Outer ones first.
  const oneOfErrors = errors.filter((e) => e.keyword === "oneOf").sort((a, b) => a.instancePath.length - b.instancePath.length);
  for (const oneOf of oneOfErrors) {
    if (!errors.includes(oneOf)) continue; // already removed with an outer oneOf
    const at = oneOf.instancePath;
    const branches = (oneOf.schema as AnySchema[]) ?? [];
    const holder = oneOf.parentSchema as AnySchema | undefined;
    const isHere = (e: ErrorObject) => e.instancePath === at;
    const isUnder = (e: ErrorObject) => e.instancePath === at || e.instancePath.startsWith(`${at}/`);
    const order = Math.min(...errors.filter(isUnder).map((e) => position.get(e) ?? 0));

    if (branches.every((b) => b && typeof b === "object" && "const" in b)) {
      // An enum with Vietnamese labels.
      const typeError = errors.find((e) => isHere(e) && e.keyword === "type" && e.parentSchema === holder);
      errors = errors.filter((e) => !(isHere(e) && (e === oneOf || e.keyword === "const")));
      if (!typeError) {
        const message = (label: string) => `«${label}» phải là một trong: ${branchLabels(branches)}${currentValue(ctx.data, at)}`;
        ordered.push({ order, issues: [issueAt(ctx, at, message)] });
      }
      continue;
    }

    // A choice between object shapes (e.g. fee rules): pick the branch named by a const discriminator.
    errors = errors.filter((e) => !isUnder(e));
    const value = getPointer(ctx.data, at);
    const branch = branches.find((b) => matchesDiscriminator(b, value));
    if (branch) {
      const validateBranch = compileBranch(branch);
      if (!validateBranch(value)) {
        ordered.push({
          order,
          issues: translateErrors(validateBranch.errors ?? [], {
            ...ctx,
            prefix: at,
          }),
        });
        continue;
      }
    }
    const message = (label: string) => `«${label}» phải theo đúng một trong các dạng: ${branchLabels(branches)}${discriminatorHint(branches)}`;
    ordered.push({ order, issues: [issueAt(ctx, at, message)] });
  }

  for (const e of errors) {
    if (e.keyword === "oneOf") continue;
    ordered.push({
      order: position.get(e) ?? 0,
      issues: e.keyword === "required" ? missingFields(e, ctx) : [translateOne(e, ctx)],
    });
  }
  return ordered.sort((a, b) => a.order - b.order).flatMap((entry) => entry.issues);
}

/**
 * A missing required property; when it is an object that itself has required fields (the custom fields' object),
 * those fields are named instead, as the officer sees them in the editor.
 */
function missingFields(e: ErrorObject, ctx: Context): ValidationIssue[] {
  const name = String((e.params as { missingProperty: unknown }).missingProperty);
  const property = resolveSchema(ctx.root, ((e.parentSchema ?? {}) as JSONSchema7).properties?.[name]);
  const path = `${e.instancePath}/${escapePointer(name)}`;
  const nested = property.type === "object" ? (property.required ?? []) : [];
  if (nested.length === 0) return [issueAt(ctx, path, (label) => `Thiếu trường bắt buộc «${label}»`)];
  return nested.map((inner) => issueAt(ctx, `${path}/${escapePointer(inner)}`, (label) => `Thiếu trường bắt buộc «${label}»`));
}

function translateOne(e: ErrorObject, ctx: Context): ValidationIssue {
  const at = e.instancePath;
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as AnySchema;
  switch (e.keyword) {
    case "required": {
      const path = `${at}/${escapePointer(String(params.missingProperty))}`;
      return issueAt(ctx, path, (label) => `Thiếu trường bắt buộc «${label}»`);
    }
    case "additionalProperties": {
      const name = String(params.additionalProperty);
      const path = `${at}/${escapePointer(name)}`;
      return issueAt(ctx, path, () => `Trường «${name}» không có trong lược đồ`);
    }
    case "type":
      return issueAt(ctx, at, (label) => `«${label}» phải là ${typeNames(params.type)}${currentValue(ctx.data, at)}`);
    case "pattern": {
      const examples = Array.isArray(parent.examples) ? (parent.examples as unknown[]).map(String) : [];
      const hint = examples.length > 0 ? `ví dụ hợp lệ: ${examples.join(", ")}` : `mẫu: ${String(params.pattern)}`;
      return issueAt(ctx, at, (label) => `«${label}» không đúng định dạng (${hint})${currentValue(ctx.data, at)}`);
    }
    case "format":
      return issueAt(ctx, at, (label) => `«${label}» ${formatMessage(String(params.format))}${currentValue(ctx.data, at)}`);
    case "minimum":
      return issueAt(ctx, at, (label) => `«${label}» phải lớn hơn hoặc bằng ${String(params.limit)}`);
    case "maximum":
      return issueAt(ctx, at, (label) => `«${label}» phải nhỏ hơn hoặc bằng ${String(params.limit)}`);
    case "exclusiveMinimum":
      return issueAt(ctx, at, (label) => `«${label}» phải lớn hơn ${String(params.limit)}`);
    case "exclusiveMaximum":
      return issueAt(ctx, at, (label) => `«${label}» phải nhỏ hơn ${String(params.limit)}`);
    case "minLength":
      return issueAt(ctx, at, (label) =>
        Number(params.limit) === 1 ? `«${label}» không được để trống` : `«${label}» phải có ít nhất ${String(params.limit)} ký tự`
      );
    case "maxLength":
      return issueAt(ctx, at, (label) => {
        const value = getPointer(ctx.data, at);
        const length = typeof value === "string" ? ` (hiện có ${formatNumber(Array.from(value).length)} ký tự)` : "";
        return `«${label}» không được dài quá ${formatNumber(Number(params.limit))} ký tự${length}`;
      });
    case "minItems":
      return issueAt(ctx, at, (label) => `«${label}» phải có ít nhất ${String(params.limit)} mục`);
    case "maxItems":
      return issueAt(ctx, at, (label) => `«${label}» chỉ được có tối đa ${formatNumber(Number(params.limit))} mục`);
    case "uniqueItems":
      return issueAt(ctx, at, (label) => `«${label}» có mục bị trùng (mục ${Number(params.j) + 1} và ${Number(params.i) + 1})`);
    case "enum":
      return issueAt(
        ctx,
        at,
        (label) => `«${label}» phải là một trong: ${(params.allowedValues as unknown[]).map(show).join(", ")}${currentValue(ctx.data, at)}`
      );
    case "const":
      return issueAt(ctx, at, (label) => `«${label}» phải là ${show(params.allowedValue)}${currentValue(ctx.data, at)}`);
    default:
      return issueAt(ctx, at, (label) => `«${label}» không hợp lệ (${e.message ?? e.keyword})`);
  }
}

function issueAt(ctx: Context, path: string, message: (label: string) => string): ValidationIssue {
  const { labels, leaf } = labelChain(ctx.root, path);
  return {
    path,
    field: labels.join(SEPARATOR) || "Tài liệu",
    message: message(leaf ?? "Tài liệu"),
  };
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compileBranch(branch: AnySchema): ValidateFunction {
  let validate = branchValidators.get(branch);
  if (!validate) {
    // Branch schemas only reference common.schema.json, which is registered, so they compile standalone.
    validate = getAjv().compile(branch);
    branchValidators.set(branch, validate);
  }
  return validate;
}

function matchesDiscriminator(branch: AnySchema, value: unknown): boolean {
  if (!isRecord(value)) return false;
  const properties = branch.properties;
  if (!isRecord(properties)) return false;
  return Object.entries(properties).some(([key, sub]) => isRecord(sub) && "const" in sub && value[key] === sub.const);
}

function discriminatorHint(branches: AnySchema[]): string {
  const keys = new Set<string>();
  for (const b of branches) {
    if (!isRecord(b.properties)) continue;
    for (const [key, sub] of Object.entries(b.properties)) if (isRecord(sub) && "const" in sub) keys.add(key);
  }
  if (keys.size !== 1) return "";
  const key = [...keys][0];
  const values = branches.map((b) => (isRecord(b.properties) && isRecord(b.properties[key]) ? show(b.properties[key].const) : "?"));
  return ` (trường «${key}» phải là ${values.join(", ")})`;
}

function branchLabels(branches: AnySchema[]): string {
  return branches.map((b) => (typeof b.title === "string" ? b.title : show(b.const))).join(", ");
}

const TYPE_NAMES: Record<string, string> = {
  string: "chuỗi ký tự",
  number: "số",
  integer: "số nguyên",
  boolean: "giá trị đúng/sai",
  object: "đối tượng",
  array: "danh sách",
  null: "giá trị rỗng",
};

function typeNames(type: unknown): string {
  const list = Array.isArray(type) ? type : String(type).split(",");
  return list.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(" hoặc ");
}

function formatMessage(format: string): string {
  switch (format) {
    case "date":
      // Files hold YYYY-MM-DD; the editor's date fields are typed as ngày/tháng/năm.
      return "phải là ngày dạng YYYY-MM-DD (trên trang quản trị: ngày/tháng/năm có thật, ví dụ 22/11/2026)";
    case "date-time":
      return "phải là thời điểm dạng YYYY-MM-DDTHH:MM:SS";
    case "uri":
      return "phải là địa chỉ web đầy đủ (ví dụ https://dichvucong.gov.vn)";
    case "email":
      return "phải là địa chỉ thư điện tử hợp lệ (ví dụ ubnd@example.gov.vn)";
    default:
      return `không đúng định dạng ${format}`;
  }
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

function currentValue(data: unknown, pointer: string): string {
  const value = getPointer(data, pointer);
  if (value === undefined || (typeof value === "object" && value !== null)) return "";
  const text = show(value);
  return ` (giá trị hiện tại: ${text.length > 60 ? `${text.slice(0, 57)}…` : text})`;
}

// ---------------------------------------------------------------------------------------------
// JSON pointers and label chains

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function getPointer(data: unknown, pointer: string): unknown {
  let current = data;
  for (const segment of splitPointer(pointer)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isRecord(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

/**
 * Schema titles along a JSON pointer (array indexes shown 1-based), and the name to use for the
 * last value in a message: its title, or for an array item "<item title> (mục n)".
 */
function labelChain(root: JSONSchema7, pointer: string): { labels: string[]; leaf: string | undefined } {
  const labels: string[] = [];
  let leaf: string | undefined;
  let schema: JSONSchema7 | undefined = root;
  for (const segment of splitPointer(pointer)) {
    const current: JSONSchema7 | undefined = schema ? resolveSchema(root, schema) : undefined;
    const next: ChildSchema | undefined = current ? childSchema(root, current, segment) : undefined;
    const title = next ? resolveSchema(root, next.schema).title : undefined;
    if (next?.kind === "item") {
      const position = String(Number(segment) + 1);
      labels.push(position);
      leaf = `${title ?? labels[labels.length - 2] ?? "Mục"} (mục ${position})`;
    } else {
      leaf = title || segment;
      labels.push(leaf);
    }
    schema = next?.schema;
  }
  return { labels, leaf };
}

/** The Vietnamese label chain of a JSON pointer in a document of this kind, as used in ValidationIssue.field. */
export function fieldLabel(kind: DocumentKind, pointer: string): string {
  return labelChain(getBundledSchema(kind), pointer).labels.join(SEPARATOR) || "Tài liệu";
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
export function validateJsonSchema(schema: unknown): ValidationIssue[] {
  const issue = (path: string, message: string): ValidationIssue => ({
    path,
    field: path ? `${FORM_SCHEMA_LABEL}${SEPARATOR}${splitPointer(path).join(SEPARATOR)}` : FORM_SCHEMA_LABEL,
    message,
  });
  if (!isRecord(schema)) return [issue("", `«${FORM_SCHEMA_LABEL}» phải là một đối tượng JSON`)];

  const issues: ValidationIssue[] = [];
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
