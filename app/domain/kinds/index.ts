import type {
  Agency,
  CodeOfConduct,
  Fee,
  Field,
  Form,
  HolidayCalendar,
  LegalDocument,
  LocalOverride,
  Organization,
  Procedure,
  Process,
  Quality,
} from "../../generated";

/**
 * The registry of document kinds: everything the app knows about a kind, in one entry. Catalog files,
 * validation, the catalog check's references, the store's indexed columns, admin screens and (later)
 * publishing all read it; adding a kind is one entry here plus its schema in schemas/.
 * Pure data and functions: usable on the server and in the browser.
 */

export const DOCUMENT_KINDS = [
  "procedure",
  "form",
  "fee",
  "process",
  "code-of-conduct",
  "field",
  "agency",
  "legal-document",
  "organization",
  "quality",
  "holiday-calendar",
  "local-override",
] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The generated TypeScript type of each kind's document (app/generated, from schemas/). */
export interface KindBodies {
  procedure: Procedure;
  form: Form;
  fee: Fee;
  process: Process;
  "code-of-conduct": CodeOfConduct;
  field: Field;
  agency: Agency;
  "legal-document": LegalDocument;
  organization: Organization;
  quality: Quality;
  "holiday-calendar": HolidayCalendar;
  "local-override": LocalOverride;
}

/**
 * A property that holds the key of another document. `path` is a JSON pointer where `*` stands for every item
 * of a list, e.g. `/channels/* /fees/* /feeCode` (without the spaces).
 */
export interface KindReference {
  path: string;
  kind: DocumentKind;
}

export interface KindInfo<K extends DocumentKind = DocumentKind> {
  kind: K;
  /** Vietnamese name shown to users. */
  label: string;
  /** Schema file under schemas/; its UI schema is the same name with `.ui.json`. */
  schemaFile: string;
  /** The property that holds the document's stable key (used in URLs, file names and references). */
  keyProperty: "code";
  /** What lists and the audit log call the document. */
  titleOf(body: KindBodies[K]): string;
  /** Catalog folder holding one `<key>.json` per document, and the property kept beside it as `<key>.mdx`. */
  files: { folder: string; mdxProperty?: string };
  /** Shown to citizens on the public pages (directly or through the procedures that use it). */
  public: boolean;
  /** A public page shows this kind's documents, with their custom fields marked public (app/domain/custom-fields). */
  publicCustomFields?: boolean;
  /** Keys of other documents this kind refers to (legal references are found by schema, not listed here). */
  references: readonly KindReference[];
  /** The field a document is filed under, kept as an indexed column for lists. */
  fieldCodeOf?(body: KindBodies[K]): string | null;
  /** Facets the kind's list can filter on ("level:commune", "has:process"), kept as a column for lists. */
  listTags?(body: KindBodies[K]): string[];
  /** The list's filters on those facets: a choice among a schema enum's values, or yes/no for one tag. */
  listFilters?: readonly ListFilter[];
  /**
   * The fields a commune may set for itself in a province document it applies (app/domain/overrides.ts): JSON
   * pointers to a property, `*` for every item of a list. A commune's value replaces the province's on its pages.
   */
  localPaths?: readonly string[];
  /** False: admins cannot add custom fields to this kind (its documents are not edited field by field). */
  extensible?: false;
}

export type ListFilter =
  | { name: string; label: string; kind: "enum"; schemaPath: string[]; tagPrefix: string }
  | { name: string; label: string; kind: "flag"; tag: string };

const nameOf = (body: { name: string }) => body.name;

function define<K extends DocumentKind>(info: Omit<KindInfo<K>, "keyProperty">): KindInfo<K> {
  return { keyProperty: "code", ...info };
}

