import { formatDate, formatDateTime } from "~/domain/format";
import { csvDocument } from "~/utils/csv";
import type { ExportCell, ExportColumn, ExportTable } from "./table";

/**
 * A table as CSV (app/utils/csv.ts: UTF-8 with a BOM, CRLF, RFC 4180 quoting, formula starts neutralised). Dates
 * are written as people read them (dd/mm/yyyy, instants in Vietnam time); numbers and amounts as plain digits, so
 * "2.000" is never read back as two.
 */
export function tableCsv(table: ExportTable): string {
  return csvDocument([table.columns.map((c) => c.header), ...table.rows.map((row) => row.map((value, i) => csvValue(table.columns[i], value)))]);
}

function csvValue(column: ExportColumn, value: ExportCell): string | number | null {
  if (value === null || typeof value === "number") return value;
  if (column.type === "date") return formatDate(value);
  if (column.type === "datetime") return formatDateTime(value);
  return value;
}
