import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/domain/format";
import { catalogTables, exportResponse, formatOfRequest } from "~/exports/index.server";
import { requireWorkspace } from "~/utils/workspace.server";

/** The catalog in force of the unit acted in, as .xlsx or CSV (/admin/danh-muc.xlsx, /admin/danh-muc.csv). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, unit } = await requireWorkspace(request, "catalog:read");
  const format = formatOfRequest(request);
  const today = todayInVietnam();
  return exportResponse(await catalogTables(db, { today }), format, `danh-muc-${unit.code}-${today}`);
}
