import { renderToStaticMarkup } from "react-dom/server";
import { PrintPackDocument } from "~/components/print/PrintPackDocument";
import printCss from "~/styles/print-pack.css?raw";
import printCssUrl from "~/styles/print-pack.css?url";
import type { PrintPack, PrintPart } from "./print-pack.server";

/**
 * The print pack as a complete HTML document: with its stylesheet linked (the print-ready page, under the site's
 * Content-Security-Policy, which forbids inline styles) or inlined (the self-contained document Chromium prints
 * to PDF with no network).
 */
export function printPackHtml(pack: PrintPack, part: PrintPart | null, { inlineStyles }: { inlineStyles: boolean }): string {
  const stylesheet = inlineStyles ? { css: printCss } : { href: printCssUrl };
  return `<!DOCTYPE html>${renderToStaticMarkup(<PrintPackDocument pack={pack} part={part} title={printPackTitle(pack, part)} stylesheet={stylesheet} />)}`;
}

/** The document's title (and the PDF's): what it is, for which commune and release. */
export function printPackTitle(pack: PrintPack, part: PrintPart | null): string {
  const what =
    part === null
      ? "Bộ niêm yết"
      : part.kind === "cover"
        ? "Trang bìa"
        : part.kind === "placard"
          ? "Bộ quy tắc ứng xử"
          : `Lĩnh vực ${pack.fields.find((f) => f.code === part.code)?.name ?? part.code}`;
  return `${what} – ${pack.unitName} – Bản niêm yết số ${pack.release.number}`;
}

/** The text at the foot of every PDF page (beside "Trang x/y"); a draft says so on every page. */
export function printPackFooter(pack: PrintPack): string {
  const draft = pack.release.status === "draft" ? " – BẢN NHÁP, chưa công bố" : "";
  return `${pack.communeName} – Bản niêm yết số ${pack.release.number}${draft}`;
}

/** A file name for the PDF: "ban-niem-yet-00000-so-1[-linh-vuc-G15-TP07].pdf". */
export function printPackFileName(unit: string, number: number, slug: string | null): string {
  return `ban-niem-yet-${unit}-so-${number}${slug ? `-${slug}` : ""}.pdf`;
}

/** The answer when no PDF can be made (503): the print-ready page still prints from the browser. */
export function pdfUnavailablePage(printPage: string, reason: "missing" | "busy", what = "bộ niêm yết"): string {
  const title = reason === "missing" ? "Máy chủ chưa tạo được tệp PDF" : "Máy chủ đang bận tạo tệp PDF";
  return `<!DOCTYPE html>${renderToStaticMarkup(
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – Niêm Yết`}</title>
        <link rel="stylesheet" href={printCssUrl} />
      </head>
      <body>
        <main className="pack">
          <h1>{title}</h1>
          <p>
            {reason === "missing"
              ? "Tệp PDF được tạo bằng trình duyệt Chromium cài trên máy chủ; máy chủ này chưa có Chromium (hoặc Chromium không khởi động được). Hãy báo người quản trị hệ thống."
              : "Có nhiều yêu cầu tạo tệp PDF cùng lúc hoặc yêu cầu này quá thời gian cho phép. Hãy thử lại sau ít phút."}
          </p>
          <p>
            Trong lúc chờ, vẫn in được {what} từ trình duyệt: mở <a href={printPage}>trang in</a>, chọn lệnh In của trình duyệt (Ctrl+P), khổ
            giấy A4.
          </p>
        </main>
      </body>
    </html>,
  )}`;
}
