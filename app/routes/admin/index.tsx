import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatNumber } from "~/domain/format";
import { DOCUMENT_KINDS, KINDS } from "~/domain/kinds";
import { can } from "~/domain/permissions";
import { countDocumentsByKind } from "~/models/document.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "catalog:read");
  const byKind = await countDocumentsByKind(getDb());
  const counts = DOCUMENT_KINDS.map((kind) => ({ kind, label: KINDS[kind].label, count: byKind.get(kind) ?? 0 }));
  return { counts, canManageUsers: can(user.roles, "users:manage"), canReadAudit: can(user.roles, "audit:read") };
}

export default function AdminHome() {
  const { counts, canManageUsers, canReadAudit } = useLoaderData<typeof loader>();
  return (
    <main id="noi-dung" className="page">
      <h1>Tổng quan danh mục</h1>
      <table>
        <caption className="visually-hidden">Số tài liệu theo loại</caption>
        <thead>
          <tr>
            <th scope="col">Loại tài liệu</th>
            <th scope="col" className="num">
              Số lượng
            </th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.kind}>
              <th scope="row">
                <Link to={`/admin/${c.kind}`}>{c.label}</Link>
              </th>
              <td className="num">{formatNumber(c.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        {canManageUsers ? (
          <li>
            <Link to="/admin/users">Quản lý tài khoản</Link>
          </li>
        ) : null}
        {canReadAudit ? (
          <li>
            <Link to="/admin/audit">Nhật ký hệ thống</Link>
          </li>
        ) : null}
      </ul>
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Quản trị – Niêm Yết" }];
