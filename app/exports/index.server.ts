import { tableCsv } from "./csv";
import type { ExportTable } from "./table";
import { tablesXlsx } from "./xlsx.server";

/**
 * Spreadsheet exports (docs/decisions/021-spreadsheet-exports.md): the tables of app/exports written as .xlsx (every
 * table a sheet) or CSV (the first table: a CSV file holds one), for the admin's download routes and the CLI's
 * `export-table`.
 */

export { auditTable } from "./audit";
export { catalogTables, releaseTables, CATALOG_HEADERS } from "./catalog.server";
export { reportTable } from "./report";
export { tableCsv } from "./csv";
export { tablesXlsx } from "./xlsx.server";

export const EXPORT_FORMATS = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

export const isExportFormat = (value: string | undefined): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value ?? "");

export async function exportBytes(tables: readonly ExportTable[], format: ExportFormat): Promise<Buffer> {
  return format === "xlsx" ? tablesXlsx(tables) : Buffer.from(tableCsv(tables[0]), "utf8");
}

/** The format a download URL ends with (`/admin/danh-muc.xlsx`); the route table only maps these two endings. */
export function formatOfRequest(request: Request): ExportFormat {
  const ending = new URL(request.url).pathname.split(".").pop();
  if (!isExportFormat(ending)) throw new Response("Không tìm thấy trang", { status: 404 });
  return ending;
}

/** The file as a download named `<name>.<format>`. */
export async function exportResponse(tables: readonly ExportTable[], format: ExportFormat, name: string): Promise<Response> {
  return new Response(new Uint8Array(await exportBytes(tables, format)), {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${name}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
