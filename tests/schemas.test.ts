import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DOCUMENT_KINDS, KINDS, type DocumentKind } from "~/domain/kinds";
import { getAllSchemas, getBundledSchema, getSchema, getUiSchema, schemasDir } from "~/utils/schemas.server";
import type { FieldProblem } from "~/domain/problems";
import { fieldLabel, validateDocument, validateJsonSchema } from "~/utils/validation.server";

const FIXTURES = path.resolve(process.cwd(), "tests/fixtures");

/** What each invalid fixture must report: a substring of the issue's field label and of its message. */
const EXPECTED: Record<string, { field: string; message: string; path?: string }> = {
  "procedure/missing-name.json": { field: "Tên thủ tục", message: "Thiếu trường bắt buộc «Tên thủ tục»", path: "/name" },
  "procedure/bad-code-format.json": { field: "Mã thủ tục", message: "không đúng định dạng (ví dụ hợp lệ: 1.001193" },
  "procedure/negative-copies.json": {
    field: "Hồ sơ theo trường hợp › 1 › Thành phần hồ sơ › 1 › Số bản sao",
    message: "phải lớn hơn hoặc bằng 0",
  },
  "procedure/unknown-property.json": { field: "tenThuTuc", message: "Trường «tenThuTuc» không có trong lược đồ" },
  "procedure/no-channels.json": { field: "Cách thức thực hiện", message: "phải có ít nhất 1 mục" },
  "procedure/unknown-level.json": { field: "Cấp thực hiện", message: "Cấp tỉnh, Cấp xã, Cấp huyện (trước 01/7/2025), Cấp trung ương (bộ, ngành)" },
  "procedure/bad-time-unit.json": {
    field: "Cách thức thực hiện › 3 › Thời hạn giải quyết › Đơn vị thời gian",
    message: "Ngày làm việc, Giờ làm việc, Ngày, Giờ, Tháng, Năm, Khác",
  },
  "procedure/name-too-long.json": { field: "Tên thủ tục", message: "không được dài quá 1.000 ký tự (hiện có 1.080 ký tự)", path: "/name" },
  "procedure/too-many-channels.json": { field: "Cách thức thực hiện", message: "chỉ được có tối đa 20 mục", path: "/channels" },
  "procedure/bad-legal-date.json": { field: "Căn cứ pháp lý › 1 › Ngày ban hành", message: "phải là ngày dạng YYYY-MM-DD" },
  "form/missing-schema.json": { field: "Lược đồ trường của biểu mẫu", message: "Thiếu trường bắt buộc" },
  "form/broken-field-schema.json": { field: "Lược đồ trường của biểu mẫu", message: "kiểu dữ liệu hợp lệ", path: "/schema/properties/hoTen/type" },
  "form/schema-root-not-object.json": { field: "Lược đồ trường của biểu mẫu", message: '"type": "object"' },
  "form/bad-code-format.json": { field: "Mã biểu mẫu", message: "không đúng định dạng" },
  "fee/tier-without-amount.json": {
    field: "Mức thu › 1 › Quy tắc tính › Bậc tính › 2 › Số tiền mỗi đơn vị",
    message: "Thiếu trường bắt buộc «Số tiền mỗi đơn vị (đồng)»",
  },
  "fee/no-rates.json": { field: "Mức thu", message: "phải có ít nhất 1 mục" },
  "fee/unknown-rule-type.json": { field: "Mức thu › 1 › Quy tắc tính", message: "Miễn phí, Mức cố định, Lũy tiến theo đơn vị" },
  "fee/fractional-amount.json": { field: "Quy tắc tính › Số tiền (đồng)", message: "phải là số nguyên" },
  "fee/bad-kind.json": { field: "Loại", message: "phải là một trong: Phí, Lệ phí" },
  "process/missing-document-control.json": { field: "Kiểm soát tài liệu", message: "Thiếu trường bắt buộc «Kiểm soát tài liệu»" },
  "process/bad-issue-number.json": { field: "Kiểm soát tài liệu › Lần ban hành", message: "ví dụ hợp lệ: 00" },
  "process/no-steps.json": { field: "Nội dung quy trình", message: "phải có ít nhất 1 mục" },
  "process/step-order-zero.json": { field: "Nội dung quy trình › 2 › Thứ tự", message: "phải lớn hơn hoặc bằng 1" },
  "process/bad-procedure-code.json": { field: "Thủ tục áp dụng › 1", message: "«Mã thủ tục (mục 1)» không đúng định dạng" },
  "code-of-conduct/missing-content.json": { field: "Toàn văn", message: "Thiếu trường bắt buộc «Toàn văn»" },
  "code-of-conduct/slogans-not-array.json": { field: "Khẩu hiệu niêm yết", message: "phải là danh sách" },
  "code-of-conduct/decision-without-number.json": {
    field: "Quyết định ban hành › Số, ký hiệu văn bản",
    message: "Thiếu trường bắt buộc «Số, ký hiệu văn bản»",
  },
  "field/missing-name.json": { field: "Tên lĩnh vực", message: "Thiếu trường bắt buộc «Tên lĩnh vực»" },
  "field/bad-code-format.json": { field: "Mã lĩnh vực", message: "không đúng định dạng" },
  "field/empty-name.json": { field: "Tên lĩnh vực", message: "không được để trống" },
  "local-override/path-not-a-pointer.json": { field: "Giá trị riêng của đơn vị › 1 › Trường", message: "không đúng định dạng", path: "/values/0/path" },
  "local-override/empty-value.json": { field: "Giá trị riêng của đơn vị › 2 › Giá trị của đơn vị", message: "không được để trống" },
  "local-override/unknown-target-kind.json": { field: "Tài liệu của tỉnh › Loại tài liệu", message: "" },
  "agency/bad-email.json": { field: "Thư điện tử", message: "địa chỉ thư điện tử hợp lệ" },
  "agency/missing-level.json": { field: "Cấp", message: "Thiếu trường bắt buộc «Cấp»" },
  "legal-document/bad-type.json": { field: "Loại văn bản", message: "Luật, Nghị định, Thông tư" },
  "legal-document/bad-url.json": { field: "Đường dẫn toàn văn", message: "địa chỉ web đầy đủ" },
  "legal-document/code-with-slash.json": { field: "Mã văn bản", message: "không đúng định dạng" },
  "organization/bad-working-hours.json": { field: "Thời gian làm việc › 1 › Giờ bắt đầu", message: "ví dụ hợp lệ: 07:30" },
  "organization/weekday-out-of-range.json": { field: "Thời gian làm việc › 1 › Các ngày trong tuần › 1", message: "Thứ Hai" },
  "organization/missing-address.json": { field: "Địa chỉ", message: "Thiếu trường bắt buộc «Địa chỉ»" },
  "quality/no-objectives.json": { field: "Mục tiêu chất lượng", message: "phải có ít nhất 1 mục" },
  "quality/bad-comparator.json": { field: "Mục tiêu chất lượng › 1 › So sánh", message: "Không thấp hơn (≥)" },
  "quality/missing-policy.json": { field: "Chính sách chất lượng", message: "Thiếu trường bắt buộc" },
  "holiday-calendar/impossible-date.json": { field: "Ngày nghỉ › 1 › Ngày", message: "phải là ngày dạng YYYY-MM-DD" },
  "holiday-calendar/missing-confirmed.json": { field: "Ngày nghỉ › 2 › Đã có thông báo chính thức", message: "Thiếu trường bắt buộc" },
  "holiday-calendar/year-as-string.json": { field: "Năm", message: "phải là số nguyên" },
  "holiday-calendar/unknown-day-kind.json": { field: "Ngày nghỉ › 1 › Loại ngày nghỉ", message: "Ngày lễ, Nghỉ bù" },
};

