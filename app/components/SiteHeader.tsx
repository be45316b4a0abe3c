import { Link } from "@remix-run/react";
import type { Organization } from "~/generated";

/** Release N under `/xem-truoc/<unit>/<N>` (staff previewing it before it goes live), else null. */
const previewNumber = (base: string) => /^\/xem-truoc\/\d{5}\/(\d+)$/.exec(base)?.[1] ?? null;

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
      {previewNumber(base) ? (
        <p className="preview-notice" role="note">
          <strong>BẢN XEM TRƯỚC.</strong> Đây là bản niêm yết số {previewNumber(base)} như sẽ niêm yết công khai; người dân chưa
          thấy bản này.
        </p>
      ) : null}
    </header>
  );
}
