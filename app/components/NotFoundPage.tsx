import { Link, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { SiteHeader } from "./SiteHeader";

/** The Vietnamese 404 (or 410) page, with the same site header as every public page. */
export function NotFoundPage({ message, title = "Không tìm thấy trang" }: { message?: string; title?: string }) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  return (
    <>
      <SiteHeader organization={root?.site ?? null} base={root?.base ?? ""} />
      <main id="noi-dung" className="page">
        <h1>{title}</h1>
        <p>{message ?? "Trang bạn tìm không tồn tại hoặc đã được chuyển đi."}</p>
        <p>
          <Link to={root?.base || "/"}>Về danh mục thủ tục hành chính</Link>
        </p>
      </main>
    </>
  );
}
