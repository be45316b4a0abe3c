import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_LIMITS } from "~/domain/limits";
import { decode, get } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * The read-only JSON API against the built server: every answer checked against the OpenAPI 3.1 description the
 * server itself serves (/api/v1/openapi.json), ETags, CORS, errors in one shape, and the per-client rate limit.
 */

describe("the JSON API (built server)", () => {
  let server: RunningServer;
  let ajv: Ajv2020;
  let doc: { paths: Record<string, { get: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> } }> };

  /** Fetches `path` and checks the body against the description's schema for that path template, status and media type. */
  const call = async (path: string, template: string, headers: Record<string, string> = {}) => {
    const res = await get(server, `/api/v1${path}`, { headers });
    const text = await res.text();
    const mediaType = (res.headers.get("content-type") ?? "").split(";")[0];
    const schema = doc.paths[template]?.get.responses[String(res.status)]?.content?.[mediaType]?.schema;
    const body = text ? JSON.parse(text) : null;
    if (res.status !== 304) {
      expect(schema, `${template} ${res.status} is described`).toBeDefined();
      const validate = ajv.compile(schema as object);
      expect(validate(body) ? [] : validate.errors, `${path} against ${template} ${res.status}`).toEqual([]);
    }
    return { res, body };
  };

  beforeAll(async () => {
    server = await startServer();
    const res = await get(server, "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    doc = await res.json();
    expect((doc as unknown as { openapi: string }).openapi).toBe("3.1.0");
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // The description's own components are what its $refs point at.
    ajv.addSchema(doc as object, "openapi");
    const resolve = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(resolve)
        : node && typeof node === "object"
          ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `openapi${v}` : resolve(v)]))
          : node;
    doc = resolve(doc) as typeof doc;
    // The check is not vacuous: a list without its items, or a procedure without its channels, is refused.
    const listSchema = doc.paths["/units/{unit}/procedures"].get.responses["200"].content!["application/json"].schema as object;
    expect(ajv.validate(listSchema, { unit: { code: "00000", name: "x" }, total: 0 })).toBe(false);
    expect(ajv.validate({ $ref: "openapi#/components/schemas/Procedure" }, { code: "1.001193", name: "x" })).toBe(false);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lists a commune's procedures with search and field filter, each with its page and its API address", async () => {
    const { res, body } = await call("/units/00000/procedures?q=dang+ky+khai+sinh", "/units/{unit}/procedures");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(body.release).toEqual({ number: 1, liveSince: expect.any(String) });
    expect(body.items[0]).toMatchObject({ code: "1.001193", name: "Đăng ký khai sinh", url: `${server.baseUrl}/xa/00000/thu-tuc/1.001193` });
    const all = await call("/units/00000/procedures?pageSize=100", "/units/{unit}/procedures");
    expect(all.body.total).toBe(29);
    expect(all.body.items).toHaveLength(29);
    const field = all.body.items[0].field.code;
    const filtered = await call(`/units/00000/procedures?field=${encodeURIComponent(field)}&pageSize=5&page=1`, "/units/{unit}/procedures");
    expect(filtered.body.items.every((i: { field: { code: string } }) => i.field.code === field)).toBe(true);
    expect(filtered.body.items.length).toBeLessThanOrEqual(5);
    const bad = await call(`/units/00000/procedures?pageSize=${API_LIMITS.pageSizeMax + 1}`, "/units/{unit}/procedures");
    expect(bad.res.status).toBe(400);
    expect(bad.body.error.message).toContain("Số mục mỗi trang (pageSize)");
  });

  it("gives one procedure as the commune lists it, with an ETag that turns a repeat into a 304", async () => {
    const { res, body } = await call("/units/00000/procedures/1.001193", "/units/{unit}/procedures/{code}");
    expect(res.status).toBe(200);
    expect(body.procedure.code).toBe("1.001193");
    // Hòa An's own receiving place (its local override), as on its page.
    expect(body.procedure.channels[0].place).toContain("Hòa An");
    expect(body.changedIn).toBe(1);
    const etag = res.headers.get("etag")!;
    const again = await call("/units/00000/procedures/1.001193", "/units/{unit}/procedures/{code}", { "If-None-Match": etag });
    expect(again.res.status).toBe(304);
    const unlisted = await call("/units/00000/procedures/1.008004", "/units/{unit}/procedures/{code}");
    expect(unlisted.res.status).toBe(404);
    expect(unlisted.body.error.message).toContain("không giải quyết thủ tục");
    const unknownUnit = await call("/units/12345/procedures", "/units/{unit}/procedures");
    expect(unknownUnit.res.status).toBe(404);
    expect(unknownUnit.body).toEqual({ error: { status: 404, message: "Không có xã, phường mã «12345»." } });
  });

  it("lists the releases that went live and gives one with its change log", async () => {
    const list = await call("/units/00000/releases", "/units/{unit}/releases");
    expect(list.body.releases).toEqual([expect.objectContaining({ number: 1, status: "live", procedureCount: 29 })]);
    const one = await call("/units/00000/releases/1", "/units/{unit}/releases/{number}");
    // The first release adds everything: 29 procedures and the fees, forms, fields… they refer to.
    expect(one.body.release.changeLog.entries.filter((e: { kind: string }) => e.kind === "procedure")).toHaveLength(29);
    expect(one.body.release.changeLog.procedures).toEqual({ added: 29, changed: 0, removed: 0 });
    expect((await call("/units/00000/releases/2", "/units/{unit}/releases/{number}")).res.status).toBe(404);
  });

  it("gives the live release as CPSV-AP JSON-LD: a public service per listed procedure, an ETag, and the context it names", async () => {
    const { res, body } = await call("/units/00000/cpsv-ap.jsonld", "/units/{unit}/cpsv-ap.jsonld");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const services = body["@graph"].filter((n: { "@type": string }) => n["@type"] === "PublicService");
    const procedures = await call("/units/00000/procedures?pageSize=1", "/units/{unit}/procedures");
    expect(services).toHaveLength(procedures.body.total);
    // IRIs under the commune's public address: here, /xa/<code> on this server.
    expect(services.map((n: { "@id": string }) => n["@id"])).toContain(`${server.baseUrl}/xa/00000/thu-tuc/1.001193`);
    const again = await call("/units/00000/cpsv-ap.jsonld", "/units/{unit}/cpsv-ap.jsonld", { "If-None-Match": res.headers.get("etag")! });
    expect(again.res.status).toBe(304);
    // The context it names, served for consumers that cannot reach its official address: the repository's copy.
    expect(body["@context"][0]).toMatch(/^https:\/\/semiceu\.github\.io\/.*\/3\.2\.0\/context\/cpsv-ap\.jsonld$/);
    const context = await call("/cpsv-ap.context.jsonld", "/cpsv-ap.context.jsonld");
    expect(context.body).toEqual(JSON.parse(readFileSync("schemas/cpsv-ap-3.2.0/cpsv-ap.context.jsonld", "utf8")));
    const unknownUnit = await call("/units/12345/cpsv-ap.jsonld", "/units/{unit}/cpsv-ap.jsonld");
    expect(unknownUnit.res.status).toBe(404);
    expect(unknownUnit.res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(unknownUnit.body).toEqual({ error: { status: 404, message: "Không có xã, phường mã «12345»." } });
  });

  it("answers a cross-origin preflight, and the /api page explains it all with working examples", async () => {
    const preflight = await fetch(`${server.baseUrl}/api/v1/units/00000/procedures`, {
      method: "OPTIONS",
      headers: { Origin: "https://cong.example.vn", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET, HEAD");
    const page = decode(await (await get(server, "/api")).text());
    expect(page).toContain("API dữ liệu thủ tục hành chính");
    expect(page).toContain(`href="${server.baseUrl}/api/v1/units/00000/procedures?q=khai+sinh"`);
  });

  it(`past ${API_LIMITS.requestsPerMinute} requests a minute from one address: 429 with Retry-After; public pages are not counted`, async () => {
    let limited: Response | null = null;
    for (let i = 0; i <= API_LIMITS.requestsPerMinute && !limited; i++) {
      const res = await get(server, "/api/v1/units/00000/releases");
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited?.status).toBe(429);
    const retryAfter = Number(limited!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited!.json()).error.message).toContain(`Quá ${API_LIMITS.requestsPerMinute} yêu cầu mỗi phút`);
    expect((await get(server, "/thu-tuc/1.001193")).status).toBe(200);
  });
});
