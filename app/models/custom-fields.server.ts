import { serializeDocument } from "~/domain/canonical-json";
import { CUSTOM_FIELD_TYPE_LABELS, type CustomField } from "~/domain/custom-fields";
import { KINDS, type DocumentKind } from "~/domain/kinds";
import type { DB } from "~/utils/db.server";
import { getAllSchemas } from "~/utils/schemas.server";
import type { FieldProblem } from "~/domain/problems";
import { CUSTOM_FIELDS_SCHEMA_ID, validateCustomFieldList } from "~/utils/validation.server";
import { appendAudit } from "./audit.server";

/**
 * The versioned custom field lists of the document kinds (table custom_field_lists). The newest version of a
 * kind's list is the one the editor, validation, export and the public pages use.
 */

export interface CustomFieldList {
  kind: DocumentKind;
  version: number;
  fields: CustomField[];
  author: string;
  createdAt: string;
}

/** The one serialisation of a list document, as stored and as written to catalog/custom-fields/<kind>.json. */
export function serializeCustomFieldList(fields: readonly CustomField[]): string {
  return serializeDocument({ fields }, getAllSchemas().get(CUSTOM_FIELDS_SCHEMA_ID)!);
}

export async function getCustomFieldList(db: DB, kind: DocumentKind): Promise<CustomFieldList | null> {
  const row = await db.selectFrom("custom_field_lists").selectAll().where("kind", "=", kind).orderBy("version", "desc").limit(1).executeTakeFirst();
  if (!row) return null;
  return {
    kind,
    version: row.version,
    fields: (JSON.parse(row.body) as { fields: CustomField[] }).fields,
    author: row.author,
    createdAt: row.created_at,
  };
}

/** The fields of a kind in use now (none when the kind has no list). */
export async function getCustomFields(db: DB, kind: DocumentKind): Promise<CustomField[]> {
  return (await getCustomFieldList(db, kind))?.fields ?? [];
}

/** The newest list of every kind that has one. */
export async function getAllCustomFieldLists(db: DB): Promise<Map<DocumentKind, CustomFieldList>> {
  const lists = new Map<DocumentKind, CustomFieldList>();
  const rows = await db.selectFrom("custom_field_lists").selectAll().orderBy("kind").orderBy("version").execute();
  for (const row of rows) {
    const kind = row.kind as DocumentKind;
    lists.set(kind, {
      kind,
      version: row.version,
      fields: (JSON.parse(row.body) as { fields: CustomField[] }).fields,
      author: row.author,
      createdAt: row.created_at,
    });
  }
  return lists;
}

export type SaveFieldsResult = { ok: true; version: number; changed: boolean } | { ok: false; problems: FieldProblem[] };

/**
 * Stores a kind's new field list as a new version (nothing when it equals the newest), audited in the same
 * transaction. A field is never dropped from the list: one the admin removes stays, marked `retired`, so the
 * values stored under it keep a title and type. Run inside a transaction when part of a larger write.
 */
export async function saveCustomFields(
  db: DB,
  input: {
    kind: DocumentKind;
    fields: CustomField[];
    author: string;
    summary: string;
    now?: Date;
  }
): Promise<SaveFieldsResult> {
  const document = { fields: input.fields };
  if (KINDS[input.kind].extensible === false) {
    return { ok: false, problems: [{ pointer: "", fieldTitle: "Trường bổ sung", message: `Loại «${KINDS[input.kind].label}» không thêm trường bổ sung được` }] };
  }
  const problems = validateCustomFieldList(document);
  if (problems.length > 0) return { ok: false, problems };
  const current = await getCustomFieldList(db, input.kind);
  const kept = new Set(input.fields.map((f) => f.name));
  const dropped = (current?.fields ?? []).filter((f) => !kept.has(f.name));
  if (dropped.length > 0) {
    const names = dropped.map((f) => `«${f.title}»`).join(", ");
    return {
      ok: false,
      problems: [
        {
          pointer: "/fields",
          fieldTitle: "Các trường",
          message: `Không xóa hẳn được trường ${names}: hãy đánh dấu ngừng sử dụng để giữ giá trị đã lưu`,
        },
      ],
    };
  }
  const body = serializeCustomFieldList(input.fields);
  if (current && serializeCustomFieldList(current.fields) === body) return { ok: true, version: current.version, changed: false };
  const version = (current?.version ?? 0) + 1;
  const now = (input.now ?? new Date()).toISOString();
  await db
    .insertInto("custom_field_lists")
    .values({
      kind: input.kind,
      version,
      body,
      author: input.author,
      note: input.summary,
      created_at: now,
    })
    .execute();
  await appendAudit(db, {
    actor: input.author,
    action: "custom_fields.update",
    summary: `${KINDS[input.kind].label}: ${input.summary} (danh sách trường bổ sung phiên bản ${version})`,
    now: input.now,
  });
  return { ok: true, version, changed: true };
}

/** How a field reads in the admin's list: type, and the choices of a choice list. */
export function describeCustomField(field: CustomField): string {
  const type = CUSTOM_FIELD_TYPE_LABELS[field.type];
  return field.type === "choice" ? `${type}: ${(field.options ?? []).join("; ")}` : type;
}
