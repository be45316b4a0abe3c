import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Organization } from "~/generated";
import { SiteHeader } from "./SiteHeader";

/** The frame of a commune's public page: its header, the main content, and the way back to its list. */
export function PublicPage({
  organization,
  base,
  children,
}: {
  organization: Pick<Organization, "name" | "isSample"> | null;
  /** Path prefix of the commune's public pages ("" or "/xa/<code>"). */
  base: string;
  children: ReactNode;
}) {
  return (
    <>
      <SiteHeader organization={organization} base={base} />
      <main id="noi-dung" className="page">
        <nav aria-label="Đường dẫn" className="breadcrumb">
          <Link to={base || "/"}>Danh mục thủ tục</Link>
        </nav>
        {children}
      </main>
    </>
  );
}
