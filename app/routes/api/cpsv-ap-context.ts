import type { LoaderFunctionArgs } from "@remix-run/node";
import context from "../../../schemas/cpsv-ap-3.2.0/cpsv-ap.context.jsonld?raw";
import { apiBody, JSON_LD_TYPE } from "./api.server";

/**
 * `GET /api/v1/cpsv-ap.context.jsonld`: the official CPSV-AP 3.2.0 JSON-LD context, byte for byte, for consumers of
 * the export that cannot reach its official address (docs/decisions/015-cpsv-ap.md).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiBody(request, context, 200, JSON_LD_TYPE);
}
