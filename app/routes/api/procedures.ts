import type { LoaderFunctionArgs } from "@remix-run/node";
import { API_LIMITS } from "~/domain/limits";
import { todayInVietnam } from "~/domain/format";
import { searchByName } from "~/domain/public-search";
import { QueryReader } from "~/domain/query";
import { listPublicProcedures } from "~/models/procedure.server";
import { apiError, apiJson, releaseRef, requireApiUnit } from "./api.server";

/**
 * `GET /api/v1/units/<code>/procedures?q=&field=&page=&pageSize=`: the procedures the commune lists in its live
 * release, searched as on /thu-tuc (case and diacritics ignored, name matches first), filtered by field, a page at
 * a time.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit, catalog } = await requireApiUnit(params);
  const today = todayInVietnam();
  const q = new QueryReader(new URL(request.url).searchParams);
  const text = q.text("q", "Từ khóa (q)", 200) ?? "";
  const field = q.text("field", "Mã lĩnh vực (field)", 60);
  const page = q.integer("page", "Trang (page)", { min: 1, max: 100_000, fallback: 1 });
  const pageSize = q.integer("pageSize", "Số mục mỗi trang (pageSize)", { min: 1, max: API_LIMITS.pageSizeMax, fallback: API_LIMITS.pageSizeDefault });
  if (!q.ok) return apiError(400, Object.values(q.errors).join("; "));
  const [all, fields] = await Promise.all([listPublicProcedures(catalog, { today }), catalog.inForce("field", today)]);
  const fieldNames = new Map(fields.map((f) => [f.key, f.title]));
  const filtered = field ? all.filter((p) => p.fieldCode === field) : all;
  const found = text ? searchByName(filtered, text).map((h) => h.item) : filtered;
  const origin = new URL(request.url).origin;
  return apiJson(request, {
    unit,
    release: releaseRef(catalog),
    total: found.length,
    page,
    pageSize,
    items: found.slice((page - 1) * pageSize, page * pageSize).map((p) => ({
      code: p.code,
      name: p.name,
      field: { code: p.fieldCode, name: fieldNames.get(p.fieldCode) ?? p.fieldCode },
      onlineLevel: p.onlineLevel,
      free: p.free,
      sameDay: p.sameDay,
      url: `${origin}/xa/${unit.code}/thu-tuc/${p.code}`,
      api: `${origin}/api/v1/units/${unit.code}/procedures/${p.code}`,
    })),
  });
}
