import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FileSizeCheck } from "~/components/imports/FileSizeCheck";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { formatDateTime } from "~/domain/format";
import { BODY_LIMITS, IMPORT_LIMITS } from "~/domain/limits";
import { PORTAL_IMPORT_PATHS } from "~/domain/paths";
import { planPortalImport } from "~/imports/portal/import.server";
import { savePendingImport } from "~/imports/pending.server";
import { takeFlash } from "~/utils/flash.server";
import { requireWorkspace } from "~/utils/workspace.server";
import { pendingPortalImport, readPortalUpload } from "./portal.server";

export const handle = { hydrate: true };

/** The form field of the file input. */
const UPLOAD_FIELD = "tep";

/**
 * Step 1 of importing national-portal records: the officer uploads .json records or a zip of them. They are kept
 * as the officer's pending import (app/imports/pending.server.ts) and the preview follows; nothing is
 * written to the catalog before the officer confirms there.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const workspace = await requireWorkspace(request, "catalog:edit");
  const pending = await pendingPortalImport(workspace);
  const flash = await takeFlash(request);
  return data(
    {
      unitName: workspace.unit.name,
      pending: pending ? { createdAt: pending.createdAt ?? "", files: pending.files.map((f) => f.name) } : null,
      limits: { fileBytes: IMPORT_LIMITS.fileBytes, uploadBytes: BODY_LIMITS.admin, files: IMPORT_LIMITS.files },
      flash: flash.message,
    },
    { headers: flash.headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireWorkspace(request, "catalog:edit");
  const upload = await readPortalUpload(request, UPLOAD_FIELD);
  if (!upload.ok) return data({ errors: { [UPLOAD_FIELD]: `${upload.refusal.file}: ${upload.refusal.message}. Không ghi gì.` } }, { status: 400 });
  const plan = await planPortalImport(db, upload.files);
  await savePendingImport(db, { username: user.username, source: "portal", pending: { files: upload.files, options: {}, fingerprint: plan.fingerprint } });
  return redirect(PORTAL_IMPORT_PATHS.preview);
}

const LABELS = { [UPLOAD_FIELD]: "Tệp bản ghi" };

export default function PortalUpload() {
  const { unitName, pending, limits, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.errors[UPLOAD_FIELD];
  return (
    <main id="noi-dung" className="page page--wide">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to="/admin/procedure">Thủ tục</Link> › Nhập từ Cổng Dịch vụ công quốc gia
      </nav>
      <h1>Nhập thủ tục từ Cổng Dịch vụ công quốc gia</h1>
      {flash ? (
        <p className="notice" role="status">
          {flash}
        </p>
      ) : null}
      <ErrorSummary errors={result?.errors} labels={LABELS} />
      <p>
        Nhập vào danh mục của {unitName} các bản ghi thủ tục của Cổng Dịch vụ công quốc gia: bản ghi API (dạng {"{code: OK, data}"} hoặc bản
        ghi trần) hoặc bản xuất dữ liệu cũ (MATTHC, TENTTHC…). Sau khi tải lên, trang xem trước cho biết từng thủ tục sẽ được tạo mới hay
        cập nhật những gì; chưa có gì được ghi cho đến khi bạn xác nhận. Thủ tục mới hoặc thay đổi trở thành bản nháp gửi duyệt.
      </p>
      {pending ? (
        <p className="panel">
          Bạn có một lần nhập đang chờ xác nhận (tải lên lúc {formatDateTime(pending.createdAt)}: {pending.files.join(", ")}).{" "}
          <Link to={PORTAL_IMPORT_PATHS.preview}>Xem trước và xác nhận</Link>. Tải lên tệp mới sẽ thay thế lần nhập đó.
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="panel import-upload">
        <div className={error ? "field field--error" : "field"}>
          <label htmlFor={UPLOAD_FIELD}>{LABELS[UPLOAD_FIELD]}</label>
          <p className="muted" id={`${UPLOAD_FIELD}-hint`}>
            Một hoặc nhiều tệp .json, hoặc một tệp .zip chứa các tệp .json. Mỗi tệp tối đa {Math.round(limits.fileBytes / 1024 / 1024)} MB; cả
            lần tải lên tối đa {Math.round(limits.uploadBytes / 1024 / 1024)} MB và {limits.files} tệp.
          </p>
          <FieldError id={UPLOAD_FIELD} message={error} />
          <FileSizeCheck
            id={UPLOAD_FIELD}
            name={UPLOAD_FIELD}
            accept=".json,.zip,application/json,application/zip"
            describedBy={`${UPLOAD_FIELD}-hint${error ? ` ${UPLOAD_FIELD}-error` : ""}`}
            fileBytes={limits.fileBytes}
            totalBytes={limits.uploadBytes}
          />
        </div>
        <button type="submit" className="button">
          Tải lên và xem trước
        </button>
      </Form>
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Nhập thủ tục từ Cổng Dịch vụ công quốc gia – Quản trị – Niêm Yết" }];
