import { requireWorkspace } from "~/utils/workspace.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatDateTime, formatNumber } from "~/domain/format";
import { DOCUMENT_KINDS, KINDS, type DocumentKind } from "~/domain/kinds";
import { can } from "~/domain/permissions";
import { WORKFLOW_STATUS_LABELS, type WorkflowStatus } from "~/domain/workflow";
import { getDashboard, type DashboardItem } from "~/models/dashboard.server";
import { countDocumentsByKind } from "~/models/document.server";
import { overridesToReview } from "~/models/override.server";
import { releaseDue } from "~/models/release.server";
import { todayInVietnam } from "~/domain/format";
import { AUDIT_PACK_PATH } from "~/documents/iso/shared";
import { LIST_IMPORT_PATH, PORTAL_IMPORT_PATHS } from "~/domain/paths";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, db, unit } = await requireWorkspace(request, "catalog:read");
  const canApprove = can(user.roles, "catalog:approve");
  const [byKind, dashboard, toReview, release] = await Promise.all([
    countDocumentsByKind(db),
    getDashboard(db, { username: user.username, canApprove }),
    overridesToReview(db, { today: todayInVietnam() }),
    unit.level === "commune" ? releaseDue(db, unit.code) : null,
  ]);
  const counts = DOCUMENT_KINDS.map((kind) => ({ kind, label: KINDS[kind].label, count: byKind.get(kind) ?? 0 }));
  return {
    counts,
    dashboard,
    toReview: toReview.map((r) => ({ ...r, affected: r.affected.length })),
    release,
    canEdit: can(user.roles, "catalog:edit"),
    canApprove,
    canManageUsers: can(user.roles, "users:manage"),
    canReadAudit: can(user.roles, "audit:read"),
  };
}

type Item = Omit<DashboardItem, "kind"> & { kind: DocumentKind; status: WorkflowStatus };

