import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatNumber } from "~/domain/format";
import type { CustomField } from "~/domain/custom-fields";
import { DOCUMENT_KINDS, isDocumentKind, KINDS, type DocumentKind } from "~/domain/kinds";
import { CATALOG_FILE_MAX_BYTES } from "~/domain/limits";
import { serializeCustomFieldList } from "~/models/custom-fields.server";
import { serializeForKind } from "~/models/document.server";
import { validateCustomFieldList } from "~/utils/validation.server";
import { jsonSyntaxMessage } from "~/domain/json-text";
import type { Problem } from "./problem";

export { jsonSyntaxMessage };

/**
 * The catalog on disk: `<dir>/<kind folder>/<code>.json`, one document per file. A code of conduct keeps its
 * MDX text beside the JSON as `<code>.mdx` (so the text reads and diffs as a document); on reading, that text
 * becomes the document's `content`. The custom fields an admin added to a kind are `<dir>/custom-fields/<kind>.json`.
 */

/** Folder of the custom field lists, one `<kind>.json` each. */
export const CUSTOM_FIELDS_FOLDER = "custom-fields";

export interface CatalogEntry {
  kind: DocumentKind;
  /** Path as given to the user, relative to the current directory. */
  file: string;
  /** File name without `.json`: must equal the document's `code`. */
  code: string;
  data: Record<string, unknown>;
}

export interface CatalogRead {
  entries: CatalogEntry[];
  /** Document files that exist but could not be read (too large, not JSON): already reported in `problems`. */
  unread: { kind: DocumentKind; code: string }[];
  problems: Problem[];
  /** The custom field list of each kind that has a valid one in the folder. */
  customFields: Map<DocumentKind, CustomField[]>;
}

/**
 * A province's catalog folder also holds `units.json` (the province and its communes) and `communes/<code>/`, each
 * commune's own documents in the same layout (app/catalog/province.server.ts).
 */
export const UNITS_FILE = "units.json";
export const COMMUNES_FOLDER = "communes";

const ALLOWED_TOP_LEVEL_FILES = new Set(["README.md", UNITS_FILE]);

export function readCatalog(dir: string): CatalogRead {
  const entries: CatalogEntry[] = [];
  const unread: CatalogRead["unread"] = [];
  const problems: Problem[] = [];
  const customFields = new Map<DocumentKind, CustomField[]>();
  const shown = (path: string) => relative(process.cwd(), path) || path;

  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problems.push({
      file: shown(dir),
      fieldTitle: "(thư mục)",
      message: "Không tìm thấy thư mục danh mục",
    });
    return { entries, unread, problems, customFields };
  }

  const knownFolders = new Map(DOCUMENT_KINDS.map((kind) => [KINDS[kind].files.folder, kind]));
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!knownFolders.has(name) && name !== CUSTOM_FIELDS_FOLDER && name !== COMMUNES_FOLDER) {
        problems.push({
          file: shown(path),
          fieldTitle: "(thư mục)",
          message: "Thư mục không thuộc loại tài liệu nào của danh mục",
        });
      }
    } else if (!ALLOWED_TOP_LEVEL_FILES.has(name)) {
      problems.push({
        file: shown(path),
        fieldTitle: "(tệp)",
        message: "Tệp nằm ngoài các thư mục của danh mục",
      });
    }
  }

  for (const kind of DOCUMENT_KINDS) {
    const folder = join(dir, KINDS[kind].files.folder);
    if (!existsSync(folder)) continue;
    const mdxField = KINDS[kind].files.mdxProperty;
    const names = readdirSync(folder).sort();
    for (const name of names) {
      const path = join(folder, name);
      if (name.endsWith(".mdx") && mdxField) {
        if (!names.includes(name.replace(/\.mdx$/, ".json"))) {
          problems.push({
            file: shown(path),
            fieldTitle: "(tệp)",
            message: "Tệp MDX không có tệp JSON cùng tên đi kèm",
          });
        }
        continue;
      }
      if (!name.endsWith(".json")) {
        problems.push({
          file: shown(path),
          fieldTitle: "(tệp)",
          message: "Chỉ chấp nhận tệp .json trong thư mục này",
        });
        continue;
      }
      const code = name.slice(0, -".json".length);
      const read = readJsonFile(path, shown(path));
      if (!read.ok) {
        problems.push(read.problem);
        unread.push({ kind, code });
        continue;
      }
      const data = read.data;
      if (data === null || typeof data !== "object" || Array.isArray(data)) {
        problems.push({
          file: shown(path),
          fieldTitle: "(tệp)",
          message: "Tệp phải chứa một đối tượng JSON",
        });
        continue;
      }
      const doc = data as Record<string, unknown>;
      if (mdxField) {
        const mdxPath = join(folder, `${code}.mdx`);
        if (mdxField in doc) {
          problems.push({
            file: shown(path),
            fieldTitle: mdxField,
            message: `Nội dung phải nằm trong tệp ${code}.mdx bên cạnh, không nằm trong JSON`,
          });
        } else if (existsSync(mdxPath)) {
          const mdxTooLarge = fileSizeProblem(mdxPath);
          if (mdxTooLarge) {
            problems.push({
              file: shown(mdxPath),
              fieldTitle: "(tệp)",
              message: mdxTooLarge,
            });
            unread.push({ kind, code });
            continue;
          }
          doc[mdxField] = readFileSync(mdxPath, "utf8");
        }
      }
      entries.push({ kind, file: shown(path), code, data: doc });
    }
  }
  readCustomFieldLists(join(dir, CUSTOM_FIELDS_FOLDER), shown, problems, customFields);
  return { entries, unread, problems, customFields };
}

