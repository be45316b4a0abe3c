import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/domain/format";
import { exportSite, siteUrlOf, type RenderPage } from "~/static-site/export.server";
import { liveCatalog } from "~/models/release.server";
import { getDb } from "~/utils/db.server";
import { zipSink } from "~/static-site/folder.server";
import { requireWorkspace } from "~/utils/workspace.server";

/**
 * `GET /admin/trang-tinh.zip?dia-chi=<address>`: the commune's live release as a static site (app/static-site), in one
 * zip for the portal vendor — what `npm run cli -- export-site` writes, for approvers. `dia-chi`: where the folder will
 * be published (QR codes, sitemap.xml); without it, https://<the commune's domain> when it has one.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { unit } = await requireWorkspace(request, "catalog:publish");
  const text = (status: number, message: string) =>
    new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  if (unit.level !== "commune") return text(400, "Trang tĩnh là của một xã, phường: hãy chọn xã, phường làm việc.");
  const asked = new URL(request.url).searchParams.get("dia-chi")?.trim();
  const address = asked || (unit.hostName ? `https://${unit.hostName}` : null);
  if (!address) return text(400, "Hãy cho biết địa chỉ sẽ đăng trang (ví dụ https://hoaan.hanoi.gov.vn/niem-yet): mã QR và sitemap.xml trỏ tới đó.");
  const siteUrl = siteUrlOf(address);
  if (!siteUrl.ok) return text(400, siteUrl.message);
  const render = (context as { renderPage?: RenderPage }).renderPage;
  if (!render) return text(503, "Máy chủ này không xuất được trang tĩnh (chạy bằng scripts/server.mjs).");
  const folder = `niem-yet-${unit.code}`;
  const zip = zipSink(folder);
  const options = { unitCode: unit.code, siteUrl: siteUrl.url, render, emit: zip.emit };
  // Nothing to export yet: a message, not a broken zip.
  if (!(await liveCatalog(getDb(), unit.code))) return text(409, `${unit.name} chưa công bố bản niêm yết nào: chưa có gì để xuất.`);
  const started = exportSite(options);
  started.then(
    () => zip.end(),
    (error: unknown) => {
      console.error("[site-export]", error instanceof Error ? error.message : error);
      zip.stream.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return new Response(createReadableStreamFromReadable(zip.stream), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${folder}-${todayInVietnam()}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}
