import type { ErrorObject } from "ajv";
import type { ErrorSchema } from "@rjsf/utils";
import type { JSONSchema7 } from "json-schema";
import { formatNumber } from "./format";
import { childSchema, escapePointer, resolveSchema, splitPointer, type ChildSchema } from "./schema-walk";

/**
 * The one problem type: something wrong with one field of a document, in Vietnamese, wherever it was found
 * (schema validation with ajv on the server, MDX safety, the catalog's cross-reference rules, custom field
 * lists). This module is pure: the server turns ajv's errors into problems here, and the browser editor shows
 * the same problems through rjsf (`toErrorSchema` as `extraErrors`, `toSummary` for the error summary), so a
 * message reads the same in the editor, the CLI check and an import report.
 */
export interface FieldProblem {
  /** JSON pointer of the value ("" for the document as a whole; for a missing property, where it should be). */
  pointer: string;
  /** The field's Vietnamese title chain, e.g. "Cách thức thực hiện › 1 › Thời hạn giải quyết". */
  fieldTitle: string;
  /** What is wrong, naming the field by its title. */
  message: string;
}

export const TITLE_SEPARATOR = " › ";
const SEPARATOR = TITLE_SEPARATOR;

/** ajv's errors for `data` (validated against `root`, a bundled schema) as problems, in document order, without repeats. */
export function problemsFromAjv(errors: readonly ErrorObject[], options: Omit<Context, "prefix">): FieldProblem[] {
  return dedupe(translateErrors([...errors], { ...options, prefix: "" }));
}

/** A problem at `pointer` whose message names the field (`message` gets the field's title). */
export function problemAt(root: JSONSchema7, pointer: string, message: (fieldTitle: string) => string): FieldProblem {
  const { labels, leaf } = labelChain(root, pointer);
  return { pointer, fieldTitle: labels.join(SEPARATOR) || "Tài liệu", message: message(leaf ?? "Tài liệu") };
}

/** The Vietnamese title chain of a JSON pointer in a document of schema `root`, as in FieldProblem.fieldTitle. */
export function fieldTitleAt(root: JSONSchema7, pointer: string): string {
  return labelChain(root, pointer).labels.join(SEPARATOR) || "Tài liệu";
}

/** Problems without repeats (same field, same message), in their order. */
export function dedupeProblems(problems: FieldProblem[]): FieldProblem[] {
  return dedupe(problems);
}

// ---------------------------------------------------------------------------------------------
// Turning ajv errors into problems

interface Context {
  /** Bundled schema (local refs only) of the whole document: used to build label chains. */
  root: JSONSchema7;
  /** The whole document. */
  data: unknown;
  /** JSON pointer of the validated value inside the document (non-empty when re-validating a oneOf branch). */
  prefix: string;
  /**
   * Validates a value against one branch of a `oneOf` (the one its discriminator names) and returns the errors,
   * or null when it fits: so a fee rule of the wrong shape gets the messages of the shape it claims to be.
   */
  validateBranch?: (branch: AnySchema, value: unknown) => ErrorObject[] | null;
}

type AnySchema = Record<string, unknown>;

function translateErrors(rawErrors: ErrorObject[], ctx: Context): FieldProblem[] {
  let errors = rawErrors.map((e) => ({
    ...e,
    instancePath: ctx.prefix + e.instancePath,
  }));
  const position = new Map(errors.map((e, index) => [e, index]));
  // Issues keep the order of the ajv errors they replace, which follows the document.
  const ordered: Array<{ order: number; issues: FieldProblem[] }> = [];

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
      const branchErrors = ctx.validateBranch?.(branch, value) ?? null;
      if (branchErrors) {
        ordered.push({ order, issues: translateErrors(branchErrors, { ...ctx, prefix: at }) });
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
function missingFields(e: ErrorObject, ctx: Context): FieldProblem[] {
  const name = String((e.params as { missingProperty: unknown }).missingProperty);
  const property = resolveSchema(ctx.root, ((e.parentSchema ?? {}) as JSONSchema7).properties?.[name]);
  const path = `${e.instancePath}/${escapePointer(name)}`;
  const nested = property.type === "object" ? (property.required ?? []) : [];
  if (nested.length === 0) return [issueAt(ctx, path, (label) => `Thiếu trường bắt buộc «${label}»`)];
  return nested.map((inner) => issueAt(ctx, `${path}/${escapePointer(inner)}`, (label) => `Thiếu trường bắt buộc «${label}»`));
}

function translateOne(e: ErrorObject, ctx: Context): FieldProblem {
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

function issueAt(ctx: Context, pointer: string, message: (label: string) => string): FieldProblem {
  return problemAt(ctx.root, pointer, message);
}

function dedupe(issues: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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

export function typeNames(type: unknown): string {
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

export function show(value: unknown): string {
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function getPointer(data: unknown, pointer: string): unknown {
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


// ---------------------------------------------------------------------------------------------
// Problems in the browser editor (rjsf)

const segmentsOf = (pointer: string) => splitPointer(pointer);

/** The id rjsf gives the field at `pointer` (idPrefix "root", separator "_"), which error links point to. */
export function fieldIdOf(pointer: string): string {
  return ["root", ...segmentsOf(pointer)].join("_");
}

/** Problems as rjsf's `extraErrors`, so each message shows beside its field. */
export function toErrorSchema(problems: readonly FieldProblem[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const problem of problems) {
    let node = root;
    for (const segment of segmentsOf(problem.pointer)) {
      node[segment] ??= {};
      node = node[segment] as Record<string, unknown>;
    }
    const errors = (node.__errors as string[] | undefined) ?? [];
    node.__errors = [...errors, problem.message];
  }
  return root as ErrorSchema;
}

/** Problems as the error summary's items: field id → message, and field id → title chain. */
export function toSummary(problems: readonly FieldProblem[]): { errors: Record<string, string>; labels: Record<string, string> } {
  const errors: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const problem of problems) {
    const id = fieldIdOf(problem.pointer);
    errors[id] = errors[id] ? `${errors[id]}; ${problem.message}` : problem.message;
    labels[id] = problem.fieldTitle;
  }
  return { errors, labels };
}
