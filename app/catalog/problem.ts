/** One thing wrong with a catalog, printed as `file: field: message` (all in Vietnamese but the path). */
export interface Problem {
  file: string;
  field: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}: ${p.field}: ${p.message}`;
}
