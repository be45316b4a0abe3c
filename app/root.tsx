import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { LinksFunction } from "@remix-run/node";
import stylesheet from "~/styles/site.css?url";
import { NotFoundPage } from "~/components/NotFoundPage";
import { useNonce } from "~/components/NonceContext";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
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
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
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
  return (
    <main id="noi-dung" className="page">
      <h1>Đã có lỗi xảy ra</h1>
      <p>Hệ thống không xử lý được yêu cầu này. Vui lòng thử lại sau hoặc liên hệ bộ phận một cửa.</p>
    </main>
  );
}
