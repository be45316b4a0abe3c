import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OrganizationCard } from "~/components/OrganizationCard";
import { SiteHeader } from "~/components/SiteHeader";
import { publicCustomValues } from "~/domain/custom-fields";
import { formatNumber, todayInVietnam } from "~/domain/format";
import { getCustomFields } from "~/models/custom-fields.server";
import { getOrganization, listPublishedProceduresByField } from "~/models/procedure.server";
import { getDb } from "~/utils/db.server";

export async function loader() {
  const db = getDb();
  const today = todayInVietnam();
  const [organization, groups, customFields] = await Promise.all([
    getOrganization(db, { today }),
    listPublishedProceduresByField(db, { today }),
    getCustomFields(db, "organization"),
  ]);
  const total = groups.reduce((sum, g) => sum + g.procedures.length, 0);
  const organizationExtra = organization ? publicCustomValues(customFields, organization) : [];
  return { organization, organizationExtra, groups, total };
}

export default function Home() {
  const { organization, organizationExtra, groups, total } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader organization={organization} />
      <main id="noi-dung" className="page">
        <h1>Danh mục thủ tục hành chính</h1>
        <p className="lead">
          {organization ? `${organization.name} niêm yết công khai ` : "Niêm yết công khai "}
          <strong>{formatNumber(total)} thủ tục hành chính</strong> thuộc {formatNumber(groups.length)} lĩnh vực.
        </p>
        {organization ? <OrganizationCard organization={organization} extra={organizationExtra} /> : null}
        <nav aria-labelledby="fields-title" className="field-index">
          <h2 id="fields-title">Lĩnh vực</h2>
          <ul>
            {groups.map((g) => (
              <li key={g.field.code}>
                <a href={`#linh-vuc-${g.field.code}`}>{g.field.name}</a> <span className="count">({formatNumber(g.procedures.length)})</span>
              </li>
            ))}
          </ul>
        </nav>
        {groups.map((g) => (
          <section key={g.field.code} id={`linh-vuc-${g.field.code}`} aria-labelledby={`tieu-de-${g.field.code}`} className="field-group">
            <h2 id={`tieu-de-${g.field.code}`}>
              {g.field.name} <span className="count">({formatNumber(g.procedures.length)} thủ tục)</span>
            </h2>
            <ol className="procedure-list">
              {g.procedures.map((p) => (
                <li key={p.code}>
                  <Link to={`/thu-tuc/${p.code}`}>{p.name}</Link> <span className="code">Mã {p.code}</span>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </main>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.organization ? `Thủ tục hành chính – ${data.organization.name}` : "Danh mục thủ tục hành chính",
  },
  {
    name: "description",
    content: "Danh mục thủ tục hành chính niêm yết công khai tại Bộ phận Một cửa.",
  },
];
