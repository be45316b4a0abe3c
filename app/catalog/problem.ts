import type { FieldProblem } from "~/domain/problems";

/**
 * A problem in a catalog file: the one problem type (app/domain/problems.ts) plus the file it is in. File-level
 * problems (not JSON, too large, a stray file) have no pointer and a `fieldTitle` of "(tệp)" or "(thư mục)".
 * The catalog check prints it as `file: field: message`.
 */
export interface Problem extends Omit<FieldProblem, "pointer"> {
  file: string;
  pointer?: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.fieldTitle}: ${p.message}`;
}
