import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/domain/format";
import { getPublishedProcedure } from "~/models/procedure.server";
import { apiError, apiJson, releaseRef, requireApiUnit } from "./api.server";

/** `GET /api/v1/units/<code>/procedures/<procedure-code>`: one procedure as the commune lists it, references resolved. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit, catalog } = await requireApiUnit(params);
  const code = params.code ?? "";
  if (!/^\d{1,2}\.\d{3,6}(\.\d{2})?$/.test(code)) return apiError(404, `Mã thủ tục «${code.slice(0, 20)}» không hợp lệ.`);
  const view = await getPublishedProcedure(catalog, { code, today: todayInVietnam() });
  if (!view) return apiError(404, `${unit.name} không niêm yết thủ tục mã ${code}.`);
  if ("unlisted" in view) return apiError(404, `${unit.name} không giải quyết thủ tục «${view.name}».${view.reason ? ` ${view.reason}` : ""}`);
  if ("retired" in view) return apiError(410, `Thủ tục «${view.name}» không còn áp dụng từ ngày ${view.retiredFrom}.`);
  const origin = new URL(request.url).origin;
  return apiJson(request, {
    unit,
    release: releaseRef(catalog),
    changedIn: view.changedIn,
    url: `${origin}/xa/${unit.code}/thu-tuc/${code}`,
    repealed: view.repealed,
    procedure: view.procedure,
    field: view.field,
    fees: Object.values(view.fees).map((f) => ({ code: f.code, name: f.name, kind: f.kind, ruleToday: f.ruleToday, rates: f.rates })),
    forms: Object.values(view.forms).map((f) => ({ code: f.code, name: f.name, from: f.from, next: f.next, url: `${origin}/xa/${unit.code}/bieu-mau/${f.code}` })),
    processes: view.processes.map((p) => ({ code: p.code, name: p.name, documentCode: p.documentControl.documentCode, issue: p.documentControl.issue })),
  });
}
