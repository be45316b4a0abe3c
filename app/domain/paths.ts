/** Which part of the site a path belongs to; the server and the limits decide by these, in one place. */

export const isAdminPath = (pathname: string) => pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/admin.");

/** Pages for signed-in staff or about signing in: never stored by browsers or proxies (`no-store`). */
export const isPrivatePath = (pathname: string) => isAdminPath(pathname) || pathname === "/login" || pathname === "/logout";
