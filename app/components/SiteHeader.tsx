import { Link } from "@remix-run/react";
import type { Organization } from "~/generated";

/** The commune's name on every public page, with the sample-data notice when the catalog is sample data. */
export function SiteHeader({ organization, base = "" }: { organization: Pick<Organization, "name" | "isSample"> | null; base?: string }) {
  return (
    <header className="site-header">
      <p className="site-header__brand">
        <Link to={base || "/"}>{organization?.name ?? "Niêm yết thủ tục hành chính"}</Link>
      </p>
      {organization?.isSample ? (
        <p className="sample-notice" role="note">
          <strong>Dữ liệu mẫu.</strong> Đơn vị và một số thông tin trên trang này là dữ liệu mẫu để trình diễn, không
          phải thông tin niêm yết chính thức.
        </p>
      ) : null}
    </header>
  );
}
