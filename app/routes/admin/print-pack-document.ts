import type { LoaderFunctionArgs } from "@remix-run/node";
import { partOf, PART_PARAM } from "~/documents/print-pack.server";
import { pdfUnavailablePage, printPackFileName, printPackFooter, printPackHtml } from "~/documents/print-pack-html.server";
import { htmlToPdf, pdfAvailable, PdfBusyError, PdfUnavailableError } from "~/utils/pdf.server";
import { printPackPaths } from "~/domain/paths";
import { requirePrintPack } from "./print-pack.server";

/**
 * The print pack of a release, whole or one part (`?phan=`): as a print-ready page
 * (/admin/releases/<n>/ban-in/trang-in) and as a PDF printed by Chromium (/admin/releases/<n>/ban-in.pdf). A server
 * without Chromium answers the PDF with 503 and a page leading to the print-ready page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { pack, release, unitCode } = await requirePrintPack(request, params);
  const url = new URL(request.url);
  const slug = url.searchParams.get(PART_PARAM);
  const part = partOf(pack, slug);
  if (part === undefined) throw new Response("Không có phần này trong bộ niêm yết", { status: 404 });
  const headers = { "Cache-Control": "no-store" };
  if (!url.pathname.endsWith(".pdf")) {
    return new Response(printPackHtml(pack, part, { inlineStyles: false }), { headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
  }
  const printPage = `${printPackPaths(release.number).html}${slug ? `?${PART_PARAM}=${encodeURIComponent(slug)}` : ""}`;
  const unavailable = (reason: "missing" | "busy") =>
    new Response(pdfUnavailablePage(printPage, reason), {
      status: 503,
      headers: { ...headers, "Content-Type": "text/html; charset=utf-8", ...(reason === "busy" ? { "Retry-After": "30" } : {}) },
    });
  if (!pdfAvailable()) return unavailable("missing");
  const started = Date.now();
  try {
    const pdf = await htmlToPdf(printPackHtml(pack, part, { inlineStyles: true }), { footerText: printPackFooter(pack) });
    console.info(`[pdf] print pack ${unitCode}/${release.number}${slug ? ` ${slug}` : ""}: ${pdf.length} bytes in ${Date.now() - started} ms`);
    const fileName = printPackFileName(unitCode, release.number, slug);
    return new Response(new Uint8Array(pdf), {
      headers: {
        ...headers,
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${fileName.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      },
    });
  } catch (error) {
    if (error instanceof PdfUnavailableError || error instanceof PdfBusyError) {
      console.warn(`[pdf] print pack ${unitCode}/${release.number}: ${error.message}`);
      return unavailable(error instanceof PdfBusyError ? "busy" : "missing");
    }
    throw error;
  }
}
