/**
 * A procedure list (.xlsx through exceljs, or .csv) read into a table of text: merged cells filled down and
 * across from their master cell (exceljs gives a merged range's value on its master), a header spanning two
 * rows (a header cell merged over a second header row) combined into one header per column, banner rows (one
 * merged cell across the row: «I. LĨNH VỰC HỘ TỊCH») and the «(1) (2) (3)» numbering row under the header set
 * apart. IMPORT_LIMITS hold for rows, columns and cell length; every refusal names the file.
 */
import ExcelJS from "exceljs";
import { IMPORT_LIMITS } from "~/domain/limits";
import { formatNumber } from "~/domain/format";
import { checkArchiveExpansion, ImportFileError, isZip, type ImportFile } from "../files.server";
import { PROCEDURE_CODE } from "../portal/record";
import { cleanText } from "../text";
import { columnLetter, targetOfHeader } from "./mapping";

export const LIST_FILE = (name: string) => /\.(xlsx|csv)$/i.test(name);

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The sheet as text, rows and columns 0-based; `numeric` holds "row:column" of cells Excel stored as numbers. */
export interface Grid {
  file: string;
  sheet: string;
  rows: string[][];
  merges: Range[];
  numeric: Set<string>;
}

export interface ListRow {
  /** The row's number in the sheet (1-based, as Excel shows it). */
  row: number;
  cells: string[];
  /** Cells Excel stored as numbers (0-based columns). */
  numeric: Set<number>;
}

export interface ListTable {
  file: string;
  sheet: string;
  /** Sheet row numbers (1-based) of the header: one, or two combined. */
  headerRows: number[];
  headers: string[];
  rows: ListRow[];
}

const limitError = (file: string, what: string) => new ImportFileError(file, what);

function checkSize(file: string, sheet: string, rows: number, columns: number) {
  if (rows > IMPORT_LIMITS.rows) throw limitError(file, `Trang tính «${sheet}» có ${formatNumber(rows)} dòng, quá giới hạn ${formatNumber(IMPORT_LIMITS.rows)} dòng của một danh sách`);
  if (columns > IMPORT_LIMITS.columns) throw limitError(file, `Trang tính «${sheet}» có ${formatNumber(columns)} cột, quá giới hạn ${formatNumber(IMPORT_LIMITS.columns)} cột của một danh sách`);
}

function checkCell(file: string, row: number, column: number, text: string): string {
  if (text.length > IMPORT_LIMITS.cellChars) {
    throw limitError(file, `Ô ${columnLetter(column)}${row + 1} dài ${formatNumber(text.length)} ký tự, quá giới hạn ${formatNumber(IMPORT_LIMITS.cellChars)} ký tự của một ô`);
  }
  return text;
}

const pad = (n: number) => String(n).padStart(2, "0");

function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) return valueText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("hyperlink" in value) return valueText((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  return "";
}

function parseRange(text: string): Range | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(text);
  if (!m) return null;
  const col = (l: string) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { top: Number(m[2]) - 1, left: col(m[1]), bottom: Number(m[4]) - 1, right: col(m[3]) };
}

const NOT_XLSX = "Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx (tệp .xls cũ hãy lưu lại dạng .xlsx)";

async function readXlsx(file: ImportFile, sheetName: string | undefined): Promise<Grid> {
  if (!isZip(file.bytes)) throw new ImportFileError(file.name, NOT_XLSX);
  await checkArchiveExpansion(file.name, file.bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError(file.name, NOT_XLSX);
  }
  const sheets = workbook.worksheets;
  const ws = sheetName ? sheets.find((s) => s.name === sheetName) : (sheets.find((s) => s.actualRowCount > 0) ?? sheets[0]);
  if (!ws) {
    throw new ImportFileError(file.name, sheetName ? `Không có trang tính «${sheetName}»; tệp có: ${sheets.map((s) => `«${s.name}»`).join(", ")}` : "Tệp không có trang tính nào");
  }
  checkSize(file.name, ws.name, ws.rowCount, ws.columnCount);
  const rows: string[][] = [];
  const numeric = new Set<string>();
  for (let r = 0; r < ws.rowCount; r++) {
    const cells: string[] = [];
    for (let c = 0; c < ws.columnCount; c++) {
      // A merged cell's value is its master's: filled down and across.
      const cell = ws.getCell(r + 1, c + 1);
      const value = cell.isMerged ? cell.master.value : cell.value;
      if (typeof value === "number") numeric.add(`${r}:${c}`);
      cells.push(checkCell(file.name, r, c, cleanText(valueText(value))));
    }
    rows.push(cells);
  }
  const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(parseRange).filter((m): m is Range => m !== null);
  return { file: file.name, sheet: ws.name, rows, merges, numeric };
}

function decodeUtf8(file: ImportFile): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(file.bytes).replace(/^\ufeff/, "");
  } catch {
    throw new ImportFileError(file.name, "Tệp CSV không phải văn bản UTF-8: trong Excel hãy lưu lại bằng «CSV UTF-8 (Comma delimited)»");
  }
}

