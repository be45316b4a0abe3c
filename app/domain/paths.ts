/** Which part of the site a path belongs to; the server and the limits decide by these, in one place. */

export const isAdminPath = (pathname: string) => pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/admin.");

/** Pages for signed-in staff or about signing in: never stored by browsers or proxies (`no-store`). */
export const isPrivatePath = (pathname: string) => isAdminPath(pathname) || isPreviewPath(pathname) || pathname === "/login" || pathname === "/logout";

/** The JSON API and its page: counted per client (API_LIMITS), open to other origins. */
export const isApiPath = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

/** A release previewed by staff before it goes live (/xem-truoc/<unit>/<number>/…). */
export const isPreviewPath = (pathname: string) => pathname.startsWith("/xem-truoc/");

/** Public pages, read from a commune's live release: cached per release (the server's page cache). */
export const isPublicPagePath = (pathname: string) =>
  !isPrivatePath(pathname) && !isApiPath(pathname) && !pathname.startsWith("/assets/") && pathname !== "/healthz" && pathname !== "/readyz" && !/\.(ico|png|svg|css|js|txt|xml|json|webmanifest|map)$/i.test(pathname);

/** The printable forms (/bieu-mau/<code>), where a citizen may fill a form in on the page. */
export const isFormPath = (pathname: string) => /^(\/xa\/\d{5}|\/xem-truoc\/\d{5}\/\d+)?\/bieu-mau\//.test(pathname);

/** Pages whose form library (rjsf) sets style attributes: the admin, and the fill-in of a printable form. */
export const usesInlineStyles = (pathname: string) => isPrivatePath(pathname) || isFormPath(pathname);

/** The print pack of release `number` of the commune acted in: its index, print-ready page and PDF (`?phan=` for one part). */
export function printPackPaths(number: number): { index: string; html: string; pdf: string } {
  const index = `/admin/releases/${number}/ban-in`;
  return { index, html: `${index}/trang-in`, pdf: `${index}.pdf` };
}

/** Where each spreadsheet export (app/exports) is downloaded (remix.config.js maps `<path>.xlsx` and `<path>.csv`), for the pages' links. */
export const EXPORT_PATHS = {
  catalog: "/admin/danh-muc",
  release: (number: number) => `/admin/releases/${number}/danh-muc`,
  report: "/admin/kiem-tra",
  audit: "/admin/audit",
} as const;

/** `/admin/kiem-tra` → its .xlsx and .csv addresses (with the page's query, e.g. the audit filters). */
export function exportHrefs(path: string, search = ""): { xlsx: string; csv: string } {
  return { xlsx: `${path}.xlsx${search}`, csv: `${path}.csv${search}` };
}

/** The admin's import of a procedure list from a spreadsheet (.xlsx, .csv): upload, column mapping, preview, confirm. */
export const LIST_IMPORT_PATH = "/admin/nhap/danh-sach";

/** The admin's import of national-portal records: the upload, its preview (the dry run) and the result. */
export const PORTAL_IMPORT_PATHS = {
  upload: "/admin/nhap/cong-dich-vu-cong",
  preview: "/admin/nhap/cong-dich-vu-cong/xem-truoc",
  result: "/admin/nhap/cong-dich-vu-cong/ket-qua",
} as const;