function fixtures(kind: DocumentKind, dir: "valid" | "invalid"): Array<[string, unknown]> {
  const folder = path.join(FIXTURES, kind, dir);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => [file, JSON.parse(readFileSync(path.join(folder, file), "utf8")) as unknown]);
}

function describeIssues(issues: FieldProblem[]): string {
  return issues.map((i) => `${i.pointer} [${i.fieldTitle}] ${i.message}`).join("\n");
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

/** Calls visit on every subschema (properties, items, definitions, oneOf/anyOf/allOf branches). */
function walkSchema(schema: unknown, where: string, visit: (schema: Node, where: string) => void): void {
  if (!isNode(schema)) return;
  visit(schema, where);
  for (const key of ["properties", "definitions"] as const) {
    const children = schema[key];
    if (isNode(children)) for (const [name, child] of Object.entries(children)) walkSchema(child, `${where}/${key}/${name}`, visit);
  }
  if (isNode(schema.items)) walkSchema(schema.items, `${where}/items`, visit);
  for (const key of ["oneOf", "anyOf", "allOf"] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) branches.forEach((branch, i) => walkSchema(branch, `${where}/${key}/${i}`, visit));
  }
}

function collectKeys(value: unknown, keys: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectKeys(item, keys));
  else if (isNode(value)) for (const [key, child] of Object.entries(value)) keys.push(key), collectKeys(child, keys);
  return keys;
}

