import { CUSTOM_FIELD_TYPE_LABELS, CUSTOM_FIELD_TYPES, customFieldName, type CustomField, type CustomFieldType } from "~/domain/custom-fields";
import type { DocumentKind } from "~/domain/kinds";
import { getCustomFields, saveCustomFields } from "~/models/custom-fields.server";
import type { DB } from "~/utils/db.server";
import { splitPointer } from "~/domain/schema-walk";
import { ADD_FIELD_LABELS, type AddFieldInput } from "./labels";

/**
 * The actions of the custom field page: add a field, retire one (its stored values stay), use a retired one again.
 * Every change is a new version of the kind's list (models/custom-fields.server.ts), checked against
 * schemas/custom-fields.schema.json before anything is stored.
 */


/** What the admin typed into the add form, given back with the errors so nothing is lost. */
export interface AddFieldValues {
  title: string;
  type: string;
  options: string;
  help: string;
  required: boolean;
  public: boolean;
}

export type CustomFieldActionResult =
  | { ok: true; message: string }
  | {
      ok: false;
      errors: Partial<Record<AddFieldInput | "_form", string>>;
      values: AddFieldValues | null;
    };

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

function valuesOf(form: FormData): AddFieldValues {
  return {
    title: text(form, "title"),
    type: text(form, "type"),
    options: String(form.get("options") ?? ""),
    help: text(form, "help"),
    required: form.get("required") === "on",
    public: form.get("public") === "on",
  };
}

/** The input a problem's pointer (`/fields/<n>/<property>…`) belongs to. */
function inputOf(pointer: string): AddFieldInput | "_form" {
  const property = splitPointer(pointer)[2];
  if (property === "name" || property === "title") return "title";
  if (property === "type" || property === "options" || property === "help" || property === "required" || property === "public") return property;
  return "_form";
}

export async function runCustomFieldAction(
  db: DB,
  kind: DocumentKind,
  form: FormData,
  input: { author: string; publicAllowed: boolean }
): Promise<CustomFieldActionResult> {
  const intent = text(form, "intent");
  return db.transaction().execute(async (trx) => {
    const fields = await getCustomFields(trx, kind);
    if (intent === "add") {
      const values = valuesOf(form);
      if (!(CUSTOM_FIELD_TYPES as string[]).includes(values.type)) {
        return {
          ok: false,
          errors: {
            type: `Hãy chọn «${ADD_FIELD_LABELS.type}» trong danh sách`,
          },
          values,
        };
      }
      const type = values.type as CustomFieldType;
      const options = values.options
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
      const field: CustomField = {
        name: customFieldName(
          values.title || "truong",
          fields.map((f) => f.name)
        ),
        title: values.title,
        type,
      };
      if (values.required) field.required = true;
      if (values.help) field.help = values.help;
      if (values.public && input.publicAllowed) field.public = true;
      if (type === "choice" || options.length > 0) field.options = options;
      const saved = await saveCustomFields(trx, {
        kind,
        fields: [...fields, field],
        author: input.author,
        summary: `thêm trường «${values.title}» (${CUSTOM_FIELD_TYPE_LABELS[type]})`,
      });
      if (!saved.ok) {
        const errors: Partial<Record<AddFieldInput | "_form", string>> = {};
        for (const problem of saved.problems) {
          const at = inputOf(problem.pointer);
          errors[at] = errors[at] ? `${errors[at]}; ${problem.message}` : problem.message;
        }
        return { ok: false, errors, values };
      }
      return {
        ok: true,
        message: `Đã thêm trường «${field.title}». Trường hiện trong trang soạn thảo từ bây giờ.`,
      };
    }
    if (intent === "retire" || intent === "restore") {
      const name = text(form, "name");
      const field = fields.find((f) => f.name === name);
      if (!field)
        return {
          ok: false,
          errors: {
            _form: "Không tìm thấy trường này; có thể trang đã cũ, hãy tải lại trang",
          },
          values: null,
        };
      const retire = intent === "retire";
      const next = fields.map((f) => {
        if (f.name !== name) return f;
        const { retired: _was, ...rest } = f;
        return retire ? { ...rest, retired: true } : rest;
      });
      const summary = retire ? `ngừng sử dụng trường «${field.title}»` : `dùng lại trường «${field.title}»`;
      const saved = await saveCustomFields(trx, {
        kind,
        fields: next,
        author: input.author,
        summary,
      });
      if (!saved.ok)
        return {
          ok: false,
          errors: { _form: saved.problems.map((p) => p.message).join("; ") },
          values: null,
        };
      return {
        ok: true,
        message: retire
          ? `Đã ngừng sử dụng trường «${field.title}». Giá trị đã lưu trong các tài liệu vẫn được giữ và hiện là đã ngừng sử dụng.`
          : `Đã dùng lại trường «${field.title}».`,
      };
    }
    return {
      ok: false,
      errors: { _form: "Thao tác không hợp lệ" },
      values: null,
    };
  });
}
