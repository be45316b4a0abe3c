import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import adminStylesheet from "~/styles/admin.css?url";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { can, ROLE_LABELS } from "~/domain/permissions";
import type { RouteHandle } from "~/root";
import { requireWorkspace } from "~/utils/workspace.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStylesheet }];

/** Admin screens load the client app (public pages send no script; see root.tsx). */
export const handle: RouteHandle = { hydrate: true };

/** The signed-in frame of every admin page. Each child route still runs its own permission check. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, unit, units } = await requireWorkspace(request, "catalog:read");
  const url = new URL(request.url);
  // Custom fields and deployment settings apply to every unit: only deployment-wide accounts change them.
  const deploymentWide = user.unitCode === null;
  return {
    user: { username: user.username, displayName: user.displayName, roles: user.roles },
    unit: { code: unit.code, name: unit.name, level: unit.level },
    units: units.map((u) => ({ code: u.code, name: u.name, level: u.level })),
    here: `${url.pathname}${url.search}`,
    // The public pages of the commune worked in (a province has none of its own: the portal's front page).
    publicHref: unit.level === "commune" && !unit.isDefault ? `/xa/${unit.code}` : "/",
    nav: {
      releases: can(user.roles, "catalog:read"),
      users: can(user.roles, "users:manage"),
      audit: can(user.roles, "audit:read"),
      customFields: can(user.roles, "schema:extend") && deploymentWide,
      settings: can(user.roles, "settings:manage") && deploymentWide,
      // Units are managed by the deployment's admins and by a province's admins (its communes).
      units: can(user.roles, "settings:manage") && (deploymentWide || units.some((u) => u.code === user.unitCode && u.level === "province")),
    },
  };
}

/** The roles after the name, unless the name already says them (the first account is "Quản trị hệ thống"). */
function roleText(user: { displayName: string; roles: (keyof typeof ROLE_LABELS)[] }): string {
  const labels = user.roles
    .map((r) => ROLE_LABELS[r])
    .filter((label) => !user.displayName.toLocaleLowerCase("vi").includes(label.toLocaleLowerCase("vi")));
  return labels.join(", ");
}

export default function AdminLayout() {
  const { user, nav, unit, units, here, publicHref } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="site-header admin-header">
        <p className="site-header__brand">Niêm Yết – Quản trị</p>
        <nav aria-label="Quản trị" className="admin-nav">
          <NavLink to="/admin" end>
            Tổng quan
          </NavLink>
          <NavLink to="/admin/procedure">Thủ tục</NavLink>
          <NavLink to="/admin/tai-lieu-iso">Tài liệu ISO</NavLink>
          <NavLink to="/admin/kiem-tra">Kiểm tra nhất quán</NavLink>
          {nav.releases ? <NavLink to="/admin/releases">Niêm yết</NavLink> : null}
          {nav.users ? <NavLink to="/admin/users">Tài khoản</NavLink> : null}
          {nav.units ? <NavLink to="/admin/units">Đơn vị</NavLink> : null}
          {nav.customFields ? <NavLink to="/admin/custom-fields">Trường bổ sung</NavLink> : null}
          {nav.audit ? <NavLink to="/admin/audit">Nhật ký hệ thống</NavLink> : null}
          {nav.settings ? <NavLink to="/admin/settings">Cài đặt</NavLink> : null}
          <a href={publicHref}>Trang công khai</a>
        </nav>
        <div className="admin-unit">
          {units.length > 1 ? (
            <Form method="post" action="/admin/don-vi" className="admin-unit__switch" reloadDocument>
              <label htmlFor="admin-unit">Đơn vị làm việc</label>
              <select id="admin-unit" name="unit" defaultValue={unit.code}>
                {units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.level === "commune" ? "\u2003" : ""}
                    {u.name} ({u.code})
                  </option>
                ))}
              </select>
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" className="button button--secondary">
                Chuyển
              </button>
            </Form>
          ) : (
            <p>
              Đơn vị: {unit.name} ({unit.code})
            </p>
          )}
        </div>
        <div className="admin-user">
          <span>
            {user.displayName}
            {roleText(user) ? ` (${roleText(user)})` : ""}
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
