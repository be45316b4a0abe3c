import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OrganizationCard } from "~/components/OrganizationCard";
import { SiteHeader } from "~/components/SiteHeader";
import { publicCustomValues } from "~/domain/custom-fields";
import { formatNumber, todayInVietnam } from "~/domain/format";
import { getCustomFields } from "~/models/custom-fields.server";
import { getOrganization, listPublishedProceduresByField } from "~/models/procedure.server";
import { listInForce } from "~/models/document.server";
import { getDb } from "~/utils/db.server";
import { listPublicCommunes, publicUnitOf } from "~/utils/workspace.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Several communes and none chosen (no default, no host name): the portal lists the communes.
  const shown = await publicUnitOf(request, params);
  if (!shown) {
    const none = { codeOfConduct: false, quality: false };
    return { communes: await listPublicCommunes(getDb()), organization: null, organizationExtra: [], groups: [], total: 0, base: "", documents: none };
  }
  const { db, base, unit } = shown;
  const today = todayInVietnam();
  const [organization, groups, customFields, codes, quality] = await Promise.all([
    getOrganization(db, { today, unit: unit.code }),
    listPublishedProceduresByField(db, { today }),
    getCustomFields(db, "organization"),
    listInForce(db, { kind: "code-of-conduct", today }),
    listInForce(db, { kind: "quality", today }),
  ]);
  // Links to the commune's code of conduct and quality policy, when it has them.
  const documents = { codeOfConduct: codes.length > 0, quality: quality.length > 0 };
  const total = groups.reduce((sum, g) => sum + g.procedures.length, 0);
  const organizationExtra = organization ? publicCustomValues(customFields, organization) : [];
  return { communes: null, organization, organizationExtra, groups, total, base, documents };
}

export default function Home() {
  const { communes, organization, organizationExtra, groups, total, base, documents } = useLoaderData<typeof loader>();
  if (communes) return <CommuneIndex communes={communes} />;
  return (
    <>
      <SiteHeader organization={organization} base={base} />
      <main id="noi-dung" className="page">
        <h1>Danh mục thủ tục hành chính</h1>
        <p className="lead">
          {organization ? `${organization.name} niêm yết công khai ` : "Niêm yết công khai "}
          <strong>{formatNumber(total)} thủ tục hành chính</strong> thuộc {formatNumber(groups.length)} lĩnh vực.
        </p>
        <form method="get" action={`${base}/thu-tuc`} className="home-search" role="search">
          <label htmlFor="tim-thu-tuc">Tìm thủ tục theo tên hoặc mã</label>{" "}
          <input id="tim-thu-tuc" name="q" type="search" maxLength={200} placeholder="Ví dụ: khai sinh" />{" "}
          <button type="submit" className="button">
            Tìm
          </button>{" "}
          <Link to={`${base}/thu-tuc`}>Lọc theo lĩnh vực, phí, thời hạn</Link>
        </form>
        {organization ? <OrganizationCard organization={organization} extra={organizationExtra} /> : null}
        {documents.codeOfConduct || documents.quality ? (
          <ul className="home-links plain-list">
            {documents.codeOfConduct ? (
              <li>
                <Link to={`${base}/quy-tac-ung-xu`}>Bộ quy tắc ứng xử</Link>
              </li>
            ) : null}
            {documents.quality ? (
              <li>
                <Link to={`${base}/chinh-sach-chat-luong`}>Chính sách và mục tiêu chất lượng</Link>
              </li>
            ) : null}
          </ul>
        ) : null}
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
                  <Link to={`${base}/thu-tuc/${p.code}`}>{p.name}</Link> <span className="code">Mã {p.code}</span>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </main>
    </>
  );
}

/** The portal of a many-commune deployment: every commune's listing. */
function CommuneIndex({ communes }: { communes: { code: string; name: string; provinceName: string | null }[] }) {
  return (
    <>
      <SiteHeader organization={null} base="" />
      <main id="noi-dung" className="page">
        <h1>Danh mục thủ tục hành chính theo xã, phường</h1>
        <p className="lead">Chọn xã, phường để xem các thủ tục hành chính niêm yết công khai tại Bộ phận Một cửa.</p>
        <ul className="procedure-list">
          {communes.map((c) => (
            <li key={c.code}>
              <Link to={`/xa/${c.code}`}>{c.name}</Link>{" "}
              <span className="code">
                {c.provinceName ? `${c.provinceName} · ` : ""}Mã {c.code}
              </span>
            </li>
          ))}
        </ul>
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
