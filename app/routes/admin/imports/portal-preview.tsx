import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PortalPreviewRecords, PortalProblems } from "~/components/imports/PortalPreview";
import { formatDateTime, formatNumber } from "~/domain/format";
import { PORTAL_IMPORT_PATHS } from "~/domain/paths";
import { applyPortalImport } from "~/imports/portal/import.server";
import { describeApplied, OUTCOME_LABELS } from "~/imports/portal/report";
import { deletePendingImport, pendingExpiresAt, savePendingImport } from "~/imports/pending.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { requireWorkspace } from "~/utils/workspace.server";
import { pendingPortalImport, portalPreview } from "./portal.server";

export const handle = { hydrate: true };

/**
 * Step 2: the dry run of the officer's pending import, computed afresh against the catalog as it is now; the
 * officer confirms exactly the plan shown (its fingerprint) or cancels. With any problem nothing can be confirmed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const workspace = await requireWorkspace(request, "catalog:edit");
  const pending = await pendingPortalImport(workspace);
  if (!pending) throw redirect(PORTAL_IMPORT_PATHS.upload);
  const preview = await portalPreview(workspace.db, pending.files);
  return { unitName: workspace.unit.name, createdAt: pending.createdAt ?? "", expiresAt: pendingExpiresAt(pending), ...preview };
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

export async function action({ request }: ActionFunctionArgs) {
  const workspace = await requireWorkspace(request, "catalog:edit");
  const { db, unit, user } = workspace;
  const owner = { username: user.username, source: "portal" as const };
  const form = await request.formData();
  const pending = await pendingPortalImport(workspace);
  if (!pending) return redirectWithFlash(request, PORTAL_IMPORT_PATHS.upload, "Không có lần nhập nào đang chờ xác nhận (hoặc đã quá hạn): hãy tải tệp lên lại.");
  if (form.get("intent") === "cancel") {
    await deletePendingImport(db, owner);
    return redirectWithFlash(request, PORTAL_IMPORT_PATHS.upload, "Đã hủy lần nhập: không ghi gì vào danh mục.");
  }
  const fingerprint = String(form.get("fingerprint") ?? "");
  if (form.get("intent") !== "confirm" || !FINGERPRINT.test(fingerprint)) return data({ message: "Yêu cầu xác nhận không hợp lệ: hãy xem trước lại." }, { status: 400 });
  const result = await applyPortalImport(db, { files: pending.files, author: user.username, fingerprint, via: "web" });
  if (!result.ok) {
    // The page shows the fresh plan (the loader runs again) under this message.
    await savePendingImport(db, { ...owner, pending: { ...pending, fingerprint: result.plan.fingerprint } });
    return data({ message: result.message }, { status: 409 });
  }
  await deletePendingImport(db, owner);
  const written = result.plan.records.filter((r) => r.outcome !== "unchanged").map((r) => r.code);
  const query = new URLSearchParams(written.slice(0, RESULT_LINKS_MAX).map((code) => ["ma", code]));
  return redirectWithFlash(request, `${PORTAL_IMPORT_PATHS.result}?${query}`, `Đã nhập vào ${unit.name}: ${describeApplied(result)}`);
}

/** The result page links to at most this many documents (the URL stays short); the rest are in the list. */
const RESULT_LINKS_MAX = 100;

export default function PortalImportPreview() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const count = (outcome: keyof typeof OUTCOME_LABELS) => page.records.filter((r) => r.outcome === outcome).length;
  const writes = page.records.some((r) => r.outcome !== "unchanged" || r.createsField);
  const blocked = page.problems.length > 0;
  return (
    <main id="noi-dung" className="page page--wide">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to="/admin/procedure">Thủ tục</Link> › <Link to={PORTAL_IMPORT_PATHS.upload}>Nhập từ Cổng Dịch vụ công quốc gia</Link> › Xem trước
      </nav>
      <h1>Xem trước lần nhập</h1>
      {result ? (
        <p className="error-summary" role="alert">
          {result.message}
        </p>
      ) : null}
      <p>
        Vào danh mục của {page.unitName}, từ {page.files.map((f) => f.name).join(", ")} (tải lên lúc {formatDateTime(page.createdAt)}, giữ đến{" "}
        {formatDateTime(page.expiresAt)}). Chưa có gì được ghi.
      </p>
      {blocked ? <PortalProblems problems={page.problems} /> : null}
      <p role="status">
        {formatNumber(page.records.length)} bản ghi đọc được: {formatNumber(count("create"))} {OUTCOME_LABELS.create.toLowerCase()},{" "}
        {formatNumber(count("update"))} {OUTCOME_LABELS.update.toLowerCase()}, {formatNumber(count("unchanged"))} {OUTCOME_LABELS.unchanged.toLowerCase()}.
        {!blocked && !writes ? " Không có gì thay đổi: xác nhận cũng không ghi gì." : null}
      </p>
      <Form method="post" className="import-actions">
        <input type="hidden" name="fingerprint" value={page.fingerprint} />
        {!blocked && writes ? (
          <button type="submit" name="intent" value="confirm" className="button">
            Xác nhận nhập và gửi duyệt
          </button>
        ) : null}
        <button type="submit" name="intent" value="cancel" className="button button--secondary">
          {blocked || !writes ? "Bỏ lần nhập này" : "Hủy, không nhập"}
        </button>
      </Form>
      {page.records.length > 0 ? (
        <section aria-labelledby="cac-ban-ghi">
          <h2 id="cac-ban-ghi">Các bản ghi</h2>
          <PortalPreviewRecords records={page.records} />
        </section>
      ) : null}
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Xem trước lần nhập từ Cổng Dịch vụ công quốc gia – Quản trị – Niêm Yết" }];