export const KINDS: { [K in DocumentKind]: KindInfo<K> } = {
  procedure: define({
    kind: "procedure",
    label: "Thủ tục hành chính",
    schemaFile: "procedure.schema.json",
    titleOf: nameOf,
    files: { folder: "procedures" },
    public: true,
    publicCustomFields: true,
    references: [
      { path: "/fieldCode", kind: "field" },
      { path: "/channels/*/fees/*/feeCode", kind: "fee" },
      { path: "/cases/*/components/*/formCode", kind: "form" },
      { path: "/results/*/formCode", kind: "form" },
      { path: "/agencies/*/agencyCode", kind: "agency" },
      { path: "/processCodes/*", kind: "process" },
    ],
    // Where and when the commune's desk receives the dossier, who it is, and the commune's own notes.
    localPaths: ["/channels/*/place", "/channels/*/hours", "/agencies/*/name", "/notes"],
    fieldCodeOf: (body) => body.fieldCode,
    listTags: (body) => {
      const tags = [`level:${body.level}`];
      // Repealed procedures leave the public list without their bodies being read.
      if (body.status === "repealed") tags.push("repealed");
      if ((body.processCodes ?? []).length > 0) tags.push("has:process");
      const forms = [...(body.cases ?? []).flatMap((c) => c.components ?? []), ...(body.results ?? [])].some((x) => x.formCode);
      if (forms) tags.push("has:forms");
      return tags;
    },
    listFilters: [
      { name: "level", label: "Cấp thực hiện", kind: "enum", schemaPath: ["level"], tagPrefix: "level:" },
      { name: "process", label: "Có quy trình nội bộ", kind: "flag", tag: "has:process" },
      { name: "forms", label: "Có biểu mẫu", kind: "flag", tag: "has:forms" },
    ],
  }),
  form: define({ kind: "form", label: "Biểu mẫu", schemaFile: "form.schema.json", titleOf: nameOf, files: { folder: "forms" }, public: true, references: [] }),
  fee: define({ kind: "fee", label: "Phí, lệ phí", schemaFile: "fee.schema.json", titleOf: nameOf, files: { folder: "fees" }, public: true, references: [] }),
  process: define({
    kind: "process",
    label: "Quy trình nội bộ",
    schemaFile: "process.schema.json",
    titleOf: nameOf,
    files: { folder: "processes" },
    public: true,
    references: [
      { path: "/procedureCodes/*", kind: "procedure" },
      { path: "/steps/*/forms/*", kind: "form" },
    ],
    // The province approves the process; each commune names its own staff and record keepers.
    localPaths: ["/steps/*/responsible", "/records/*/keeper"],
  }),
  "code-of-conduct": define({
    kind: "code-of-conduct",
    label: "Bộ quy tắc ứng xử",
    schemaFile: "code-of-conduct.schema.json",
    titleOf: nameOf,
    files: { folder: "codes-of-conduct", mdxProperty: "content" },
    public: true,
    references: [],
  }),
  field: define({ kind: "field", label: "Lĩnh vực", schemaFile: "field.schema.json", titleOf: nameOf, files: { folder: "fields" }, public: true, references: [] }),
  agency: define({
    kind: "agency",
    label: "Cơ quan",
    schemaFile: "agency.schema.json",
    titleOf: nameOf,
    files: { folder: "agencies" },
    public: true,
    references: [{ path: "/parentCode", kind: "agency" }],
  }),
  "legal-document": define({
    kind: "legal-document",
    label: "Văn bản pháp luật",
    schemaFile: "legal-document.schema.json",
    titleOf: (body) => (body.title ? `${body.number} – ${body.title}` : body.number),
    files: { folder: "legal-documents" },
    public: true,
    references: [],
  }),
  organization: define({
    kind: "organization",
    label: "Thông tin đơn vị",
    schemaFile: "organization.schema.json",
    titleOf: nameOf,
    files: { folder: "organization" },
    public: true,
    publicCustomFields: true,
    references: [{ path: "/counters/*/fieldCodes/*", kind: "field" }],
  }),
  quality: define({
    kind: "quality",
    label: "Chính sách và mục tiêu chất lượng",
    schemaFile: "quality.schema.json",
    titleOf: nameOf,
    files: { folder: "quality" },
    public: true,
    references: [],
  }),
  "holiday-calendar": define({
    kind: "holiday-calendar",
    label: "Lịch nghỉ lễ",
    schemaFile: "holiday-calendar.schema.json",
    titleOf: (body) => `Lịch nghỉ lễ năm ${body.year}`,
    files: { folder: "holiday-calendars" },
    // Used by the due-date calculators, not shown as a document of its own.
    public: false,
    references: [],
  }),
  "local-override": define({
    kind: "local-override",
    label: "Điều chỉnh tại xã",
    schemaFile: "local-override.schema.json",
    titleOf: (body) => body.target.name,
    files: { folder: "local-overrides" },
    // Read by the public pages through the document it adjusts (app/models/override.server.ts), never shown alone.
    public: false,
    references: [],
    listTags: (body) => [`target:${body.target.kind}`, body.listed ? "listed" : "unlisted"],
    // Its form is built from the province document's local fields; extra fields belong on that document.
    extensible: false,
    listFilters: [{ name: "unlisted", label: "Không niêm yết tại đơn vị", kind: "flag", tag: "unlisted" }],
  }),
};

/** The kinds an admin may add custom fields to (app/domain/custom-fields). */
export const EXTENSIBLE_KINDS = DOCUMENT_KINDS.filter((kind) => KINDS[kind].extensible !== false);

export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** The UI schema file of a kind. */
export const uiSchemaFileOf = (kind: DocumentKind) => KINDS[kind].schemaFile.replace(/\.schema\.json$/, ".ui.json");

/** The title of a document (already validated against its kind's schema) as lists and the audit log show it. */
export function documentTitle(kind: DocumentKind, body: object): string {
  const info = KINDS[kind] as KindInfo;
  return info.titleOf(body as KindBodies[DocumentKind]) || String((body as { code?: unknown }).code);
}

/** The list facets of a validated document, space-padded for `like '% tag %'` filters. */
export function documentListTags(kind: DocumentKind, body: object): string {
  const info = KINDS[kind] as KindInfo;
  return ` ${(info.listTags?.(body as KindBodies[DocumentKind]) ?? []).join(" ")} `;
}

/** The field a validated document is filed under (the indexed column of lists), or null. */
export function documentFieldCode(kind: DocumentKind, body: object): string | null {
  const info = KINDS[kind] as KindInfo;
  return info.fieldCodeOf?.(body as KindBodies[DocumentKind]) ?? null;
}

export interface FoundReference {
  /** JSON pointer of the value, e.g. `/channels/0/fees/1/feeCode`. */
  pointer: string;
  kind: DocumentKind;
  key: string;
}

/** Every key of another document that `body` holds, where the registry says references are. */
export function referencesIn(kind: DocumentKind, body: unknown): FoundReference[] {
  const found: FoundReference[] = [];
  for (const reference of KINDS[kind].references) {
    const segments = reference.path.split("/").slice(1);
    const visit = (value: unknown, at: number, pointer: string) => {
      if (at === segments.length) {
        if (typeof value === "string" && value) found.push({ pointer, kind: reference.kind, key: value });
        return;
      }
      const segment = segments[at];
      if (segment === "*") {
        if (Array.isArray(value)) value.forEach((item, i) => visit(item, at + 1, `${pointer}/${i}`));
      } else if (value && typeof value === "object" && !Array.isArray(value)) {
        visit((value as Record<string, unknown>)[segment], at + 1, `${pointer}/${segment}`);
      }
    };
    visit(body, 0, "");
  }
  return found;
}
