/**
 * The document kinds Niêm Yết stores. One entry per JSON Schema in schemas/.
 * Every document carries its stable key in the `code` property.
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
] as const;

export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface KindInfo {
  kind: DocumentKind;
  /** Folder under catalog/ holding one `<code>.json` file per document. */
  folder: string;
  /** Schema file under schemas/. */
  schemaFile: string;
  /** Vietnamese name shown to users. */
  label: string;
}

export const KINDS: Record<DocumentKind, KindInfo> = {
  procedure: { kind: "procedure", folder: "procedures", schemaFile: "procedure.schema.json", label: "Thủ tục hành chính" },
  form: { kind: "form", folder: "forms", schemaFile: "form.schema.json", label: "Biểu mẫu" },
  fee: { kind: "fee", folder: "fees", schemaFile: "fee.schema.json", label: "Phí, lệ phí" },
  process: { kind: "process", folder: "processes", schemaFile: "process.schema.json", label: "Quy trình nội bộ" },
  "code-of-conduct": { kind: "code-of-conduct", folder: "codes-of-conduct", schemaFile: "code-of-conduct.schema.json", label: "Bộ quy tắc ứng xử" },
  field: { kind: "field", folder: "fields", schemaFile: "field.schema.json", label: "Lĩnh vực" },
  agency: { kind: "agency", folder: "agencies", schemaFile: "agency.schema.json", label: "Cơ quan" },
  "legal-document": { kind: "legal-document", folder: "legal-documents", schemaFile: "legal-document.schema.json", label: "Văn bản pháp luật" },
  organization: { kind: "organization", folder: "organization", schemaFile: "organization.schema.json", label: "Thông tin đơn vị" },
  quality: { kind: "quality", folder: "quality", schemaFile: "quality.schema.json", label: "Chính sách và mục tiêu chất lượng" },
  "holiday-calendar": { kind: "holiday-calendar", folder: "holiday-calendars", schemaFile: "holiday-calendar.schema.json", label: "Lịch nghỉ lễ" },
};

export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}
