import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/ui/TableWrap";
import { partsOf, partSlug, PART_PARAM } from "~/documents/print-pack.server";
import { formatDate, formatNumber } from "~/domain/format";
import { RELEASE_STATUS_LABELS } from "~/domain/release-changes";
import { pdfAvailable } from "~/utils/pdf.server";
import { printPackPaths } from "~/domain/paths";
import { requirePrintPack } from "./print-pack.server";

/** `/admin/releases/<n>/ban-in`: the notice-board print pack of a release, whole (one button) or part by part. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { pack, release } = await requirePrintPack(request, params);
  const paths = printPackPaths(release.number);
  const query = (slug: string) => `?${PART_PARAM}=${encodeURIComponent(slug)}`;
  return {
    number: release.number,
    status: RELEASE_STATUS_LABELS[release.status],
    unitName: pack.unitName,
    day: pack.day,
    total: pack.fields.reduce((sum, f) => sum + f.procedures.length, 0),
    paths,
    pdf: pdfAvailable(),
    parts: partsOf(pack).map(({ part, title, procedures }) => {
      const slug = partSlug(part);
      return { slug, title, procedures: procedures ?? null, html: `${paths.html}${query(slug)}`, pdf: `${paths.pdf}${query(slug)}` };
    }),
  };
}

export default function PrintPackIndex() {
  const { number, status, unitName, day, total, paths, pdf, parts } = useLoaderData<typeof loader>();
  return (
    <main id="noi-dung" className="page page--wide">
      <nav aria-label="Đường dẫn" className="breadcrumb">
        <Link to="/admin/releases">Bản niêm yết</Link> › Bản in
      </nav>
      <h1>
        Bản in niêm yết – Bản số {number} ({status})
      </h1>
      <p>
        Bộ giấy niêm yết tại Bộ phận Một cửa của {unitName}, khổ A4: trang bìa (số bản niêm yết, ngày hiệu lực, địa chỉ, giờ tiếp nhận, điện
        thoại), danh mục {formatNumber(total)} thủ tục theo từng lĩnh vực (thời hạn giải quyết và phí, lệ phí theo cách thức thực hiện, mã QR
        dẫn đến trang của thủ tục) và bộ quy tắc ứng xử để đặt tại bàn làm việc. Phí, lệ phí theo mức áp dụng ngày {formatDate(day)}.
      </p>
      <p className="stack">
        {pdf ? (
          <a className="button" href={paths.pdf}>
            In cả bộ – tải tệp PDF
          </a>
        ) : null}{" "}
        <a className={pdf ? "button button--secondary" : "button"} href={paths.html}>
          Mở trang in cả bộ
        </a>
      </p>
      {pdf ? null : (
        <p className="warning-text">Máy chủ chưa có Chromium nên chưa tạo được tệp PDF; hãy mở trang in và dùng lệnh In của trình duyệt (khổ A4).</p>
      )}
      <TableWrap label="Các phần của bộ niêm yết">
        <table>
          <thead>
            <tr>
              <th scope="col">Phần</th>
              <th scope="col">Số thủ tục</th>
              <th scope="col">In riêng phần này</th>
            </tr>
          </thead>
          <tbody>
            {parts.map((p) => (
              <tr key={p.slug}>
                <th scope="row">{p.title}</th>
                <td>{p.procedures === null ? "" : formatNumber(p.procedures)}</td>
                <td>
                  <a href={p.html}>Trang in</a>
                  {pdf ? (
                    <>
                      {" · "}
                      <a href={p.pdf}>Tệp PDF</a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </main>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Bản in niêm yết số ${data.number} – Niêm Yết` : "Bản in niêm yết – Niêm Yết" }];
