import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportResponse, formatOfRequest, releaseTables } from "~/exports/index.server";
import { getRelease } from "~/models/release.server";
import { requireWorkspace } from "~/utils/workspace.server";

/** What release `:number` of the commune acted in lists, as .xlsx or CSV (/admin/releases/<n>/danh-muc.xlsx). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, unit } = await requireWorkspace(request, "catalog:read");
  const format = formatOfRequest(request);
  const number = /^\d{1,9}$/.test(params.number ?? "") ? Number(params.number) : NaN;
  const release = Number.isSafeInteger(number) ? await getRelease(db, unit.code, number) : null;
  if (!release) throw new Response("Không tìm thấy bản niêm yết", { status: 404 });
  return exportResponse(await releaseTables(db, { release }), format, `ban-niem-yet-${unit.code}-so-${release.number}`);
}
