import { useEffect, useState } from "react";
import {
  addField,
  FIELD_TYPE_LABELS,
  FIELD_TYPES,
  fieldsOf,
  moveField,
  readDefinition,
  removeField,
  updateField,
  type BuilderField,
  type FieldType,
  type FormDefinition,
} from "~/domain/form-builder";
import { jsonSyntaxMessage } from "~/domain/json-text";
import { paperLayout } from "~/domain/paper-form";
import type { FieldProblem } from "~/domain/problems";
import FillForm from "./FillForm";
import { PaperForm } from "./PaperForm";

/**
 * The form builder: the fields of a form (biểu mẫu) as a visual list, or as JSON, editing the same schema and UI
 * schema (app/domain/form-builder.ts), with a live on-screen preview and the A4 paper preview. Saving goes
 * through the document's editor, so the server checks the schema against the JSON Schema meta-schema.
 */
export function FormBuilder({
  value,
  onChange,
  problems,
  readOnly,
}: {
  value: FormDefinition;
  onChange: (def: FormDefinition) => void;
  problems: readonly FieldProblem[];
  readOnly: boolean;
}) {
  const [tab, setTab] = useState<"fields" | "json">("fields");
  const [sample, setSample] = useState<unknown>({});
  const fields = fieldsOf(value.schema, value.uiSchema);
  const schemaProblems = problems.filter((p) => p.pointer === "/schema" || p.pointer.startsWith("/schema/") || p.pointer.startsWith("/uiSchema"));
  return (
    <section className="builder" aria-labelledby="builder-title">
      <h2 id="builder-title">Các trường của mẫu</h2>
      {schemaProblems.length > 0 ? (
        <ul className="field-error" role="alert">
          {schemaProblems.map((p, i) => (
            <li key={i}>
              {p.fieldTitle}: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="builder-tabs" role="group" aria-label="Cách soạn">
        <button type="button" className="button button--secondary" aria-pressed={tab === "fields"} onClick={() => setTab("fields")}>
          Danh sách trường
        </button>
        <button type="button" className="button button--secondary" aria-pressed={tab === "json"} onClick={() => setTab("json")}>
          JSON
        </button>
      </div>
      {tab === "fields" ? (
        <div className="field">
          <label htmlFor="builder-form-title">Tiêu đề in trên mẫu</label>
          <input
            id="builder-form-title"
            value={value.schema.title ?? ""}
            maxLength={500}
            readOnly={readOnly}
            placeholder="Ví dụ: Tờ khai đăng ký khai sinh"
            onChange={(e) => onChange({ ...value, schema: { ...value.schema, title: e.target.value } })}
          />
        </div>
      ) : null}
      {tab === "fields" ? (
        <FieldList fields={fields} parent={[]} parentTitle={null} value={value} onChange={onChange} readOnly={readOnly} />
      ) : (
        <JsonTab value={value} onChange={onChange} readOnly={readOnly} />
      )}
      <div className="builder-previews">
        <section aria-labelledby="builder-preview">
          <h3 id="builder-preview">Xem trước trên màn hình</h3>
          <div className="fill-in">
            <FillForm schema={value.schema as never} uiSchema={value.uiSchema as never} values={sample} onChange={setSample} />
          </div>
        </section>
        <section aria-labelledby="builder-paper">
          <h3 id="builder-paper">Xem trước bản in A4</h3>
          <PaperForm layout={paperLayout(value.schema, value.uiSchema, "(Chưa có tiêu đề in trên mẫu)")} templateLine={null} />
        </section>
      </div>
    </section>
  );
}

function FieldList({
  fields,
  parent,
  parentTitle,
  value,
  onChange,
  readOnly,
}: {
  fields: BuilderField[];
  parent: string[];
  parentTitle: string | null;
  value: FormDefinition;
  onChange: (def: FormDefinition) => void;
  readOnly: boolean;
}) {
  return (
    <div className="builder-list">
      {fields.length === 0 ? <p>Chưa có trường nào{parentTitle ? ` trong «${parentTitle}»` : ""}.</p> : null}
      {fields.map((field, index) => (
        <FieldEditor key={field.path.join("/")} field={field} first={index === 0} last={index === fields.length - 1} value={value} onChange={onChange} readOnly={readOnly} />
      ))}
      {readOnly ? null : <AddField parent={parent} parentTitle={parentTitle} value={value} onChange={onChange} />}
    </div>
  );
}

/** Adds a field by its title (the technical name is made from it once, then stays). */
function AddField({ parent, parentTitle, value, onChange }: { parent: string[]; parentTitle: string | null; value: FormDefinition; onChange: (def: FormDefinition) => void }) {
  const [title, setTitle] = useState("");
  const id = `b-add-${parent.join("-") || "goc"}`;
  const label = parentTitle ? `Thêm trường vào «${parentTitle}»` : "Thêm trường";
  const add = () => {
    if (!title.trim()) return;
    onChange(addField(value, parent, title.trim()).def);
    setTitle("");
  };
  return (
    <div className="builder-add">
      <label htmlFor={id}>Tên trường mới</label>
      <input
        id={id}
        value={title}
        maxLength={500}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => {
          // Enter adds the field; it must not submit (save) the whole document.
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          }
        }}
      />
      <button type="button" className="button button--small button--secondary" disabled={!title.trim()} onClick={add}>
        {label}
      </button>
    </div>
  );
}

function FieldEditor({
  field,
  first,
  last,
  value,
  onChange,
  readOnly,
}: {
  field: BuilderField;
  first: boolean;
  last: boolean;
  value: FormDefinition;
  onChange: (def: FormDefinition) => void;
  readOnly: boolean;
}) {
  const id = `b-${field.path.join("-")}`;
  const set = (change: Parameters<typeof updateField>[2]) => onChange(updateField(value, field.path, change));
  const container = field.type === "group" || field.type === "repeat";
  return (
    <fieldset className="builder-field" id={id} disabled={readOnly}>
      <legend>
        {field.title} <span className="document-meta">({FIELD_TYPE_LABELS[field.type]})</span>
      </legend>
      <div className="builder-grid">
        <div className="field">
          <label htmlFor={`${id}-title`}>Tên trường</label>
          <input id={`${id}-title`} value={field.title} maxLength={500} onChange={(e) => set({ title: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Kiểu</label>
          <select id={`${id}-type`} value={field.type} onChange={(e) => set({ type: e.target.value as FieldType })}>
            {FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {FIELD_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-help`}>Hướng dẫn điền</label>
          <input id={`${id}-help`} value={field.help} maxLength={1000} onChange={(e) => set({ help: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-legal`}>Căn cứ pháp lý của trường</label>
          <input id={`${id}-legal`} value={field.legalBasis} maxLength={500} placeholder="Ví dụ: Điều 16 Luật Hộ tịch" onChange={(e) => set({ legalBasis: e.target.value })} />
        </div>
        {container ? null : (
          <div className="field">
            <label htmlFor={`${id}-width`}>Độ rộng trên giấy</label>
            <select id={`${id}-width`} value={field.width} onChange={(e) => set({ width: e.target.value as "full" | "half" })}>
              <option value="full">Cả dòng</option>
              <option value="half">Nửa dòng</option>
            </select>
          </div>
        )}
      </div>
      {field.type === "choice" ? <OptionsEditor id={`${id}-options`} options={field.options} onChange={(options) => set({ options })} /> : null}
      <p className="builder-checks">
        <label className="checkbox">
          <input type="checkbox" checked={field.required} onChange={(e) => set({ required: e.target.checked })} /> Bắt buộc
        </label>
        {field.type === "group" ? (
          <label className="checkbox">
            <input type="checkbox" checked={field.official} onChange={(e) => set({ official: e.target.checked })} /> Phần dành cho cơ quan đăng ký
          </label>
        ) : null}
      </p>
      {container ? (
        <FieldList fields={field.children} parent={field.path} parentTitle={field.title} value={value} onChange={onChange} readOnly={readOnly} />
      ) : null}
      {readOnly ? null : (
        <p className="builder-actions">
          <button type="button" className="button button--small button--secondary" disabled={first} onClick={() => onChange(moveField(value, field.path, -1))}>
            Lên<span className="visually-hidden"> (trường {field.title})</span>
          </button>{" "}
          <button type="button" className="button button--small button--secondary" disabled={last} onClick={() => onChange(moveField(value, field.path, 1))}>
            Xuống<span className="visually-hidden"> (trường {field.title})</span>
          </button>{" "}
          <button type="button" className="button button--small button--danger" onClick={() => onChange(removeField(value, field.path))}>
            Xóa trường<span className="visually-hidden"> {field.title}</span>
          </button>
        </p>
      )}
    </fieldset>
  );
}

/** One choice per line; kept as typed while typing, applied without blank lines. */
function OptionsEditor({ id, options, onChange }: { id: string; options: string[]; onChange: (options: string[]) => void }) {
  const [text, setText] = useState(options.join("\n"));
  return (
    <div className="field">
      <label htmlFor={id}>Các lựa chọn (mỗi dòng một lựa chọn)</label>
      <textarea
        id={id}
        rows={3}
        value={text}
        maxLength={10000}
        onChange={(e) => {
          setText(e.target.value);
          onChange(
            e.target.value
              .split("\n")
              .map((l) => l.trim())
              .filter(Boolean),
          );
        }}
      />
    </div>
  );
}

function JsonTab({ value, onChange, readOnly }: { value: FormDefinition; onChange: (def: FormDefinition) => void; readOnly: boolean }) {
  const serialized = JSON.stringify({ schema: value.schema, uiSchema: value.uiSchema }, null, 2);
  const [text, setText] = useState(serialized);
  const [message, setMessage] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  // Changes made elsewhere (the field list) show here, unless the text being typed is not valid yet.
  useEffect(() => {
    if (message === null) setText(serialized);
  }, [serialized]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="field">
      <label htmlFor="builder-json">Lược đồ JSON của mẫu (schema và uiSchema)</label>
      {message ? (
        <p className="field-error" id="builder-json-error" role="alert">
          {message}
        </p>
      ) : null}
      <textarea
        id="builder-json"
        className="builder-json"
        rows={24}
        spellCheck={false}
        readOnly={readOnly}
        value={text}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? "builder-json-error" : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const read = readDefinition(e.target.value, jsonSyntaxMessage);
          if (!read.ok) {
            setMessage(read.message);
            return;
          }
          setMessage(null);
          setWarnings(read.warnings);
          onChange(read.def);
        }}
      />
      {warnings.length > 0 ? (
        <ul className="typed-note">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
