import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { JSONSchema7 } from "json-schema";
import type { UiSchema } from "@rjsf/utils";
import { KINDS, uiSchemaFileOf, type DocumentKind } from "~/domain/kinds";

/**
 * The JSON Schemas in schemas/ are the single source of truth for document shapes.
 * They are read once per process; callers must treat the returned objects as read-only
 * (ajv keeps references to them).
 */

export const COMMON_SCHEMA_ID = "common.schema.json";
const COMMON_REF_PREFIX = `${COMMON_SCHEMA_ID}#/definitions/`;
const LOCAL_REF_PREFIX = "#/definitions/";

interface LoadedSchemas {
  schemas: Map<string, JSONSchema7>;
  uiSchemas: Map<string, UiSchema>;
  bundled: Map<DocumentKind, JSONSchema7>;
}

let loaded: LoadedSchemas | undefined;

export function schemasDir(): string {
  return path.resolve(process.cwd(), "schemas");
}

function load(): LoadedSchemas {
  if (loaded) return loaded;
  const dir = schemasDir();
  const schemas = new Map<string, JSONSchema7>();
  const uiSchemas = new Map<string, UiSchema>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".json")) continue;
    const parsed: unknown = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    if (file.endsWith(".schema.json")) schemas.set(file, parsed as JSONSchema7);
    else if (file.endsWith(".ui.json")) uiSchemas.set(file, parsed as UiSchema);
  }
  loaded = { schemas, uiSchemas, bundled: new Map() };
  return loaded;
}

function requireSchema(file: string): JSONSchema7 {
  const schema = load().schemas.get(file);
  if (!schema) throw new Error(`Không tìm thấy lược đồ ${file} trong ${schemasDir()}`);
  return schema;
}

export function getSchema(kind: DocumentKind): JSONSchema7 {
  return requireSchema(KINDS[kind].schemaFile);
}

export function getCommonSchema(): JSONSchema7 {
  return requireSchema(COMMON_SCHEMA_ID);
}

export function getUiSchema(kind: DocumentKind): UiSchema {
  const file = uiSchemaFileOf(kind);
  return load().uiSchemas.get(file) ?? {};
}

/** Every *.schema.json file, keyed by file name (which is also its $id). */
export function getAllSchemas(): ReadonlyMap<string, JSONSchema7> {
  return load().schemas;
}

/**
 * The schema with every common.schema.json definition it uses (directly or through other
 * common definitions) copied into its own `definitions`, and those refs rewritten to
 * `#/definitions/…`, so the browser (rjsf) needs no external refs.
 */
export function getBundledSchema(kind: DocumentKind): JSONSchema7 {
  const cache = load().bundled;
  const cached = cache.get(kind);
  if (cached) return cached;

  const common = getCommonSchema().definitions ?? {};
  const schema = structuredClone(getSchema(kind)) as JSONSchema7;
  const own = schema.definitions ?? {};
  const needed = new Set<string>();
  const pending: string[] = [];

  const rewrite = (node: unknown, fromCommon: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((child) => rewrite(child, fromCommon));
      return;
    }
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    const target = record.$ref;
    if (typeof target === "string") {
      let name: string | undefined;
      if (target.startsWith(COMMON_REF_PREFIX)) name = target.slice(COMMON_REF_PREFIX.length);
      else if (fromCommon && target.startsWith(LOCAL_REF_PREFIX)) name = target.slice(LOCAL_REF_PREFIX.length);
      if (name !== undefined) {
        if (!(name in common)) throw new Error(`${KINDS[kind].schemaFile}: $ref không tồn tại: ${target}`);
        record.$ref = LOCAL_REF_PREFIX + name;
        if (!needed.has(name)) {
          needed.add(name);
          pending.push(name);
        }
      }
    }
    for (const value of Object.values(record)) rewrite(value, fromCommon);
  };

  rewrite(schema, false);
  const definitions: Record<string, JSONSchema7 | boolean> = { ...own };
  while (pending.length > 0) {
    const name = pending.shift()!;
    if (name in own) {
      throw new Error(`${KINDS[kind].schemaFile}: định nghĩa "${name}" trùng tên với common.schema.json`);
    }
    const copy = structuredClone(common[name]);
    rewrite(copy, true);
    definitions[name] = copy;
  }
  if (Object.keys(definitions).length > 0) schema.definitions = definitions;
  cache.set(kind, schema);
  return schema;
}
