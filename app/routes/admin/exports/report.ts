import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/domain/format";
import { exportResponse, formatOfRequest, reportTable } from "~/exports/index.server";
import { unitConsistency } from "~/models/consistency.server";
import { requireWorkspace } from "~/utils/workspace.server";

/** The consistency report of the unit acted in (the findings of /admin/kiem-tra), as .xlsx or CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, unit } = await requireWorkspace(request, "catalog:read");
  const format = formatOfRequest(request);
  const today = todayInVietnam();
  return exportResponse([reportTable(await unitConsistency(db, { unit, today }))], format, `kiem-tra-${unit.code}-${today}`);
}