// Vietnamese titles carry diacritics; an ASCII-only title is almost always an English leftover.
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

describe("fixtures", () => {
  for (const kind of DOCUMENT_KINDS) {
    describe(kind, () => {
      it("has valid and invalid fixtures", () => {
        expect(fixtures(kind, "valid").length).toBeGreaterThanOrEqual(1);
        expect(fixtures(kind, "invalid").length).toBeGreaterThanOrEqual(2);
      });

      for (const [file, data] of fixtures(kind, "valid")) {
        it(`accepts valid/${file}`, () => {
          const result = validateDocument(kind, data);
          expect(result.ok, result.ok ? "" : describeIssues(result.errors)).toBe(true);
        });
      }

      for (const [file, data] of fixtures(kind, "invalid")) {
        it(`rejects invalid/${file} with the expected message`, () => {
          const expected = EXPECTED[`${kind}/${file}`];
          expect(expected, `add ${kind}/${file} to EXPECTED in tests/schemas.test.ts`).toBeDefined();
          const result = validateDocument(kind, data);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          const match = result.errors.find(
            (issue) =>
              issue.fieldTitle.includes(expected.field) &&
              issue.message.includes(expected.message) &&
              (expected.path === undefined || issue.pointer === expected.path),
          );
          expect(match, describeIssues(result.errors)).toBeDefined();
        });
      }
    });
  }

  it("reports one issue for a broken fee rule, not one per oneOf branch", () => {
    const [, data] = fixtures("fee", "invalid").find(([file]) => file === "tier-without-amount.json")!;
    const result = validateDocument("fee", data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(1);
    const [, unknownType] = fixtures("fee", "invalid").find(([file]) => file === "unknown-rule-type.json")!;
    const second = validateDocument("fee", unknownType);
    if (!second.ok) expect(second.errors).toHaveLength(1);
  });

  it("labels a pointer with schema titles, array positions 1-based", () => {
    expect(fieldLabel("procedure", "/channels/0/timeLimit")).toBe("Cách thức thực hiện › 1 › Thời hạn giải quyết");
    expect(fieldLabel("fee", "/rates/1/rule/tiers/0/from")).toBe("Mức thu › 2 › Quy tắc tính › Bậc tính › 1 › Từ đơn vị thứ");
  });

  it("returns the document itself when valid", () => {
    const [, data] = fixtures("field", "valid")[0];
    const result = validateDocument("field", data);
    expect(result).toEqual({ ok: true, value: data });
  });
});

describe("schema files", () => {
  const files = readdirSync(schemasDir()).filter((file) => file.endsWith(".schema.json"));

  it("has one schema and one UI schema per document kind", () => {
    for (const kind of DOCUMENT_KINDS) {
      expect(files).toContain(KINDS[kind].schemaFile);
      expect(existsSync(path.join(schemasDir(), KINDS[kind].schemaFile.replace(".schema.json", ".ui.json")))).toBe(true);
    }
    expect(files).toContain("common.schema.json");
  });

  it("declares draft-07, $id = file name and a Vietnamese title", () => {
    for (const [file, schema] of getAllSchemas()) {
      expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
      expect(schema.$id).toBe(file);
      expect(schema.title).toMatch(VIETNAMESE);
    }
  });

  it("makes every document a closed object with a required string code", () => {
    for (const kind of DOCUMENT_KINDS) {
      const schema = getBundledSchema(kind);
      expect(schema.type).toBe("object");
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required).toContain("code");
      const code = schema.properties?.code;
      expect(code && typeof code === "object").toBe(true);
      const resolved = typeof code === "object" && code.$ref ? schema.definitions?.[code.$ref.replace("#/definitions/", "")] : code;
      expect(typeof resolved === "object" && resolved.type).toBe("string");
    }
  });

  it("gives every property and every labelled enum value a Vietnamese title", () => {
    const missing: string[] = [];
    for (const [file, schema] of getAllSchemas()) {
      walkSchema(schema, file, (node, where) => {
        if (isNode(node.properties)) {
          for (const [name, child] of Object.entries(node.properties)) {
            const title = isNode(child) ? child.title : undefined;
            if (typeof title !== "string" || !VIETNAMESE.test(title)) missing.push(`${where}/properties/${name}`);
          }
        }
        if (Array.isArray(node.oneOf)) {
          node.oneOf.forEach((branch, i) => {
            if (!isNode(branch) || typeof branch.title !== "string" || !VIETNAMESE.test(branch.title)) missing.push(`${where}/oneOf/${i}`);
          });
        }
      });
    }
    expect(missing).toEqual([]);
  });

  it("closes every object schema with properties (additionalProperties: false)", () => {
    const open: string[] = [];
    for (const [file, schema] of getAllSchemas()) {
      walkSchema(schema, file, (node, where) => {
        if (isNode(node.properties) && node.additionalProperties !== false) open.push(where);
      });
    }
    expect(open).toEqual([]);
  });

  it("gives every pattern examples that match it", () => {
    for (const [file, schema] of getAllSchemas()) {
      walkSchema(schema, file, (node, where) => {
        if (typeof node.pattern !== "string") return;
        expect(Array.isArray(node.examples), `${where} needs examples`).toBe(true);
        // With the "u" flag, as ajv compiles patterns (so \p{L} matches a Vietnamese letter).
        for (const example of node.examples as unknown[]) expect(String(example), where).toMatch(new RegExp(node.pattern, "u"));
      });
    }
  });

  it("keeps ui:* keys out of *.schema.json", () => {
    for (const [file, schema] of getAllSchemas()) {
      expect(collectKeys(schema).filter((key) => key.startsWith("ui:")), file).toEqual([]);
    }
  });

  it("bounds every string (maxLength, unless it is a fixed choice) and every list (maxItems)", () => {
    const unbounded: string[] = [];
    for (const [file, schema] of getAllSchemas()) {
      walkSchema(schema, file, (node, where) => {
        const choice = "enum" in node || "const" in node || Array.isArray(node.oneOf);
        if (node.type === "string" && !choice && typeof node.maxLength !== "number") unbounded.push(`${where}: maxLength`);
        if (node.type === "array" && typeof node.maxItems !== "number") unbounded.push(`${where}: maxItems`);
      });
    }
    expect(unbounded).toEqual([]);
  });

  it("uses only keywords all three tools handle", () => {
    const banned = ["if", "then", "else", "patternProperties", "dependencies", "allOf", "not"];
    for (const [file, schema] of getAllSchemas()) {
      walkSchema(schema, file, (node, where) => {
        for (const keyword of banned) expect(keyword in node, `${where} uses ${keyword}`).toBe(false);
      });
    }
  });
});

