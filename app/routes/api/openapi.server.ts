import { API_LIMITS } from "~/domain/limits";
import { CPSV_AP_CONTEXT_URL } from "~/models/cpsv-ap.server";
import { getBundledSchema } from "~/utils/schemas.server";

/**
 * The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json and checked against the real
 * responses by tests/e2e/api.test.ts. The procedure record is the catalog's own JSON Schema
 * (schemas/procedure.schema.json, bundled), so the API cannot drift from what is stored.
 */

/** The bundled procedure schema, its `#/definitions/…` refs pointed at its place in the description. */
function procedureSchema() {
  const text = JSON.stringify(getBundledSchema("procedure")).replace(/"#\/definitions\//g, '"#/components/schemas/Procedure/definitions/');
  const { $schema: _dialect, $id: _id, ...schema } = JSON.parse(text) as Record<string, unknown>;
  return schema;
}

const unitParam = { name: "unit", in: "path", required: true, description: "Mã xã, phường (5 chữ số)", schema: { type: "string", pattern: "^\\d{5}$" } };
const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const jsonLd = (ref: string) => ({ "application/ld+json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const errors = {
  "304": { description: "Không đổi so với bản client đã có (If-None-Match)" },
  "404": { description: "Không tìm thấy", content: json("Error") },
  "429": { description: `Quá ${API_LIMITS.requestsPerMinute} yêu cầu mỗi phút từ một địa chỉ; xem Retry-After`, content: json("Error") },
};

export function openApiDocument(origin: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Niêm Yết – API danh mục thủ tục hành chính",
      version: "1.0.0",
      description:
        "API chỉ đọc: danh mục thủ tục hành chính mỗi xã, phường đang niêm yết công khai (bản niêm yết đang có hiệu lực). " +
        `Mọi câu trả lời có ETag; CORS mở cho GET; tối đa ${API_LIMITS.requestsPerMinute} yêu cầu mỗi phút từ một địa chỉ.`,
    },
    servers: [{ url: `${origin}/api/v1` }],
    paths: {
      "/units/{unit}/procedures": {
        get: {
          summary: "Danh sách thủ tục đang niêm yết (tìm kiếm, lọc theo lĩnh vực, phân trang)",
          parameters: [
            unitParam,
            { name: "q", in: "query", description: "Từ khóa, không phân biệt hoa thường và dấu", schema: { type: "string", maxLength: 200 } },
            { name: "field", in: "query", description: "Mã lĩnh vực", schema: { type: "string", maxLength: 60 } },
            { name: "page", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
            { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: API_LIMITS.pageSizeMax, default: API_LIMITS.pageSizeDefault } },
          ],
          responses: { "200": { description: "Một trang danh sách", content: json("ProcedureList") }, "400": { description: "Tham số không hợp lệ", content: json("Error") }, ...errors },
        },
      },
      "/units/{unit}/procedures/{code}": {
        get: {
          summary: "Một thủ tục như xã, phường niêm yết (kèm lĩnh vực, phí, lệ phí, biểu mẫu, quy trình)",
          parameters: [unitParam, { name: "code", in: "path", required: true, description: "Mã thủ tục, ví dụ 1.001193", schema: { type: "string" } }],
          responses: { "200": { description: "Thủ tục", content: json("ProcedureDetail") }, "410": { description: "Thủ tục đã thôi áp dụng", content: json("Error") }, ...errors },
        },
      },
      "/units/{unit}/releases": {
        get: {
          summary: "Các bản niêm yết đã công bố, mới nhất trước",
          parameters: [unitParam],
          responses: { "200": { description: "Các bản niêm yết", content: json("ReleaseList") }, ...errors },
        },
      },
      "/units/{unit}/releases/{number}": {
        get: {
          summary: "Một bản niêm yết và danh sách thay đổi so với bản trước",
          parameters: [unitParam, { name: "number", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
          responses: { "200": { description: "Bản niêm yết", content: json("ReleaseDetail") }, ...errors },
        },
      },
      "/units/{unit}/cpsv-ap.jsonld": {
        get: {
          summary: "Danh mục đang niêm yết theo CPSV-AP 3.2 (JSON-LD): mỗi thủ tục là một cpsv:PublicService",
          description:
            `@context là địa chỉ chính thức của ngữ cảnh CPSV-AP 3.2.0 (${CPSV_AP_CONTEXT_URL}); ` +
            "bản sao y nguyên ở /cpsv-ap.context.jsonld cho hệ thống không truy cập được địa chỉ đó.",
          parameters: [unitParam],
          responses: { "200": { description: "Tài liệu JSON-LD", content: jsonLd("CpsvApDocument") }, ...errors },
        },
      },
      "/cpsv-ap.context.jsonld": {
        get: {
          summary: "Ngữ cảnh JSON-LD chính thức của CPSV-AP 3.2.0 (bản sao y nguyên)",
          responses: { "200": { description: "Ngữ cảnh JSON-LD", content: jsonLd("JsonLdContext") }, "304": errors["304"], "429": errors["429"] },
        },
      },
    },
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "object", required: ["status", "message"], properties: { status: { type: "integer" }, message: { type: "string" } } } },
        },
        CpsvApDocument: {
          type: "object",
          required: ["@context", "@graph"],
          additionalProperties: false,
          properties: {
            "@context": {
              type: "array",
              prefixItems: [{ const: CPSV_AP_CONTEXT_URL }, { type: "object", additionalProperties: { type: "string", format: "uri" } }],
              minItems: 2,
              maxItems: 2,
            },
            "@graph": {
              type: "array",
              items: {
                type: "object",
                required: ["@id", "@type"],
                properties: {
                  "@id": { type: "string", format: "uri" },
                  "@type": { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" }, minItems: 2 }] },
                },
              },
            },
          },
        },
        JsonLdContext: { type: "object", required: ["@context"], properties: { "@context": { type: "object" } } },
        Unit: { type: "object", required: ["code", "name"], additionalProperties: false, properties: { code: { type: "string" }, name: { type: "string" } } },
        ReleaseRef: {
          type: "object",
          required: ["number", "liveSince"],
          additionalProperties: false,
          properties: { number: { type: "integer", minimum: 1 }, liveSince: { type: "string", format: "date-time" } },
        },
        ProcedureList: {
          type: "object",
          required: ["unit", "release", "total", "page", "pageSize", "items"],
          additionalProperties: false,
          properties: {
            unit: { $ref: "#/components/schemas/Unit" },
            release: { $ref: "#/components/schemas/ReleaseRef" },
            total: { type: "integer", minimum: 0 },
            page: { type: "integer", minimum: 1 },
            pageSize: { type: "integer", minimum: 1, maximum: API_LIMITS.pageSizeMax },
            items: {
              type: "array",
              items: {
                type: "object",
                required: ["code", "name", "field", "onlineLevel", "free", "sameDay", "url", "api"],
                additionalProperties: false,
                properties: {
                  code: { type: "string" },
                  name: { type: "string" },
                  field: { type: "object", required: ["code", "name"], properties: { code: { type: "string" }, name: { type: "string" } } },
                  onlineLevel: { type: ["string", "null"] },
                  free: { type: "boolean", description: "Không mất phí, lệ phí ở mọi cách thức" },
                  sameDay: { type: "boolean", description: "Có cách thức trả kết quả trong ngày" },
                  url: { type: "string", format: "uri" },
                  api: { type: "string", format: "uri" },
                },
              },
            },
          },
        },
        Procedure: procedureSchema(),
        ProcedureDetail: {
          type: "object",
          required: ["unit", "release", "changedIn", "url", "repealed", "procedure", "field", "fees", "forms", "processes"],
          additionalProperties: false,
          properties: {
            unit: { $ref: "#/components/schemas/Unit" },
            release: { $ref: "#/components/schemas/ReleaseRef" },
            changedIn: { type: "integer", description: "Số bản niêm yết mà thủ tục thay đổi lần cuối" },
            url: { type: "string", format: "uri" },
            repealed: { type: "boolean" },
            procedure: { $ref: "#/components/schemas/Procedure" },
            field: { type: ["object", "null"], properties: { code: { type: "string" }, name: { type: "string" } } },
            fees: {
              type: "array",
              items: {
                type: "object",
                required: ["code", "name", "kind", "ruleToday", "rates"],
                properties: { code: { type: "string" }, name: { type: "string" }, kind: { type: "string" }, ruleToday: { type: ["string", "null"] }, rates: { type: "array" } },
              },
            },
            forms: {
              type: "array",
              items: {
                type: "object",
                required: ["code", "name", "from", "next", "url"],
                properties: { code: { type: "string" }, name: { type: "string" }, from: { type: "string" }, next: { type: ["string", "null"] }, url: { type: "string", format: "uri" } },
              },
            },
            processes: {
              type: "array",
              items: {
                type: "object",
                required: ["code", "name", "documentCode", "issue"],
                properties: { code: { type: "string" }, name: { type: "string" }, documentCode: { type: "string" }, issue: { type: "string" } },
              },
            },
          },
        },
        ReleaseSummary: {
          type: "object",
          required: ["number", "status", "liveSince", "effectiveAt", "note", "procedureCount", "procedureChanges"],
          properties: {
            number: { type: "integer", minimum: 1 },
            status: { enum: ["live", "superseded"] },
            liveSince: { type: "string", format: "date-time" },
            effectiveAt: { type: "string", format: "date-time" },
            note: { type: "string" },
            procedureCount: { type: "integer", minimum: 0 },
            procedureChanges: {
              type: "object",
              required: ["added", "changed", "removed"],
              properties: { added: { type: "integer" }, changed: { type: "integer" }, removed: { type: "integer" } },
            },
          },
        },
        ReleaseList: {
          type: "object",
          required: ["unit", "releases"],
          additionalProperties: false,
          properties: { unit: { $ref: "#/components/schemas/Unit" }, releases: { type: "array", items: { $ref: "#/components/schemas/ReleaseSummary" } } },
        },
        ReleaseDetail: {
          type: "object",
          required: ["unit", "release"],
          additionalProperties: false,
          properties: {
            unit: { $ref: "#/components/schemas/Unit" },
            release: {
              allOf: [
                { $ref: "#/components/schemas/ReleaseSummary" },
                {
                  type: "object",
                  required: ["changeLog"],
                  properties: {
                    changeLog: {
                      type: "object",
                      required: ["entries", "omitted", "procedures"],
                      properties: {
                        entries: {
                          type: "array",
                          items: {
                            type: "object",
                            required: ["change", "kind", "key", "title"],
                            properties: {
                              change: { enum: ["added", "changed", "removed"] },
                              kind: { type: "string" },
                              key: { type: "string" },
                              title: { type: "string" },
                              fields: { type: "array", items: { type: "object", required: ["kind", "path"], properties: { kind: { type: "string" }, path: { type: "string" }, before: { type: "string" }, after: { type: "string" } } } },
                              more: { type: "integer" },
                            },
                          },
                        },
                        omitted: { type: "integer" },
                        procedures: { type: "object" },
                      },
                    },
                  },
                },
              ],
            },
          },
        },
      },
    },
  };
}
