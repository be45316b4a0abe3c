/**
 * One thing wrong with a document or a catalog file, in Vietnamese: where (`file`, and `pointer`, the JSON
 * pointer of the value when it is a field), which field by its title chain (`field`), and what. The catalog
 * check prints it as `file: field: message`; the editor shows it in the error summary and beside the field.
 */
export interface Problem {
  file: string;
  pointer?: string;
  field: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.field}: ${p.message}`;
}