function readCustomFieldLists(folder: string, shown: (p: string) => string, problems: Problem[], into: Map<DocumentKind, CustomField[]>): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    const kind = name.replace(/\.json$/, "");
    if (!name.endsWith(".json") || !isDocumentKind(kind)) {
      problems.push({
        file: shown(path),
        fieldTitle: "(tệp)",
        message: `Tệp trường bổ sung phải mang tên một loại tài liệu, ví dụ procedure.json`,
      });
      continue;
    }
    const read = readJsonFile(path, shown(path));
    if (!read.ok) {
      problems.push(read.problem);
      continue;
    }
    const data = read.data;
    const issues = validateCustomFieldList(data);
    if (issues.length > 0) {
      for (const issue of issues)
        problems.push({
          file: shown(path),
          pointer: issue.pointer,
          fieldTitle: issue.fieldTitle,
          message: issue.message,
        });
      continue;
    }
    into.set(kind, (data as { fields: CustomField[] }).fields);
  }
}

/** Writes a kind's custom field list as its catalog file; returns the path written. */
export function writeCustomFieldList(dir: string, kind: DocumentKind, fields: readonly CustomField[]): string {
  const folder = join(dir, CUSTOM_FIELDS_FOLDER);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${kind}.json`);
  writeFileSync(path, serializeCustomFieldList(fields));
  return path;
}

/** A catalog file's JSON, or the problem that stops it being read (too large, not JSON). */
export function readJsonFile(path: string, file: string): { ok: true; data: unknown } | { ok: false; problem: Problem } {
  const tooLarge = fileSizeProblem(path);
  if (tooLarge) return { ok: false, problem: { file, fieldTitle: "(tệp)", message: tooLarge } };
  const text = readFileSync(path, "utf8");
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: { file, fieldTitle: "(tệp)", message: `Không đọc được JSON: ${jsonSyntaxMessage(text, error)}` } };
  }
}

const kilobytes = (bytes: number) => `${formatNumber(Math.ceil(bytes / 1024))} KB`;

/** A file over the size limit is refused before it is read. */
function fileSizeProblem(path: string): string | null {
  const size = statSync(path).size;
  if (size <= CATALOG_FILE_MAX_BYTES) return null;
  return `Tệp quá lớn (${kilobytes(size)}); mỗi tệp của danh mục tối đa ${kilobytes(CATALOG_FILE_MAX_BYTES)}`;
}

/** Writes one document as catalog file(s) in its one serialisation; returns the paths written. */
export function writeCatalogDocument(dir: string, kind: DocumentKind, code: string, body: Record<string, unknown>): string[] {
  const folder = join(dir, KINDS[kind].files.folder);
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  const mdxField = KINDS[kind].files.mdxProperty;
  let doc = body;
  if (mdxField && typeof body[mdxField] === "string") {
    const { [mdxField]: text, ...rest } = body;
    writeFileSync(join(folder, `${code}.mdx`), text as string);
    written.push(join(folder, `${code}.mdx`));
    doc = rest;
  }
  writeFileSync(join(folder, `${code}.json`), serializeForKind(kind, doc));
  written.push(join(folder, `${code}.json`));
  return written;
}
