import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { SelectField } from "~/components/ui/SelectField";
import { TableWrap } from "~/components/ui/TableWrap";
import { TextField } from "~/components/ui/TextField";
import { CUSTOM_FIELD_TYPE_LABELS, CUSTOM_FIELD_TYPES } from "~/domain/custom-fields";
import { formatDateTime } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import { describeCustomField, getCustomFieldList } from "~/models/custom-fields.server";
import { requireDeploymentUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { kindFromParams } from "../documents/list-query";

/** The kind named in the URL, if admins may add fields to it (else a 404, like an unknown kind). */
function extensibleKind(value: string | undefined) {
  const kind = kindFromParams(value);
  if (KINDS[kind].extensible === false) throw new Response("Loại tài liệu này không thêm trường bổ sung được", { status: 404 });
  return kind;
}
import { runCustomFieldAction } from "./custom-fields.server";
import { ADD_FIELD_LABELS } from "./labels";

/** Limits of the add form's inputs, the same as schemas/custom-fields.schema.json's. */
const TITLE_MAX = 200;
const HELP_MAX = 1000;
const OPTIONS_MAX_CHARS = 50 * 201;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireDeploymentUser(request, "schema:extend");
  const kind = extensibleKind(params.kind);
  const list = await getCustomFieldList(getDb(), kind);
  const flash = await takeFlash(request);
  return data(
    {
      kind,
      label: KINDS[kind].label,
      publicAllowed: KINDS[kind].publicCustomFields === true,
      version: list?.version ?? 0,
      changedAt: list?.createdAt ?? null,
      changedBy: list?.author ?? null,
      fields: (list?.fields ?? []).map((f) => ({
        ...f,
        description: describeCustomField(f),
      })),
      flash: flash.message,
    },
    { headers: flash.headers }
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireDeploymentUser(request, "schema:extend");
  const kind = extensibleKind(params.kind);
  const form = await request.formData();
  const result = await runCustomFieldAction(getDb(), kind, form, {
    author: user.username,
    publicAllowed: KINDS[kind].publicCustomFields === true,
  });
  if (!result.ok) return data(result, { status: 400 });
  return redirectWithFlash(request, `/admin/custom-fields/${kind}`, result.message);
}

export default function CustomFieldsOfKind() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok ? result.values : null;
  const active = page.fields.filter((f) => !f.retired);
  const retired = page.fields.filter((f) => f.retired);
  return (
    <main id="noi-dung" className="page page--wide">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to="/admin/custom-fields">Trường bổ sung</Link>
      </nav>
      <h1>Trường bổ sung: {page.label}</h1>
      {page.flash ? (
        <p className="notice" role="status">
          {page.flash}
        </p>
      ) : null}
      <p>
        Các trường thêm ở đây hiện trong trang soạn thảo của mọi tài liệu loại «{page.label}», được kiểm tra khi lưu và có trong tệp xuất danh mục
        {page.publicAllowed ? "; trường công khai hiện trên trang công khai" : ""}. Bỏ một trường không xóa giá trị đã lưu: trường được đánh dấu ngừng
        sử dụng và giá trị vẫn hiện (chỉ đọc) trong tài liệu.
      </p>
      {page.version > 0 ? (
        <p className="document-meta">
          Danh sách phiên bản {page.version} · sửa lần cuối {page.changedAt ? formatDateTime(page.changedAt) : ""} bởi {page.changedBy}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={ADD_FIELD_LABELS} />

      <h2>Trường đang dùng</h2>
      {active.length === 0 ? <p>Chưa có trường bổ sung nào.</p> : <FieldTable fields={active} action="retire" />}
      {retired.length > 0 ? (
        <>
          <h2>Trường đã ngừng sử dụng</h2>
          <FieldTable fields={retired} action="restore" />
        </>
      ) : null}

      <h2 id="them-truong">Thêm trường</h2>
      <Form method="post" className="stack" aria-labelledby="them-truong" key={page.version}>
        <input type="hidden" name="intent" value="add" />
        <TextField id="title" label={ADD_FIELD_LABELS.title} error={errors?.title} defaultValue={values?.title} maxLength={TITLE_MAX} required />
        <SelectField
          id="type"
          label={ADD_FIELD_LABELS.type}
          error={errors?.type}
          defaultValue={values?.type ?? "text"}
          options={CUSTOM_FIELD_TYPES.map((t) => [t, CUSTOM_FIELD_TYPE_LABELS[t]] as const)}
        />
        <div className={`field${errors?.options ? " field--error" : ""}`}>
          <label htmlFor="options">{ADD_FIELD_LABELS.options} (chỉ cho kiểu «Chọn một trong danh sách»: mỗi dòng một lựa chọn)</label>
          <FieldError id="options" message={errors?.options} />
          <textarea
            id="options"
            name="options"
            rows={4}
            defaultValue={values?.options}
            maxLength={OPTIONS_MAX_CHARS}
            aria-invalid={errors?.options ? true : undefined}
          />
        </div>
        <div className={`field${errors?.help ? " field--error" : ""}`}>
          <label htmlFor="help">{ADD_FIELD_LABELS.help} (không bắt buộc)</label>
          <FieldError id="help" message={errors?.help} />
          <textarea id="help" name="help" rows={2} defaultValue={values?.help} maxLength={HELP_MAX} aria-invalid={errors?.help ? true : undefined} />
        </div>
        <label className="checkbox">
          <input type="checkbox" name="required" defaultChecked={values?.required} /> {ADD_FIELD_LABELS.required} (tài liệu đã có phải điền trường này
          ở lần lưu tiếp theo)
        </label>
        {page.publicAllowed ? (
          <label className="checkbox">
            <input type="checkbox" name="public" defaultChecked={values?.public} /> {ADD_FIELD_LABELS.public}
          </label>
        ) : null}
        <p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            Thêm trường
          </button>
        </p>
      </Form>
    </main>
  );
}

function FieldTable({
  fields,
  action,
}: {
  fields: {
    name: string;
    title: string;
    description: string;
    required?: boolean;
    public?: boolean;
    help?: string;
  }[];
  action: "retire" | "restore";
}) {
  return (
    <TableWrap label={action === "retire" ? "Trường đang dùng" : "Trường đã ngừng sử dụng"}>
      <table>
        <thead>
          <tr>
            <th scope="col">Tên trường</th>
            <th scope="col">Kiểu dữ liệu</th>
            <th scope="col">Bắt buộc</th>
            <th scope="col">Công khai</th>
            <th scope="col">Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.name}>
              <th scope="row">
                {f.title}
                <br />
                <span className="code">{f.name}</span>
                {f.help ? (
                  <>
                    <br />
                    {f.help}
                  </>
                ) : null}
              </th>
              <td>{f.description}</td>
              <td>{f.required ? "Có" : "Không"}</td>
              <td>{f.public ? "Có" : "Không"}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value={action} />
                  <input type="hidden" name="name" value={f.name} />
                  <button type="submit" className="button button--secondary">
                    {action === "retire" ? "Ngừng sử dụng" : "Dùng lại"}
                    <span className="visually-hidden"> trường {f.title}</span>
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `Trường bổ sung: ${data.label} – Quản trị – Niêm Yết` : "Quản trị – Niêm Yết",
  },
];
