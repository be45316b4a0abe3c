/** Which part of the site a path belongs to; the server and the limits decide by these, in one place. */

export const isAdminPath = (pathname: string) => pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/admin.");

/** Pages for signed-in staff or about signing in: never stored by browsers or proxies (`no-store`). */
export const isPrivatePath = (pathname: string) => isAdminPath(pathname) || pathname === "/login" || pathname === "/logout";

/** The printable forms (/bieu-mau/<code>), where a citizen may fill a form in on the page. */
export const isFormPath = (pathname: string) => pathname.startsWith("/bieu-mau/");

/** Pages whose form library (rjsf) sets style attributes: the admin, and the fill-in of a printable form. */
export const usesInlineStyles = (pathname: string) => isPrivatePath(pathname) || isFormPath(pathname);
