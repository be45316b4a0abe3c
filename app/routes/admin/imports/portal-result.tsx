import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PORTAL_IMPORT_PATHS } from "~/domain/paths";
import { WORKFLOW_STATUS_LABELS } from "~/domain/workflow";
import { getDocuments } from "~/models/document.server";
import { takeFlash } from "~/utils/flash.server";
import { requireWorkspace } from "~/utils/workspace.server";

/** Step 3: what the confirmed import wrote (`?ma=` the procedures it created or changed), each with its state now. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requireWorkspace(request, "catalog:edit");
  const codes = [...new Set(new URL(request.url).searchParams.getAll("ma"))].slice(0, 100);
  const documents = await getDocuments(db, { kind: "procedure", keys: codes });
  const flash = await takeFlash(request);
  return data(
    { flash: flash.message, documents: documents.map((d) => ({ key: d.key, title: d.title, status: d.status })) },
    { headers: flash.headers },
  );
}

export default function PortalImportResult() {
  const { flash, documents } = useLoaderData<typeof loader>();
  return (
    <main id="noi-dung" className="page page--wide">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to="/admin/procedure">Thủ tục</Link> › <Link to={PORTAL_IMPORT_PATHS.upload}>Nhập từ Cổng Dịch vụ công quốc gia</Link> › Kết quả
      </nav>
      <h1>Kết quả lần nhập</h1>
      {flash ? (
        <p className="notice" role="status">
          {flash}
        </p>
      ) : null}
      {documents.length > 0 ? (
        <>
          <p>Các thủ tục đã tạo hoặc cập nhật, chờ lãnh đạo duyệt:</p>
          <ul>
            {documents.map((d) => (
              <li key={d.key}>
                <Link to={`/admin/procedure/${encodeURIComponent(d.key)}`}>
                  {d.key} – {d.title}
                </Link>{" "}
                ({WORKFLOW_STATUS_LABELS[d.status]})
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Lần nhập không tạo hay thay đổi thủ tục nào.</p>
      )}
      <p>
        <Link to={PORTAL_IMPORT_PATHS.upload}>Nhập tệp khác</Link> · <Link to="/admin/procedure?status=in_review">Các thủ tục chờ duyệt</Link>
      </p>
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Kết quả lần nhập từ Cổng Dịch vụ công quốc gia – Quản trị – Niêm Yết" }];