function ItemList({ id, title, items, empty, show }: { id: string; title: string; items: Item[]; empty: string; show: (i: Item) => string }) {
  return (
    <section aria-labelledby={id} className="dashboard-list">
      <h2 id={id}>
        {title} ({formatNumber(items.length)})
      </h2>
      {items.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul>
          {items.map((i) => (
            <li key={`${i.kind}/${i.key}/${i.revision}`}>
              <Link to={`/admin/${i.kind}/${encodeURIComponent(i.key)}`}>{i.title}</Link>{" "}
              <span className={`badge badge--${i.status}`}>{WORKFLOW_STATUS_LABELS[i.status]}</span>
              <br />
              <span className="document-meta">
                {KINDS[i.kind].label} {i.key} · {show(i)}
              </span>
              {i.text ? <p className="comment-text">«{i.text}»</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function AdminHome() {
  const { counts, dashboard, toReview, release, canEdit, canApprove, canManageUsers, canReadAudit } = useLoaderData<typeof loader>();
  const at = (i: Item) => (i.at ? formatDateTime(i.at) : "");
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>Tổng quan</h1>
      <div className="dashboard">
        {canApprove ? (
          <ItemList
            id="cho-duyet"
            title="Chờ tôi duyệt"
            items={dashboard.waiting}
            empty="Không có tài liệu nào chờ duyệt."
            show={(i) => `phiên bản ${i.revision}, ${i.by ?? ""} gửi lúc ${at(i)}`}
          />
        ) : null}
        {canEdit ? (
          <>
            <ItemList
              id="bi-tra-lai"
              title="Bị trả lại để sửa"
              items={dashboard.returned}
              empty="Không có bản nào bị trả lại."
              show={(i) => `${i.by ?? ""} trả lại lúc ${at(i)}`}
            />
            <ItemList
              id="ban-nhap-cua-toi"
              title="Bản nháp của tôi"
              items={dashboard.mine}
              empty="Bạn không có bản nháp nào."
              show={(i) => `phiên bản ${i.revision}, lưu lúc ${at(i)}`}
            />
          </>
        ) : null}
        <ItemList
          id="moi-duoc-duyet"
          title="Mới được duyệt"
          items={dashboard.approved}
          empty="Chưa có phê duyệt nào trên trang quản trị."
          show={(i) => `phiên bản ${i.revision}, ${i.by ?? ""} duyệt lúc ${at(i)}`}
        />
        <ItemList
          id="ban-moi-hon"
          title="Có bản đang soạn mới hơn bản đang áp dụng"
          items={dashboard.newerDrafts}
          empty="Mọi tài liệu đang áp dụng đều không có bản sửa đang chờ."
          show={(i) => `đang áp dụng phiên bản ${i.inForceRevision ?? ""}, đang soạn phiên bản ${i.revision}`}
        />
        {release ? (
          <section aria-labelledby="niem-yet" className="dashboard-list">
            <h2 id="niem-yet">Niêm yết công khai</h2>
            <p>
              {release.live === null ? "Đơn vị chưa công bố bản niêm yết nào." : `Đang niêm yết: bản số ${release.live}.`}{" "}
              {release.pending !== null ? `Bản số ${release.pending} đang chờ công bố. ` : ""}
              {release.live !== null && release.approvedSince > 0
                ? `${formatNumber(release.approvedSince)} tài liệu được duyệt sau khi tạo bản đang niêm yết, chưa lên trang công khai. `
                : ""}
              <Link to="/admin/releases">Quản lý bản niêm yết</Link>
            </p>
          </section>
        ) : null}
        {toReview.length > 0 ? (
          <section aria-labelledby="dieu-chinh-can-xem" className="dashboard-list">
            <h2 id="dieu-chinh-can-xem">Tỉnh có phiên bản mới dưới điều chỉnh của đơn vị ({formatNumber(toReview.length)})</h2>
            <ul>
              {toReview.map((r) => (
                <li key={`${r.kind}/${r.key}`}>
                  <Link to={`/admin/local-override/${encodeURIComponent(`${r.kind}.${r.key}`)}`}>{r.title}</Link>
                  <br />
                  <span className="document-meta">
                    {KINDS[r.kind].label} {r.key} · tỉnh đang áp dụng phiên bản {r.provinceRevision}
                    {r.seenRevision ? `, đơn vị điều chỉnh theo phiên bản ${r.seenRevision}` : ""}
                    {r.affected > 0 ? ` · ${formatNumber(r.affected)} giá trị cần xem lại` : " · các giá trị của đơn vị vẫn áp dụng"}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>

      {canReadAudit ? (
        <section aria-labelledby="danh-gia" className="dashboard-list">
          <h2 id="danh-gia">Kiểm tra, đánh giá ISO 9001</h2>
          <p>Mọi tài liệu và lịch sử của đơn vị đều xem được; tài khoản đánh giá không sửa được gì.</p>
          <ul>
            <li>
              <Link to="/admin/tai-lieu-iso">Tài liệu ISO</Link>: quy trình, chính sách chất lượng, các lần ban hành, so sánh hai lần ban hành
            </li>
            <li>
              <Link to="/admin/kiem-tra">Báo cáo kiểm tra tính nhất quán</Link>
            </li>
            <li>
              <Link to="/admin/audit">Nhật ký hệ thống</Link> và kiểm tra chuỗi mã băm
            </li>
            <li>
              <a href={AUDIT_PACK_PATH} download>
                Tải bộ hồ sơ đánh giá (ZIP)
              </a>
              : tài liệu đang hiệu lực (PDF, DOCX), bảng theo dõi sửa đổi, báo cáo kiểm tra, nhật ký (CSV) và mã băm, danh sách sha256 của mọi tệp
            </li>
          </ul>
        </section>
      ) : null}

      {canEdit ? (
        <section aria-labelledby="nhap-du-lieu" className="dashboard-list">
          <h2 id="nhap-du-lieu">Nhập dữ liệu</h2>
          <p>Không cần gõ lại: xem trước những gì sẽ thay đổi, rồi mới xác nhận; thủ tục mới hoặc thay đổi thành bản nháp gửi duyệt.</p>
          <ul>
            <li>
              <Link to={PORTAL_IMPORT_PATHS.upload}>Nhập từ Cổng Dịch vụ công quốc gia</Link>: bản ghi thủ tục (.json hoặc .zip)
            </li>
            <li>
              <Link to={LIST_IMPORT_PATH}>Nhập danh sách từ bảng tính</Link>: danh mục thủ tục của tỉnh (.xlsx hoặc .csv), có bước ghép cột
            </li>
          </ul>
        </section>
      ) : null}

      <h2>Danh mục</h2>
      <TableWrap label="Số tài liệu theo loại">
        <table>
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
      </TableWrap>
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
