import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildAuditPack } from "~/documents/iso/audit-pack.server";
import { getDb } from "~/utils/db.server";
import { PdfBusyError, PdfUnavailableError } from "~/utils/pdf.server";
import { requireWorkspace } from "~/utils/workspace.server";

/**
 * `/admin/ho-so-danh-gia.zip`: the audit pack of the unit acted in (app/documents/iso/audit-pack.server.ts), for
 * those who audit. Without Chromium the pack cannot hold its PDFs: 503, saying so.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { unit, units, db, user } = await requireWorkspace(request, "audit:read");
  // The audit log entries of the unit and of the province whose documents it applies, as far as the account reads them.
  const wanted = [unit.code, ...(unit.parentCode ? [unit.parentCode] : [])];
  const auditUnits = user.unitCode === null ? wanted : wanted.filter((code) => units.some((u) => u.code === code));
  try {
    const pack = await buildAuditPack(getDb(), db, { unit, auditUnits });
    return new Response(new Uint8Array(pack.zip), {
      headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${pack.fileName}"`, "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    if (error instanceof PdfUnavailableError || error instanceof PdfBusyError) {
      return new Response(
        error instanceof PdfBusyError
          ? "Máy chủ đang bận tạo tệp PDF; hãy tải lại bộ hồ sơ sau ít phút.\n"
          : "Máy chủ chưa có Chromium nên chưa tạo được các tệp PDF của bộ hồ sơ đánh giá; hãy báo người quản trị hệ thống. Từng tài liệu vẫn tải được dạng DOCX ở trang Tài liệu ISO.\n",
        { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60" } },
      );
    }
    throw error;
  }
}
