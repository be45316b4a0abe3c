import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FileSizeCheck } from "~/components/imports/FileSizeCheck";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatNumber } from "~/domain/format";
import { IMPORT_LIMITS } from "~/domain/limits";
import { problemText } from "~/imports/list/report";
import { columnLetter, TARGET_LABELS, TARGETS } from "~/imports/list/mapping";
import { OUTCOME_LABELS } from "~/imports/portal/report";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { requireWorkspace } from "~/utils/workspace.server";
import { back, chooseColumns, confirm, loadStep, upload, type ActionResult } from "./list.server";

/**
 * Importing a province's procedure list (.xlsx or .csv) into the unit's catalog (app/imports/list/): upload, choose
 * the columns (pre-filled with the remembered or guessed mapping), preview per row, confirm. Works without
 * JavaScript; with it, a file over the size limit is named before it is sent.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, user, unit } = await requireWorkspace(request, "catalog:edit");
  const flash = await takeFlash(request);
  return data({ unitName: unit.name, step: await loadStep(db, user.username), flash: flash.message }, { headers: flash.headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requireWorkspace(request, "catalog:edit");
  let result: ActionResult;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) result = await upload(db, user.username, request);
  else {
    const form = await request.formData();
    const intent = form.get("intent");
    if (intent === "map") result = await chooseColumns(db, user.username, form);
    else if (intent === "confirm") result = await confirm(db, user.username, String(form.get("fingerprint") ?? ""));
    else result = await back(db, user.username, intent === "back-to-mapping" ? "mapping" : "upload");
  }
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  return result.message ? redirectWithFlash(request, result.redirect, result.message) : redirect(result.redirect);
}

const SIZE_LIMIT = `${formatNumber(IMPORT_LIMITS.fileBytes / 1024 / 1024)} MB`;
const SOURCES: Record<string, string> = { remembered: "như lần nhập trước", guessed: "đoán theo tiêu đề cột", given: "đã chọn" };

function UploadStep() {
  return (
    <Form method="post" encType="multipart/form-data" className="stack">
      <h2>Bước 1: Chọn tệp</h2>
      <div className="field">
        <label htmlFor="tep">Tệp danh sách thủ tục (.xlsx hoặc .csv, tối đa {SIZE_LIMIT})</label>
        <FileSizeCheck id="tep" name="tep" accept=".xlsx,.csv" multiple={false} fileBytes={IMPORT_LIMITS.fileBytes} totalBytes={IMPORT_LIMITS.fileBytes} />
      </div>
      <div className="field">
        <label htmlFor="trang">Tên trang tính (để trống: trang đầu tiên có dữ liệu)</label>
        <input id="trang" name="trang" type="text" maxLength={100} />
      </div>
      <p>
        <button type="submit" className="button">
          Tải lên và ghép cột
        </button>
      </p>
    </Form>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>["step"];

function MappingStep({ step }: { step: Extract<Loaded, { step: "mapping" }> }) {
  const targetOf = (column: number) => TARGETS.find((t) => step.mapping[t] === column) ?? "";
  return (
    <>
      <h2>Bước 2: Ghép cột</h2>
      <p>
        Tệp «{step.file}», trang «{step.sheet}». Cách ghép cột gợi ý: {SOURCES[step.source] ?? step.source}. Cột «{TARGET_LABELS.code}» là bắt buộc; cột
        không ghép thì không nhập.
      </p>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="map" />
        <TableWrap label="Các cột của danh sách">
          <table>
            <thead>
              <tr>
                <th scope="col">Cột</th>
                <th scope="col">Tiêu đề</th>
                <th scope="col">Ví dụ</th>
                <th scope="col">Ghép với</th>
              </tr>
            </thead>
            <tbody>
              {step.headers.map((header, column) => (
                <tr key={column}>
                  <td>{columnLetter(column)}</td>
                  <td>{header || "(trống)"}</td>
                  <td>{step.samples[0]?.[column]?.slice(0, 80) ?? ""}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`cot-${column}`}>
                      Ghép cột {columnLetter(column)} với
                    </label>
                    <select id={`cot-${column}`} name={`cot-${column}`} defaultValue={targetOf(column)}>
                      <option value="">(không nhập)</option>
                      {TARGETS.map((t) => (
                        <option key={t} value={t}>
                          {TARGET_LABELS[t]}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p>
          <button type="submit" className="button">
            Xem trước
          </button>
        </p>
      </Form>
      <BackButton intent="back-to-upload" label="Chọn tệp khác" />
    </>
  );
}

function BackButton({ intent, label }: { intent: string; label: string }) {
  return (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className="button button--secondary">
        {label}
      </button>
    </Form>
  );
}

function PreviewStep({ step }: { step: Extract<Loaded, { step: "preview" }> }) {
  const { plan } = step;
  const count = (o: string) => plan.rows.filter((r) => r.outcome === o).length;
  return (
    <>
      <h2>Bước 3: Xem trước</h2>
      {plan.problems.length ? (
        <div className="error-summary" role="alert" aria-labelledby="loi-danh-sach" tabIndex={-1}>
          <h3 id="loi-danh-sach">Có {plan.problems.length} lỗi: không nhập gì cho đến khi sửa xong</h3>
          <ul>
            {plan.problems.map((p, i) => (
              <li key={i}>{problemText(p)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p role="status">
          {plan.rows.length} dòng: {count("create")} tạo mới, {count("update")} cập nhật, {count("unchanged")} không đổi.
        </p>
      )}
      <TableWrap label="Kết quả từng dòng">
        <table>
          <thead>
            <tr>
              <th scope="col">Dòng</th>
              <th scope="col">Mã thủ tục</th>
              <th scope="col">Tên thủ tục</th>
              <th scope="col">Kết quả</th>
              <th scope="col">Thay đổi và cảnh báo</th>
            </tr>
          </thead>
          <tbody>
            {plan.rows.map((r) => (
              <tr key={r.row}>
                <td>{r.row}</td>
                <td>{r.code}</td>
                <td>{r.name}</td>
                <td>{OUTCOME_LABELS[r.outcome]}</td>
                <td>
                  <ul className="plain-list">
                    {r.changes.map((c, i) => (
                      <li key={i}>
                        {c.path}: {"before" in c && c.before !== undefined ? `${c.before} → ` : ""}
                        {"after" in c && c.after !== undefined ? c.after : c.kind === "removed" ? "(xóa)" : ""}
                      </li>
                    ))}
                    {r.warnings.map((w, i) => (
                      <li key={`w${i}`}>
                        Cảnh báo, cột {w.column}: {w.message}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {plan.problems.length === 0 ? (
        <Form method="post">
          <input type="hidden" name="fingerprint" value={plan.fingerprint} />
          <button type="submit" name="intent" value="confirm" className="button">
            Xác nhận nhập ({count("create") + count("update")} bản nháp gửi duyệt)
          </button>
        </Form>
      ) : null}
      <BackButton intent="back-to-mapping" label="Sửa cách ghép cột" />
      <BackButton intent="back-to-upload" label="Chọn tệp khác" />
    </>
  );
}

export default function ListImport() {
  const { unitName, step, flash } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <main id="noi-dung" className="page stack">
      <h1>Nhập danh sách thủ tục</h1>
      <p>
        Nhập danh sách thủ tục (Excel .xlsx hoặc .csv) vào danh mục của {unitName}. Mỗi dòng cập nhật thủ tục có cùng mã, hoặc tạo thủ tục mới khi dòng
        có đủ thông tin bắt buộc; thay đổi thành bản nháp gửi duyệt. Có lỗi ở dòng nào thì không nhập gì.
      </p>
      {flash ? (
        <p className="notice" role="status">
          {flash}
        </p>
      ) : null}
      {error ? (
        <div className="error-summary" role="alert" aria-labelledby="loi-buoc" tabIndex={-1}>
          <h2 id="loi-buoc">Có lỗi cần sửa</h2>
          <p>{error}</p>
        </div>
      ) : null}
      {step.step === "upload" ? <UploadStep /> : step.step === "mapping" ? <MappingStep step={step} /> : <PreviewStep step={step} />}
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Nhập danh sách thủ tục – Quản trị – Niêm Yết" }];