describe("bundled schemas", () => {
  for (const kind of DOCUMENT_KINDS) {
    it(`${kind}: has no external $ref and every $ref resolves`, () => {
      const bundled = getBundledSchema(kind);
      const refs: string[] = [];
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(collect);
        else if (isNode(value)) {
          if (typeof value.$ref === "string") refs.push(value.$ref);
          Object.values(value).forEach(collect);
        }
      };
      collect(bundled);
      for (const ref of refs) {
        expect(ref).toMatch(/^#\/definitions\/[A-Za-z]+$/);
        expect(bundled.definitions?.[ref.slice("#/definitions/".length)], ref).toBeDefined();
      }
      // The loaded schema itself is left untouched.
      expect(getSchema(kind)).toEqual(JSON.parse(readFileSync(path.join(schemasDir(), KINDS[kind].schemaFile), "utf8")));
    });
  }
});

describe("UI schemas", () => {
  /** Every non-ui: key must name a property (or `items`) of the schema at the same place. */
  function unknownKeys(ui: unknown, schema: Node, root: Node, where: string, out: string[]): void {
    if (!isNode(ui)) return;
    const resolved = resolveLocal(schema, root);
    for (const [key, value] of Object.entries(ui)) {
      if (key.startsWith("ui:")) continue;
      const child =
        key === "items" && isNode(resolved.items)
          ? resolved.items
          : findProperty(resolved, key, root);
      if (!child) out.push(`${where}/${key}`);
      else unknownKeys(value, child, root, `${where}/${key}`, out);
    }
    const order = ui["ui:order"];
    if (Array.isArray(order)) {
      for (const name of order) if (name !== "*" && !findProperty(resolved, String(name), root)) out.push(`${where}/ui:order/${String(name)}`);
    }
  }
  function resolveLocal(schema: Node, root: Node): Node {
    if (typeof schema.$ref !== "string") return schema;
    const definitions = root.definitions as Record<string, Node>;
    return { ...resolveLocal(definitions[schema.$ref.slice("#/definitions/".length)], root), ...schema, $ref: undefined };
  }
  function findProperty(schema: Node, name: string, root: Node): Node | undefined {
    if (isNode(schema.properties) && isNode(schema.properties[name])) return schema.properties[name] as Node;
    for (const branch of (schema.oneOf as Node[] | undefined) ?? []) {
      const found = findProperty(resolveLocal(branch, root), name, root);
      if (found) return found;
    }
    return undefined;
  }

  for (const kind of DOCUMENT_KINDS) {
    it(`${kind}: refers only to existing properties`, () => {
      const bundled = getBundledSchema(kind) as Node;
      const out: string[] = [];
      unknownKeys(getUiSchema(kind), bundled, bundled, kind, out);
      expect(out).toEqual([]);
      expect(Array.isArray(getUiSchema(kind)["ui:order"])).toBe(true);
    });
  }
});