/** The separator of the first line, outside quotes: «,», «;» (Excel with Vietnamese regional settings) or a tab. */
function separatorOf(text: string): string {
  const first = text.split("\n", 1)[0].replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t"].map((s) => [s, first.split(s).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** RFC 4180: quoted fields may hold separators, quotes ("") and line breaks. */
function readCsv(file: ImportFile): Grid {
  const text = decodeUtf8(file);
  const sep = separatorOf(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(checkCell(file.name, rows.length, row.length, cleanText(field)));
    field = "";
    if (row.length > IMPORT_LIMITS.columns) checkSize(file.name, "CSV", rows.length, row.length);
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
    if (rows.length > IMPORT_LIMITS.rows) checkSize(file.name, "CSV", rows.length, 0);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) endField();
    else if (ch === "\n") endRow();
    else if (ch !== "\r") field += ch;
  }
  if (field !== "" || row.length > 0) endRow();
  const width = Math.max(0, ...rows.map((r) => r.length));
  for (const r of rows) while (r.length < width) r.push("");
  return { file: file.name, sheet: "CSV", rows, merges: [], numeric: new Set() };
}

export async function readGrid(file: ImportFile, options: { sheet?: string } = {}): Promise<Grid> {
  if (/\.csv$/i.test(file.name)) return readCsv(file);
  if (/\.xlsx$/i.test(file.name)) return readXlsx(file, options.sheet);
  throw new ImportFileError(file.name, "Chỉ nhập được danh sách dạng .xlsx hoặc .csv");
}

const HEADER_SCAN = 20;
const mergedAt = (grid: Grid, r: number, c: number) => grid.merges.find((m) => m.top <= r && r <= m.bottom && m.left <= c && c <= m.right);

/** A row that is one merged cell across (most of) the sheet: a section title, not a procedure. */
function isBanner(grid: Grid, r: number): boolean {
  const filled = grid.rows[r].map((t, c) => (t ? c : -1)).filter((c) => c >= 0);
  if (filled.length === 0) return false;
  const range = mergedAt(grid, r, filled[0]);
  return !!range && range.right - range.left >= 2 && filled.every((c) => range.left <= c && c <= range.right);
}

/**
 * The header row (the row above the first procedure code in the code column chosen
 * by hand or remembered, else the first naming a «Mã thủ tục» column), a second header row under it, and the data rows.
 */
export function tableOf(grid: Grid, codeColumn?: number): ListTable {
  const width = grid.rows[0]?.length ?? 0;
  const scanned = grid.rows.slice(0, HEADER_SCAN);
  const byCode = codeColumn === undefined ? -1 : scanned.findIndex((cells, r) => r + 1 < grid.rows.length && PROCEDURE_CODE.test(grid.rows[r + 1][codeColumn] ?? ""));
  const top = byCode >= 0 ? byCode : scanned.findIndex((cells) => cells.some((t) => targetOfHeader(t) === "code"));
  if (top < 0) {
    throw new ImportFileError(grid.file, `Trang tính «${grid.sheet}»: không thấy hàng tiêu đề có cột «Mã thủ tục» (hoặc «Mã TTHC», «Mã số») trong ${HEADER_SCAN} dòng đầu`);
  }
  // Two header rows: a header cell merged down over the next row, or merged across sub-headers written under it.
  const spansTwo = (first: number) =>
    grid.rows[first + 1] !== undefined &&
    grid.merges.some((m) => m.top === first && (m.bottom > first || (m.right > m.left && grid.rows[first + 1].slice(m.left, m.right + 1).some((t, i) => t && t !== grid.rows[first][m.left + i]))));
  const first = top > 0 && spansTwo(top - 1) ? top - 1 : top;
  const twoRows = first < top || spansTwo(top);
  const headerRows = twoRows ? [first, first + 1] : [top];
  const headers = Array.from({ length: width }, (_, c) => [...new Set(headerRows.map((r) => grid.rows[r][c]).filter(Boolean))].join(" "));
  const rows: ListRow[] = [];
  for (let r = headerRows.at(-1)! + 1; r < grid.rows.length; r++) {
    const cells = grid.rows[r];
    if (cells.every((t) => !t) || isBanner(grid, r)) continue;
    // «(1) (2) (3)…»: the columns' numbers under the header.
    if (rows.length === 0 && cells.filter(Boolean).length >= 3 && cells.every((t) => !t || /^\(?\d{1,2}\)?$/.test(t))) continue;
    const numeric = new Set<number>();
    for (let c = 0; c < width; c++) if (grid.numeric.has(`${r}:${c}`)) numeric.add(c);
    rows.push({ row: r + 1, cells, numeric });
  }
  return { file: grid.file, sheet: grid.sheet, headerRows: headerRows.map((r) => r + 1), headers, rows };
}

export async function readListTable(file: ImportFile, options: { sheet?: string; codeColumn?: number } = {}): Promise<ListTable> {
  return tableOf(await readGrid(file, options), options.codeColumn);
}
