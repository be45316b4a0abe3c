import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/domain/format";
import { cpsvApExport } from "~/models/cpsv-ap.server";
import { publicAddressOf } from "~/models/unit.server";
import { apiJson, JSON_LD_TYPE, releaseRef, requireApiUnit } from "./api.server";

/**
 * `GET /api/v1/units/<code>/cpsv-ap.jsonld`: the commune's live release as CPSV-AP 3.2 JSON-LD (one
 * cpsv:PublicService per listed procedure; docs/decisions/015-cpsv-ap.md), IRIs under its public address.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { unit, hostName, catalog } = await requireApiUnit(params);
  const address = publicAddressOf({ code: unit.code, hostName }, new URL(request.url).origin);
  const document = await cpsvApExport(catalog, { address, unit, release: releaseRef(catalog), today: todayInVietnam() });
  return apiJson(request, document, 200, JSON_LD_TYPE);
}
