/**
 * A table to export, neutral of the file format (docs/decisions/021-spreadsheet-exports.md): what csv.ts and
 * xlsx.server.ts write. Values stay typed until the writer: a number, an amount in đồng, a calendar date
 * (`YYYY-MM-DD`) or an instant (ISO, UTC); text with several values holds one value per line ("\n").
 */

export type ColumnType = "text" | "number" | "money" | "date" | "datetime";

export interface ExportColumn {
  header: string;
  /** Width in characters (a spreadsheet's column width). */
  width: number;
  type: ColumnType;
}

export type ExportCell = string | number | null;

export interface ExportTable {
  /** The sheet's name: at most 31 characters, none of : \ / ? * [ ] (spreadsheet programs refuse them). */
  title: string;
  columns: ExportColumn[];
  rows: ExportCell[][];
}

export const text = (header: string, width: number): ExportColumn => ({ header, width, type: "text" });
export const column = (header: string, width: number, type: ColumnType): ExportColumn => ({ header, width, type });

/** Joins the values of a multi-valued cell, one per line. */
export function lines(values: readonly (string | null | undefined)[]): string {
  return values.filter((v): v is string => Boolean(v)).join("\n");
}
