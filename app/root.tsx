import { DatabaseTroublePage, useDatabaseTrouble } from "~/components/DatabaseTrouble";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useMatches, useRouteError } from "@remix-run/react";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import stylesheet from "~/styles/site.css?url";
import { NotFoundPage } from "~/components/NotFoundPage";
import { useNonce } from "~/components/NonceContext";
import { getOrganization } from "~/models/procedure.server";
import { todayInVietnam } from "~/domain/format";
import { publicUnitOf } from "~/utils/workspace.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
];

/**
 * The commune's name and sample flag, for the site header of pages that have no loader of their own (404): the
 * commune the URL or host names, if any. One document read; nothing when no commune is shown.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // A 404 under /xa/<code>/ matches no commune route, so its code is read from the path.
  const unit = params.unit ?? /^\/xa\/(\d{5})(\/|$)/.exec(new URL(request.url).pathname)?.[1];
  const shown = await publicUnitOf(request, { unit }).catch(() => null);
  const organization = shown?.catalog ? await getOrganization(shown.catalog, { today: todayInVietnam(), unit: shown.unit.code }) : null;
  // `base`: the commune's public pages ("" for the short URLs), where a 404 page's links lead back to.
  return { site: organization ? { name: organization.name, isSample: organization.isSample } : null, base: shown?.base ?? "" };
}

/** What a route module exports as `handle` to ask for the client-side app (JavaScript) on its pages. */
export interface RouteHandle {
  hydrate?: boolean;
}

/**
 * Public pages are complete HTML and send no script at all: citizens' phones download only HTML and CSS.
 * Only routes that ask for it with `handle = { hydrate: true }` (the signed-in admin) load the client app.
 */
export const asksForHydration = (handle: unknown): boolean => (handle as RouteHandle | undefined)?.hydrate === true;

function useHydrate(): boolean {
  return useMatches().some((m) => asksForHydration(m.handle));
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  // A page answering a database trouble (entry.server.tsx) is complete HTML with no script, like a public page.
  const trouble = useDatabaseTrouble();
  const hydrate = useHydrate() && !trouble;
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#noi-dung">
          Chuyển đến nội dung chính
        </a>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const meta: MetaFunction = ({ error }) => {
  if (!error) return [];
  if (isRouteErrorResponse(error) && error.status === 404) return [{ title: "Không tìm thấy trang – Niêm Yết" }];
  if (isRouteErrorResponse(error) && error.status === 403) return [{ title: "Không có quyền truy cập – Niêm Yết" }];
  if (isRouteErrorResponse(error) && error.status === 400) return [{ title: "Yêu cầu không hợp lệ – Niêm Yết" }];
  return [{ title: "Đã có lỗi xảy ra – Niêm Yết" }];
};

export function ErrorBoundary() {
  const error = useRouteError();
  const trouble = useDatabaseTrouble();
  if (trouble) return <DatabaseTroublePage trouble={trouble} />;
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <main id="noi-dung" className="page">
        <h1>Không có quyền truy cập</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : "Bạn không có quyền thực hiện thao tác này."}</p>
        <p>
          Nếu cần quyền này, hãy đề nghị người quản trị hệ thống cấp vai trò phù hợp. <a href="/admin">Về trang quản trị</a>
        </p>
      </main>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 400) {
    return (
      <main id="noi-dung" className="page">
        <h1>Yêu cầu không hợp lệ</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : "Địa chỉ hoặc dữ liệu gửi lên không hợp lệ."}</p>
        <p>
          <a href="/">Về danh mục thủ tục hành chính</a>
        </p>
      </main>
    );
  }
  return (
    <main id="noi-dung" className="page">
      <h1>Đã có lỗi xảy ra</h1>
      <p>Hệ thống không xử lý được yêu cầu này. Vui lòng thử lại sau hoặc liên hệ bộ phận một cửa.</p>
    </main>
  );
}
