import { requireWorkspace } from "~/utils/workspace.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatDateTime } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import { can } from "~/domain/permissions";
import { toSummary } from "~/domain/problems";
import { APPROVAL_RULES, WORKFLOW_STATUS_LABELS, type ApprovalRule } from "~/domain/workflow";
import { getDocument, getRevision, listRevisions } from "~/models/document.server";
import { redirectWithFlash, takeFlash } from "~/utils/flash.server";
import { saveFromEditor } from "./edit.server";
import { kindFromParams } from "./list-query";

/**
 * Every revision of a document (who, when, status, note, who approved under which rule), a choice of two to
 * compare, and "restore as a new draft" (history is never rewritten: a restore is a new revision).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db } = await requireWorkspace(request, "catalog:read");
  const kind = kindFromParams(params.kind);
  const key = params.key ?? "";
  const stored = await getDocument(db, { kind, key });
  if (!stored) throw new Response("Không tìm thấy tài liệu", { status: 404 });
  const revisions = await listRevisions(db, { kind, key });
  const flash = await takeFlash(request);
  return data(
    {
      kind,
      label: KINDS[kind].label,
      key,
      title: stored.title,
      current: stored.revision,
      inForce: stored.inForceRevision,
      canRestore: can(user.roles, "catalog:edit"),
      revisions: [...revisions].reverse(),
      flash: flash.message,
    },
    { headers: flash.headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db } = await requireWorkspace(request, "catalog:edit");
  const kind = kindFromParams(params.kind);
  const key = params.key ?? "";
  const form = await request.formData();
  const revision = Number(form.get("revision"));
  const baseRevision = Number(form.get("baseRevision"));
  if (!Number.isInteger(baseRevision) || baseRevision < 1) {
    return data({ problems: [{ pointer: "", fieldTitle: "Tài liệu", message: "Thiếu phiên bản hiện tại của trang; hãy tải lại trang" }] }, { status: 400 });
  }
  const [stored, old] = await Promise.all([getDocument(db, { kind, key }), Number.isInteger(revision) ? getRevision(db, { kind, key, revision }) : null]);
  if (!stored || !old) throw new Response("Không tìm thấy phiên bản", { status: 404 });
  const result = await saveFromEditor(db, {
    kind,
    key,
    body: old.body,
    note: `Khôi phục nội dung phiên bản ${revision}`,
    author: user.username,
    baseRevision,
  });
  if (!result.ok) return data({ problems: result.problems }, { status: result.conflict ? 409 : 400 });
  const message =
    result.outcome === "unchanged"
      ? `Phiên bản ${revision} giống nội dung hiện tại; không có gì để khôi phục.`
      : `Đã khôi phục nội dung phiên bản ${revision} thành bản nháp mới (phiên bản ${result.revision}).`;
  return redirectWithFlash(request, `/admin/${kind}/${encodeURIComponent(key)}`, message);
}

export default function History() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const summary = toSummary(result?.problems ?? []);
  const base = `/admin/${page.kind}/${encodeURIComponent(page.key)}`;
  const newest = page.revisions[0]?.revision ?? 0;
  return (
    <main id="noi-dung" className="page page--wide">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to={`/admin/${page.kind}`}>{page.label}</Link> › <Link to={base}>{page.title}</Link>
      </nav>
      <h1>Lịch sử phiên bản: {page.title}</h1>
      {page.flash ? (
        <p className="notice" role="status">
          {page.flash}
        </p>
      ) : null}
      <ErrorSummary errors={summary.errors} labels={summary.labels} />
      <Form method="get" action={`${base}/diff`} className="stack">
        <TableWrap label="Các phiên bản">
          <table className="history">
            <thead>
              <tr>
                <th scope="col">Phiên bản</th>
                <th scope="col">Người lưu, thời điểm</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Ghi chú</th>
                <th scope="col">So sánh: từ</th>
                <th scope="col">đến</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {page.revisions.map((r, i) => (
                <tr key={r.revision}>
                  <th scope="row">
                    {r.revision}
                    {r.revision === page.inForce ? (
                      <>
                        <br />
                        <span className="badge badge--approved">Đang áp dụng</span>
                      </>
                    ) : null}
                  </th>
                  <td>
                    {r.author}
                    <br />
                    {formatDateTime(r.createdAt)}
                  </td>
                  <td>
                    {WORKFLOW_STATUS_LABELS[r.status]}
                    {r.approvedBy ? (
                      <>
                        <br />
                        duyệt bởi {r.approvedBy}
                        {r.approvedAt ? ` lúc ${formatDateTime(r.approvedAt)}` : ""}
                        {r.approvalRule && r.approvalRule in APPROVAL_RULES ? ` (${APPROVAL_RULES[r.approvalRule as ApprovalRule]})` : ""}
                      </>
                    ) : null}
                  </td>
                  <td>{r.note}</td>
                  <td>
                    <label className="checkbox">
                      <input type="radio" name="from" value={r.revision} defaultChecked={i === 1 || (page.revisions.length === 1 && i === 0)} />
                      <span className="visually-hidden">So sánh từ phiên bản {r.revision}</span>
                    </label>
                  </td>
                  <td>
                    <label className="checkbox">
                      <input type="radio" name="to" value={r.revision} defaultChecked={i === 0} />
                      <span className="visually-hidden">So sánh đến phiên bản {r.revision}</span>
                    </label>
                  </td>
                  <td>
                    {i < page.revisions.length - 1 ? (
                      <Link to={`${base}/diff?from=${page.revisions[i + 1].revision}&to=${r.revision}`}>
                        Xem thay đổi<span className="visually-hidden"> của phiên bản {r.revision}</span>
                      </Link>
                    ) : (
                      "Phiên bản đầu tiên"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p>
          <button type="submit" className="button button--secondary">
            So sánh hai phiên bản đã chọn
          </button>
        </p>
      </Form>
      {page.canRestore ? (
        <section aria-labelledby="khoi-phuc">
          <h2 id="khoi-phuc">Khôi phục một phiên bản cũ</h2>
          <p>Nội dung của phiên bản được chọn trở thành bản nháp mới; các phiên bản đã có giữ nguyên.</p>
          <Form method="post" className="stack">
            <input type="hidden" name="baseRevision" value={page.current} />
            <div className="field">
              <label htmlFor="revision">Phiên bản cần khôi phục</label>
              <select id="revision" name="revision" defaultValue={page.revisions[1]?.revision ?? newest}>
                {page.revisions.map((r) => (
                  <option key={r.revision} value={r.revision}>
                    Phiên bản {r.revision} ({r.author}, {formatDateTime(r.createdAt)})
                  </option>
                ))}
              </select>
            </div>
            <p>
              <button type="submit" className="button">
                Khôi phục thành bản nháp
              </button>
            </p>
          </Form>
        </section>
      ) : null}
    </main>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Lịch sử phiên bản: ${data.title} – Quản trị – Niêm Yết` : "Quản trị – Niêm Yết" }];
