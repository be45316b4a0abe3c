import type { RJSFSchema, ValidatorType } from "@rjsf/utils";

/**
 * The validator rjsf is given in the browser. It validates nothing: the Content-Security-Policy forbids the
 * code generation ajv needs there, and every save is validated on the server anyway (one validation path).
 * rjsf still asks "does this value fit this schema?" to pick the branch of a `oneOf` (a fee rule is free,
 * fixed or tiered); that structural question is answered here from `type`, `const`, `enum` and `required`.
 */

type Node = RJSFSchema & Record<string, unknown>;

function resolve(schema: Node, root: Node): Node {
  let node = schema;
  for (let depth = 0; typeof node.$ref === "string" && depth < 20; depth++) {
    const path = node.$ref.replace(/^#\//, "").split("/");
    let target: unknown = root;
    for (const segment of path) target = (target as Record<string, unknown> | undefined)?.[segment];
    if (!target || typeof target !== "object") return node;
    const { $ref: _ignored, ...rest } = node;
    node = { ...(target as Node), ...rest };
  }
  return node;
}

function typeMatches(type: unknown, value: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    switch (t) {
      case "object":
        return typeof value === "object" && value !== null && !Array.isArray(value);
      case "array":
        return Array.isArray(value);
      case "integer":
        return Number.isInteger(value);
      case "number":
        return typeof value === "number";
      case "null":
        return value === null;
      default:
        return typeof value === t;
    }
  });
}

export function fits(schema: Node, value: unknown, root: Node, depth = 0): boolean {
  if (depth > 30) return true;
  const node = resolve(schema, root);
  if ("const" in node && node.const !== value) return false;
  if (Array.isArray(node.enum) && !node.enum.includes(value as never)) return false;
  if (node.type !== undefined && value !== undefined && !typeMatches(node.type, value)) return false;
  if (Array.isArray(node.oneOf) && value !== undefined && !node.oneOf.some((b) => fits(b as Node, value, root, depth + 1))) return false;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const name of (node.required as string[] | undefined) ?? []) if (!(name in record)) return false;
    for (const [name, child] of Object.entries((node.properties as Record<string, Node> | undefined) ?? {})) {
      if (name in record && !fits(child, record[name], root, depth + 1)) return false;
    }
  }
  return true;
}

export const editorValidator: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: (schema, formData, rootSchema) => fits(schema as Node, formData, rootSchema as Node),
  rawValidation: () => ({ errors: undefined, validationError: undefined }),
};
