import type { LoaderFunctionArgs } from "@remix-run/node";
import { listReleases, type Release } from "~/models/release.server";
import { apiError, apiJson, requireApiUnit } from "./api.server";

/**
 * `GET /api/v1/units/<code>/releases` (the releases that went live, newest first) and `…/releases/<n>` (one, with
 * its change log). Drafts and scheduled releases are not public.
 */
const summary = (r: Release) => ({
  number: r.number,
  status: r.status as "live" | "superseded",
  liveSince: r.liveSince ?? r.effectiveAt,
  effectiveAt: r.effectiveAt,
  note: r.note,
  procedureCount: r.procedureCount,
  procedureChanges: r.procedureChanges,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, unit } = await requireApiUnit(params);
  const released = (await listReleases(db, unit.code)).filter((r) => r.status === "live" || r.status === "superseded");
  if (params.number === undefined) return apiJson(request, { unit, releases: released.map(summary) });
  const found = released.find((r) => String(r.number) === params.number);
  if (!found) return apiError(404, `${unit.name} không có bản niêm yết số ${params.number.slice(0, 10)} đã công bố.`);
  return apiJson(request, { unit, release: { ...summary(found), changeLog: found.changeLog } });
}
