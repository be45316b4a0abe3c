import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/ui/TableWrap";
import { ISO_KINDS } from "~/documents/iso/load.server";
import { formatDate, todayInVietnam } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import type { Process } from "~/generated";
import { getInForceDocuments } from "~/models/document.server";
import { requireWorkspace } from "~/utils/workspace.server";

/** Documents due for their periodic review within this many days are listed as coming due. */
export const REVIEW_SOON_DAYS = 30;

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * `/admin/tai-lieu-iso`: the unit's controlled ISO documents in force (its processes, its province's it applies,
 * the quality policy), each with its code, issue, effective date and periodic-review date; those past or near
 * their review date first (ISO 9001 §7.5).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, unit } = await requireWorkspace(request, "catalog:read");
  const today = todayInVietnam();
  const soon = addDays(today, REVIEW_SOON_DAYS);
  const documents = (
    await Promise.all(ISO_KINDS.map((kind) => getInForceDocuments<Pick<Process, "name" | "documentControl">>(db, { kind, today })))
  ).flat();
  const rows = documents
    .map((d) => {
      const control = d.body.documentControl;
      const review = control?.reviewDate ?? null;
      const due = review === null ? "none" : review < today ? "overdue" : review <= soon ? "soon" : "later";
      return {
        kind: d.kind,
        key: d.key,
        kindLabel: KINDS[d.kind].label,
        name: d.body.name,
        own: d.unit === unit.code,
        code: control?.documentCode ?? "—",
        issue: control?.issue ?? "—",
        effective: control?.effectiveDate ? formatDate(control.effectiveDate) : "—",
        review: review ? formatDate(review) : "Chưa đặt",
        due,
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code, "vi"));
  return { unitName: unit.name, rows };
}

const DUE_TEXT: Record<string, string> = {
  overdue: "Quá hạn soát xét",
  soon: `Đến hạn trong ${REVIEW_SOON_DAYS} ngày`,
  none: "Chưa đặt ngày soát xét",
  later: "",
};

export default function IsoDocuments() {
  const { unitName, rows } = useLoaderData<typeof loader>();
  const due = rows.filter((r) => r.due !== "later");
  const table = (list: typeof rows, label: string) => (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Mã hiệu</th>
            <th scope="col">Tài liệu</th>
            <th scope="col">Lần ban hành</th>
            <th scope="col">Ngày hiệu lực</th>
            <th scope="col">Soát xét định kỳ</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={`${r.kind}/${r.key}`}>
              <th scope="row">{r.code}</th>
              <td>
                <Link to={`/admin/tai-lieu-iso/${r.kind}/${encodeURIComponent(r.key)}`}>{r.name}</Link>
                <br />
                {r.kindLabel}
                {r.own ? "" : " (của tỉnh, đơn vị áp dụng)"}
              </td>
              <td>{r.issue}</td>
              <td>{r.effective}</td>
              <td>
                {r.review}
                {DUE_TEXT[r.due] ? (
                  <>
                    <br />
                    <strong>{DUE_TEXT[r.due]}</strong>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>Tài liệu ISO của {unitName}</h1>
      <p>
        Quy trình nội bộ và chính sách, mục tiêu chất lượng đang hiệu lực theo TCVN ISO 9001:2015. Mở một tài liệu để xem, in hoặc tải
        PDF, DOCX và lưu đồ.
      </p>
      <section aria-labelledby="can-soat-xet">
        <h2 id="can-soat-xet">Cần soát xét ({due.length})</h2>
        {due.length ? table(due, "Tài liệu cần soát xét") : <p>Không có tài liệu nào quá hạn hoặc sắp đến hạn soát xét.</p>}
      </section>
      <section aria-labelledby="tat-ca">
        <h2 id="tat-ca">Tất cả tài liệu ({rows.length})</h2>
        {table(rows, "Tất cả tài liệu ISO")}
      </section>
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Tài liệu ISO – Quản trị – Niêm Yết" }];
