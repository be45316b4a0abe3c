import { createHash } from "node:crypto";
import { getUnit } from "~/models/unit.server";
import { liveCatalog } from "~/models/release.server";
import type { PublicCatalog } from "~/models/public-catalog.server";
import { getDb, type DB } from "~/utils/db.server";
import { isNotModified } from "~/utils/page-cache.server";

/**
 * The read-only JSON API (/api/v1/…; the description: ./openapi.server.ts, served at /api/v1/openapi.json). It reads
 * what the public pages read — a commune's live release — and answers JSON with an ETag (a repeated request with
 * If-None-Match costs a 304). Cross-origin reads are open (CORS) and requests are counted per client address by
 * the HTTP server (scripts/server.mjs, API_LIMITS).
 */

export const API_HEADERS = { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, no-cache", "X-Content-Type-Options": "nosniff" } as const;

export const JSON_TYPE = "application/json; charset=utf-8";
/** JSON-LD (the CPSV-AP export and its context). */
export const JSON_LD_TYPE = "application/ld+json; charset=utf-8";

/** A JSON answer with its ETag; 304 when the client already has it. */
export function apiJson(request: Request, data: unknown, status = 200, contentType = JSON_TYPE): Response {
  return apiBody(request, JSON.stringify(data), status, contentType);
}

/** A JSON text sent as it is (e.g. a vocabulary file, byte for byte), with its ETag; 304 when the client already has it. */
export function apiBody(request: Request, body: string, status = 200, contentType = JSON_TYPE): Response {
  const etag = `W/"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const headers = { ...API_HEADERS, "Content-Type": contentType, ETag: etag, Vary: "Accept-Encoding" };
  const sent = request.headers.get("If-None-Match") ?? undefined;
  if (status === 200 && sent !== undefined && isNotModified({ etag, lastModified: "" }, sent, undefined)) return new Response(null, { status: 304, headers });
  return new Response(body, { status, headers });
}

/** An error in the API's one shape: `{ "error": { "status", "message" } }`, the message in Vietnamese. */
export function apiError(status: number, message: string): Response {
  return new Response(JSON.stringify({ error: { status, message } }), {
    status,
    headers: { ...API_HEADERS, "Content-Type": JSON_TYPE, "Cache-Control": "no-store" },
  });
}

export interface ApiUnit {
  db: DB;
  unit: { code: string; name: string };
  /** The commune's own domain, if it has one (for its public address: publicAddressOf). */
  hostName: string | null;
  catalog: PublicCatalog;
}

/** The commune of `/api/v1/units/<code>/…` and its live release; throws a JSON 404 otherwise. */
export async function requireApiUnit(params: { unit?: string }): Promise<ApiUnit> {
  const db = getDb();
  const code = params.unit ?? "";
  const unit = /^\d{5}$/.test(code) ? await getUnit(db, code) : null;
  if (!unit || unit.level !== "commune" || unit.retiredFrom) throw apiError(404, `Không có xã, phường mã «${code.slice(0, 20)}».`);
  const catalog = await liveCatalog(db, unit.code);
  if (!catalog) throw apiError(404, `${unit.name} chưa công bố bản niêm yết nào.`);
  return { db, unit: { code: unit.code, name: unit.name }, hostName: unit.hostName, catalog };
}

/** The release a response comes from, in every answer. */
export const releaseRef = (catalog: PublicCatalog) => ({ number: catalog.release.number, liveSince: catalog.release.liveSince });
