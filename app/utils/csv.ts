/**
 * CSV for spreadsheet programs: UTF-8 with a BOM (so Excel reads the Vietnamese text), CRLF lines, and cells that
 * would start a formula (=, +, -, @, tab, CR) neutralised with a leading apostrophe.
 */

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvDocument(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
