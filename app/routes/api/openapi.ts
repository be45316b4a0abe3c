import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson } from "./api.server";
import { openApiDocument } from "./openapi.server";

/** `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 description. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiJson(request, openApiDocument(new URL(request.url).origin));
}
