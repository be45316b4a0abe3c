/** What both the server and the admin's pages need to know of ISO documents (no server code here). */

export type IsoMark = "draft" | "superseded" | null;

export const MARK_TEXT: Record<Exclude<IsoMark, null>, string> = {
  draft: "BẢN NHÁP",
  superseded: "HẾT HIỆU LỰC",
};

/** Where the documents' stylesheet is served (app/routes/iso-css.ts). */
export const ISO_CSS_PATH = "/tai-lieu-iso.css";

/** The print-ready page of a document (stylesheet linked, as this server's Content-Security-Policy requires). */
export const PRINT_PAGE = "trang-in";

/** `?ban=<n>`: the revision (issue) of an ISO document to show; absent, the issue in force. */
export const REVISION_PARAM = "ban";

/** The auditor's zip of the unit acting (app/routes/admin/iso/audit-pack.ts). */
export const AUDIT_PACK_PATH = "/admin/ho-so-danh-gia.zip";
