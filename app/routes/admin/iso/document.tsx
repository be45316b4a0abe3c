import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/ui/TableWrap";
import { IsoDocumentBody } from "~/components/iso/IsoDocumentBody";
import { isoTitle } from "~/documents/iso/iso-html.server";
import { ISO_CSS_PATH, MARK_TEXT, PRINT_PAGE, REVISION_PARAM } from "~/documents/iso/shared";
import { listIsoIssues } from "~/documents/iso/load.server";
import { formatDate, formatDateTime } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import { WORKFLOW_STATUS_LABELS } from "~/domain/workflow";
import { requireIsoDocument } from "./access.server";

/**
 * `/admin/tai-lieu-iso/<kind>/<key>[?ban=<n>]`: an ISO document as the unit applies it — the document itself,
 * its downloads (PDF, DOCX, the flowchart as SVG, HTML), and its issues with who each was distributed to
 * (ISO 9001 §7.5). Officers see the issue in force and drafts; auditors every issue, and can compare two.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workspace, kind, key, doc, canAudit } = await requireIsoDocument(request, params);
  const issues = (await listIsoIssues(workspace.db, { kind, key })).filter((i) => canAudit || i.mark !== "superseded");
  return {
    kind,
    key,
    label: KINDS[kind].label,
    doc,
    title: isoTitle(doc),
    canAudit,
    issues: [...issues].reverse().map((i) => ({
      revision: i.revision,
      issue: i.issue,
      mark: i.mark,
      status: WORKFLOW_STATUS_LABELS[i.status],
      approved: i.approvedAt ? `${i.approvedBy ?? ""}, ${formatDateTime(i.approvedAt)}` : null,
      note: i.note,
      distribution: i.distribution,
    })),
  };
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ISO_CSS_PATH }];

export default function IsoDocumentPage() {
  const { kind, key, label, doc, title, canAudit, issues } = useLoaderData<typeof loader>();
  const base = `/admin/tai-lieu-iso/${kind}/${encodeURIComponent(key)}`;
  const query = `?${REVISION_PARAM}=${doc.revision}`;
  const downloads = [
    { format: "pdf", label: "Tải PDF" },
    { format: "docx", label: "Tải DOCX (Word)" },
    ...(kind === "process" ? [{ format: "svg", label: "Tải lưu đồ (SVG)" }] : []),
    { format: "html", label: "Tải HTML" },
  ];
  return (
    <main id="noi-dung" className="page page--wide">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to="/admin/tai-lieu-iso">Tài liệu ISO</Link> › <Link to={`/admin/${kind}/${encodeURIComponent(key)}`}>{label}: {doc.title}</Link>
      </nav>
      <h1>{title}</h1>
      <p>
        {doc.mark ? <strong>{MARK_TEXT[doc.mark]}. </strong> : null}
        Mã hiệu {doc.documentCode}, lần ban hành {doc.issue}
        {doc.effectiveDate ? `, hiệu lực từ ${formatDate(doc.effectiveDate)}` : ""}
        {doc.reviewDate ? `, soát xét định kỳ trước ${formatDate(doc.reviewDate)}` : ""} (phiên bản {doc.revision}).
      </p>
      <ul className="actions" aria-label="Tải tài liệu">
        {downloads.map((d) => (
          <li key={d.format}>
            <a className="button button--secondary" href={`${base}/${d.format}${query}`} download>
              {d.label}
            </a>
          </li>
        ))}
        <li>
          <a className="button button--secondary" href={`${base}/${PRINT_PAGE}${query}`}>
            Trang in
          </a>
        </li>
      </ul>

      <section aria-labelledby="lan-ban-hanh">
        <h2 id="lan-ban-hanh">Các lần ban hành và nơi nhận</h2>
        <TableWrap label="Các lần ban hành">
          <table>
            <thead>
              <tr>
                <th scope="col">Lần ban hành</th>
                <th scope="col">Phiên bản</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Người duyệt, thời điểm</th>
                <th scope="col">Ghi chú</th>
                <th scope="col">Nơi nhận</th>
                {canAudit ? <th scope="col">So sánh</th> : null}
              </tr>
            </thead>
            <tbody>
              {issues.map((i, n) => (
                <tr key={i.revision}>
                  <th scope="row">
                    <Link to={`${base}?${REVISION_PARAM}=${i.revision}`} aria-current={i.revision === doc.revision ? "page" : undefined}>
                      {i.issue ?? "—"}
                    </Link>
                  </th>
                  <td>{i.revision}</td>
                  <td>
                    {i.status}
                    {i.mark ? ` – ${MARK_TEXT[i.mark]}` : i.status === WORKFLOW_STATUS_LABELS.approved ? " – đang hiệu lực" : ""}
                  </td>
                  <td>{i.approved ?? "—"}</td>
                  <td>{i.note}</td>
                  <td>{i.distribution.length ? i.distribution.join("; ") : "—"}</td>
                  {canAudit ? (
                    <td>
                      {n < issues.length - 1 ? (
                        <Link to={`/admin/${kind}/${encodeURIComponent(key)}/diff?from=${issues[n + 1]!.revision}&to=${i.revision}`}>
                          So với phiên bản {issues[n + 1]!.revision}
                        </Link>
                      ) : (
                        "Phiên bản đầu tiên"
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section aria-label="Nội dung tài liệu" className="iso">
        <IsoDocumentBody doc={doc} titleLevel={2} />
      </section>
    </main>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Quản trị – Niêm Yết` : "Quản trị – Niêm Yết" }];