describe("validateJsonSchema", () => {
  it("accepts a usable form schema", () => {
    expect(
      validateJsonSchema({ type: "object", required: ["hoTen"], properties: { hoTen: { type: "string", title: "Họ và tên" } } }),
    ).toEqual([]);
  });

  it("rejects a schema that breaks the draft-07 meta-schema", () => {
    const issues = validateJsonSchema({ type: "object", properties: { hoTen: { type: "chuoi" }, tuoi: { minimum: "mười" } } });
    expect(issues.map((i) => i.pointer)).toEqual(expect.arrayContaining(["/properties/hoTen/type", "/properties/tuoi/minimum"]));
    for (const issue of issues) expect(issue.fieldTitle).toContain("Lược đồ trường của biểu mẫu");
  });

  it("requires type object at the root", () => {
    expect(validateJsonSchema({ type: "array", items: { type: "string" } })[0]?.message).toContain('"type": "object"');
    expect(validateJsonSchema({ properties: {} })[0]?.pointer).toBe("/type");
    expect(validateJsonSchema("không phải lược đồ")).toHaveLength(1);
  });

  it("rejects a schema whose $ref cannot be resolved", () => {
    const issues = validateJsonSchema({ type: "object", properties: { a: { $ref: "#/definitions/khongCo" } } });
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toContain("Không biên dịch được");
  });
});
