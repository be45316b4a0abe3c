import type { ErrorSchema } from "@rjsf/utils";

/** A problem with one field, as the server reports it (the catalog check's Problem without its file). */
export interface FieldProblem {
  /** JSON pointer of the value ("" for the document as a whole). */
  pointer: string;
  /** The field's Vietnamese title chain, e.g. "Cách thức thực hiện › 1 › Thời hạn giải quyết". */
  field: string;
  message: string;
}

const segmentsOf = (pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

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
    labels[id] = problem.field;
  }
  return { errors, labels };
}
