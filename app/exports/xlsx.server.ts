import ExcelJS from "exceljs";
import type { ExportCell, ExportColumn, ExportTable } from "./table";

/**
 * Tables as an .xlsx workbook (exceljs), one sheet each: the header row bold and frozen, column widths, wrapped
 * text, and typed cells with vi-VN number formats (money `#,##0" đồng"`, dates `dd/mm/yyyy`). Text is always
 * written as a string cell, never as a formula, so "=1+1" stays text in every spreadsheet program.
 */

const NUMBER_FORMATS: Record<ExportColumn["type"], string | undefined> = {
  text: undefined,
  number: "#,##0",
  money: '#,##0" đồng"',
  date: "dd/mm/yyyy",
  datetime: "dd/mm/yyyy hh:mm:ss",
};

/** Vietnam keeps UTC+7 all year; a spreadsheet's date has no time zone, so it holds the wall time in Vietnam. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function cellValue(column: ExportColumn, value: ExportCell): ExcelJS.CellValue {
  if (value === null) return null;
  if (column.type === "date" && typeof value === "string") return new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (column.type === "datetime" && typeof value === "string") return new Date(Date.parse(value) + VIETNAM_OFFSET_MS);
  return value;
}

export async function tablesXlsx(tables: readonly ExportTable[], options: { created?: Date } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Niêm Yết";
  workbook.created = workbook.modified = options.created ?? new Date();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.title, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width,
      style: { numFmt: NUMBER_FORMATS[c.type], alignment: { wrapText: c.type === "text", vertical: "top" } },
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "top" };
    for (const row of table.rows) sheet.addRow(row.map((value, i) => cellValue(table.columns[i], value)));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
