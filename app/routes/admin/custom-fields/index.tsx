import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatNumber } from "~/domain/format";
import { EXTENSIBLE_KINDS, KINDS } from "~/domain/kinds";
import { getAllCustomFieldLists } from "~/models/custom-fields.server";
import { requireDeploymentUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

/** The document kinds and how many custom fields each has; each links to its field list. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDeploymentUser(request, "schema:extend");
  const lists = await getAllCustomFieldLists(getDb());
  return {
    kinds: EXTENSIBLE_KINDS.map((kind) => {
      const fields = lists.get(kind)?.fields ?? [];
      return {
        kind,
        label: KINDS[kind].label,
        active: fields.filter((f) => !f.retired).length,
        retired: fields.filter((f) => f.retired).length,
      };
    }),
  };
}

export default function CustomFieldKinds() {
  const { kinds } = useLoaderData<typeof loader>();
  return (
    <main id="noi-dung" className="page">
      <h1>Trường bổ sung</h1>
      <p>
        Thêm trường cho một loại tài liệu mà không cần sửa phần mềm: trường hiện trong trang soạn thảo, được kiểm tra khi lưu và có trong tệp xuất
        danh mục.
      </p>
      <TableWrap label="Trường bổ sung theo loại tài liệu">
        <table>
          <thead>
            <tr>
              <th scope="col">Loại tài liệu</th>
              <th scope="col" className="num">
                Trường đang dùng
              </th>
              <th scope="col" className="num">
                Đã ngừng sử dụng
              </th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k.kind}>
                <th scope="row">
                  <Link to={`/admin/custom-fields/${k.kind}`}>{k.label}</Link>
                </th>
                <td className="num">{formatNumber(k.active)}</td>
                <td className="num">{formatNumber(k.retired)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Trường bổ sung – Quản trị – Niêm Yết" }];
