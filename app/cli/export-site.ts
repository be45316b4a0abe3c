import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { formatNumber } from "~/domain/format";
import type { DB } from "~/utils/db.server";
import type * as Entry from "~/entry.server";
import { siteUrlOf } from "~/static-site/export.server";
import { folderSink } from "~/static-site/folder.server";
import { cliUnit } from "./units";
import { buildIfStale } from "../../scripts/build-if-stale.mjs";

export const EXPORT_SITE_HELP = `  export-site <thư-mục> [--unit <mã xã>] [--base-url <địa chỉ>]
                           Ghi bản niêm yết đang hiệu lực của xã, phường thành một trang tĩnh (HTML, CSS,
                           tìm kiếm và tính thời hạn, phí chạy không cần máy chủ; mở được cả từ file://).
                           --base-url: địa chỉ sẽ đăng thư mục (mã QR, sitemap.xml); mặc định https://<tên miền của xã>.
                           Xuất lại vào cùng thư mục chỉ ghi các tệp thay đổi`;

/**
 * `export-site`: the static site of a commune's live release (app/static-site/export.server.ts), rendered by the
 * built app itself — the same pages as the server's — into a folder, incrementally, with progress on stderr.
 */
export async function exportSiteCommand(db: DB, dir: string | undefined, values: { unit?: string; "base-url"?: string }): Promise<number> {
  if (!dir) {
    console.error("Thiếu thư mục đích: npm run cli -- export-site <thư-mục> --unit <mã xã>");
    return 1;
  }
  const unit = await cliUnit(db, values.unit);
  if (unit.level !== "commune") {
    console.error(`${unit.name} (${unit.code}) không phải xã, phường: trang tĩnh là của một xã, phường (--unit <mã xã>).`);
    return 1;
  }
  const address = values["base-url"] ?? (unit.hostName ? `https://${unit.hostName}` : null);
  if (!address) {
    console.error(`${unit.name} chưa có tên miền: cho biết địa chỉ sẽ đăng trang bằng --base-url, ví dụ --base-url https://hoaan.hanoi.gov.vn/niem-yet`);
    return 1;
  }
  const siteUrl = siteUrlOf(address);
  if (!siteUrl.ok) {
    console.error(`--base-url: ${siteUrl.message}`);
    return 1;
  }
  try {
    const sink = await folderSink(dir);
    const build = (await import(pathToFileURL(await buildIfStale()).href)) as ServerBuild & { entry: { module: typeof Entry } };
    const app = build.entry.module;
    const handle = createRequestHandler(build, "production");
    let shown = 0;
    const result = await app.exportSite({
      unitCode: unit.code,
      siteUrl: siteUrl.url,
      render: handle,
      emit: sink.emit,
      onProgress: ({ pages, known }) => {
        if (pages - shown >= 25 || pages === known) {
          shown = pages;
          console.error(`  … ${formatNumber(pages)}/${formatNumber(known)} trang`);
        }
      },
    });
    const stats = await sink.finish();
    console.log(
      `Đã xuất bản niêm yết số ${result.release} của ${result.unit.name} vào ${dir}: ${formatNumber(result.pages)} trang, ${formatNumber(result.files)} tệp ` +
        `(${formatNumber(stats.written)} ghi mới hoặc thay đổi, ${formatNumber(stats.unchanged)} không đổi, ${formatNumber(stats.removed)} xóa), ` +
        `${formatNumber(Math.round(result.bytes / 1024))} KB. Địa chỉ: ${siteUrl.url}/`,
    );
    return 0;
  } catch (error) {
    if (error instanceof Error && error.name === "SiteExportError") {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
