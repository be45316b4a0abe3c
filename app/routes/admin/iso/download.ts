import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfUnavailablePage } from "~/documents/print-pack-html.server";
import { isoDocumentHtml } from "~/documents/iso/iso-html.server";
import { isIsoFormat, renderIso } from "~/documents/iso/render.server";
import { PdfBusyError, PdfUnavailableError } from "~/utils/pdf.server";
import { PRINT_PAGE, REVISION_PARAM } from "~/documents/iso/shared";
import { requireIsoDocument } from "./access.server";

/**
 * `/admin/tai-lieu-iso/<kind>/<key>/<html|pdf|docx|svg|trang-in>[?ban=<n>]`: the ISO document as a file, or its
 * print-ready page. Without Chromium (or when it is busy) a PDF request gets a 503 page pointing to the print-ready
 * page, which prints the same.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const format = params.format ?? "";
  if (format === PRINT_PAGE) {
    const { doc } = await requireIsoDocument(request, params);
    return new Response(isoDocumentHtml(doc, { selfContained: false }), { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" } });
  }
  if (!isIsoFormat(format)) throw new Response("Định dạng không hỗ trợ (chọn html, pdf, docx hoặc svg)", { status: 404 });
  const { kind, key, doc } = await requireIsoDocument(request, params);
  try {
    const rendered = await renderIso(doc, format);
    if (!rendered) throw new Response("Tài liệu này không có lưu đồ", { status: 404 });
    return new Response(new Uint8Array(rendered.body), {
      headers: {
        "Content-Type": rendered.contentType,
        "Content-Disposition": `attachment; filename="${rendered.fileName}"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof PdfUnavailableError || error instanceof PdfBusyError) {
      const view = `/admin/tai-lieu-iso/${kind}/${encodeURIComponent(key)}/${PRINT_PAGE}?${REVISION_PARAM}=${doc.revision}`;
      return new Response(pdfUnavailablePage(view, error instanceof PdfBusyError ? "busy" : "missing", "tài liệu"), {
        status: 503,
        headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "60" },
      });
    }
    throw error;
  }
}
