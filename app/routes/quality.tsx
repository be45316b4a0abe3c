import { DatabaseTroublePage, useDatabaseTrouble } from "~/components/DatabaseTrouble";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { LegalReferenceLine } from "~/components/LegalReferenceLine";
import { NotFoundPage } from "~/components/NotFoundPage";
import { RichText } from "~/components/RichText";
import { PublicPage } from "~/components/PublicPage";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatNumber, todayInVietnam } from "~/domain/format";
import type { Quality } from "~/generated";
import { getOrganization } from "~/models/procedure.server";
import { optionsAt } from "~/utils/schema-labels.server";
import { requirePublicUnit } from "~/utils/workspace.server";
import { safeHtml } from "./procedure.server";

/** `/chinh-sach-chat-luong`: the quality policy and measurable objectives of the commune's ISO 9001 system. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { catalog, base, unit } = await requirePublicUnit(request, params);
  const today = todayInVietnam();
  const [organization, documents] = await Promise.all([
    getOrganization(catalog, { today, unit: unit.code }),
    catalog.many<Quality>("quality", today),
  ]);
  if (documents.length === 0) throw new Response("Đơn vị chưa công bố chính sách chất lượng", { status: 404 });
  const comparators = optionsAt("quality", ["objectives", "comparator"]);
  return {
    organization,
    base,
    documents: documents.map((d) => ({
      ...d.body,
      html: safeHtml(d.body.policy),
      objectives: d.body.objectives.map((o) => ({
        ...o,
        targetText: `${comparators[o.comparator] ?? o.comparator} ${formatNumber(o.target)} ${o.unit}`,
      })),
    })),
  };
}

export default function QualityPage() {
  const { organization, base, documents } = useLoaderData<typeof loader>();
  return (
    <PublicPage organization={organization} base={base}>
      {documents.map((d, i) => (
        <article key={d.code} aria-labelledby={`chat-luong-${i}`}>
          <h1 id={`chat-luong-${i}`}>{d.name}</h1>
          {d.decision ? (
            <p>
              Ban hành kèm theo <LegalReferenceLine reference={d.decision} />.
            </p>
          ) : null}
          <h2>Chính sách chất lượng</h2>
          {d.html ? <RichText html={d.html} /> : null}
          <h2>Mục tiêu chất lượng</h2>
          <TableWrap label="Bảng mục tiêu chất lượng">
            <table>
              <thead>
                <tr>
                  <th scope="col">Mã</th>
                  <th scope="col">Mục tiêu</th>
                  <th scope="col">Chỉ số đo lường</th>
                  <th scope="col">Chỉ tiêu</th>
                  <th scope="col">Thời hạn</th>
                </tr>
              </thead>
              <tbody>
                {d.objectives.map((o) => (
                  <tr key={o.code}>
                    <td>{o.code}</td>
                    <th scope="row">{o.statement}</th>
                    <td>{o.metric}</td>
                    <td>{o.targetText}</td>
                    <td>{o.period ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </article>
      ))}
    </PublicPage>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Chính sách chất lượng${data.organization ? ` – ${data.organization.name}` : ""}` : "Không tìm thấy chính sách chất lượng" },
];

export function ErrorBoundary() {
  const error = useRouteError();
  const trouble = useDatabaseTrouble();
  if (trouble) return <DatabaseTroublePage trouble={trouble} />;
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage message="Đơn vị chưa công bố chính sách chất lượng." />;
  throw error;
}
