import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { can, ROLE_LABELS } from "~/domain/permissions";
import { requireUser } from "~/utils/auth.server";

/** The signed-in frame of every admin page. Each child route still runs its own permission check. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "catalog:read");
  return {
    user: { username: user.username, displayName: user.displayName, roles: user.roles },
    nav: {
      users: can(user.roles, "users:manage"),
      audit: can(user.roles, "audit:read"),
    },
  };
}

export default function AdminLayout() {
  const { user, nav } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="site-header admin-header">
        <p className="site-header__brand">Niêm Yết – Quản trị</p>
        <nav aria-label="Quản trị" className="admin-nav">
          <NavLink to="/admin" end>
            Tổng quan
          </NavLink>
          {nav.users ? <NavLink to="/admin/users">Tài khoản</NavLink> : null}
          {nav.audit ? <NavLink to="/admin/audit">Nhật ký hệ thống</NavLink> : null}
          <a href="/">Trang công khai</a>
        </nav>
        <div className="admin-user">
          <span>
            {user.displayName} ({user.roles.map((r) => ROLE_LABELS[r]).join(", ")})
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="button button--link">
              Đăng xuất
            </button>
          </Form>
        </div>
      </header>
      <Outlet />
    </>
  );
}
