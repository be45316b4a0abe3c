import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OrganizationCard } from "~/components/OrganizationCard";
import { SiteHeader } from "~/components/SiteHeader";
import { publicCustomValues } from "~/domain/custom-fields";
import { formatNumber, todayInVietnam } from "~/domain/format";
import { getOrganization, listPublishedProceduresByField } from "~/models/procedure.server";
import { getRelease } from "~/models/release.server";
import { getDb } from "~/utils/db.server";
import { ReleaseLine } from "~/components/ReleaseLine";
import { latestChanges } from "~/domain/release-changes";
import { listPublicCommunes, publicUnitOf } from "~/utils/workspace.server";

/** Up to this many procedures, the home page lists them all under their fields. */
const HOME_LIST_MAX = 300;

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Several communes and none chosen (no default, no host name): the portal lists the communes.
  const shown = await publicUnitOf(request, params);
  const none = { codeOfConduct: false, quality: false };
  const empty = { organization: null, organizationExtra: [], groups: [], total: 0, documents: none, release: null, changes: [] };
  if (!shown) return { ...empty, communes: await listPublicCommunes(getDb()), base: "", unitName: null };
  const { db, base, unit, catalog } = shown;
  // A commune before its first release: nothing is listed yet.
  if (!catalog) return { ...empty, communes: null, base, unitName: unit.name };
  const today = todayInVietnam();
  const [organization, groups, customFields, codes, quality, release] = await Promise.all([
    getOrganization(catalog, { today, unit: unit.code }),
    listPublishedProceduresByField(catalog, { today }),
    catalog.customFields("organization"),
    catalog.inForce("code-of-conduct", today),
    catalog.inForce("quality", today),
    getRelease(db, unit.code, catalog.release.number),
  ]);
  // Links to the commune's code of conduct and quality policy, when it has them.
  const documents = { codeOfConduct: codes.length > 0, quality: quality.length > 0 };
  const total = groups.reduce((sum, g) => sum + g.procedures.length, 0);
  const organizationExtra = organization ? publicCustomValues(customFields, organization) : [];
  // A long catalog is not one page of links: each field then links to its list on /thu-tuc.
  const full = total <= HOME_LIST_MAX;
  return {
    communes: null,
    organization,
    organizationExtra,
    groups: groups.map((g) => ({ field: g.field, count: g.procedures.length, procedures: full ? g.procedures : [] })),
    total,
    base,
    documents,
    unitName: unit.name,
    release: { ...catalog.release },
    changes: release ? latestChanges(release.changeLog) : [],
  };
}

export default function Home() {
  const { communes, organization, organizationExtra, groups, total, base, documents, unitName, release, changes } = useLoaderData<typeof loader>();
  if (communes) return <CommuneIndex communes={communes} />;
  if (!release) {
    return (
      <>
        <SiteHeader organization={null} base={base} />
        <main id="noi-dung" className="page">
          <h1>Danh mục thủ tục hành chính</h1>
          <p className="lead">{unitName} chưa công bố bản niêm yết thủ tục hành chính nào.</p>
        </main>
      </>
    );
  }
  return (
    <>
      <SiteHeader organization={organization} base={base} />
      <main id="noi-dung" className="page">
        <h1>Danh mục thủ tục hành chính</h1>
        <p className="lead">
          {organization ? `${organization.name} niêm yết công khai ` : "Niêm yết công khai "}
          <strong>{formatNumber(total)} thủ tục hành chính</strong> thuộc {formatNumber(groups.length)} lĩnh vực.
        </p>
        <ReleaseLine release={release} base={base} />
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
        {changes.length > 0 ? (
          <section aria-labelledby="changes-title" className="latest-changes">
            <h2 id="changes-title">Thay đổi mới nhất</h2>
            <ul>
              {changes.map((c) => (
                <li key={`${c.change}-${c.key}`}>
                  {c.label}:{" "}
                  {c.change === "removed" ? c.title : <Link to={`${base}/thu-tuc/${c.key}`}>{c.title}</Link>}
                </li>
              ))}
            </ul>
            <p>
              <Link to={`${base}/thay-doi`}>Xem toàn bộ các lần thay đổi</Link>
            </p>
          </section>
        ) : null}
        <nav aria-labelledby="fields-title" className="field-index">
          <h2 id="fields-title">Lĩnh vực</h2>
          <ul>
            {groups.map((g) => (
              <li key={g.field.code}>
                {g.procedures.length ? (
                  <a href={`#linh-vuc-${g.field.code}`}>{g.field.name}</a>
                ) : (
                  <Link to={`${base}/thu-tuc?linh-vuc=${encodeURIComponent(g.field.code)}`}>{g.field.name}</Link>
                )}{" "}
                <span className="count">({formatNumber(g.count)})</span>
              </li>
            ))}
          </ul>
        </nav>
        {groups.filter((g) => g.procedures.length > 0).map((g) => (
          <section key={g.field.code} id={`linh-vuc-${g.field.code}`} aria-labelledby={`tieu-de-${g.field.code}`} className="field-group">
            <h2 id={`tieu-de-${g.field.code}`}>
              {g.field.name} <span className="count">({formatNumber(g.count)} thủ tục)</span>
            </h2>
            <ol className="procedure-list">
              {g.procedures.map((p) => (
                <li key={p.code}>
                  <Link to={`${base}/thu-tuc/${p.code}`}>{p.name}</Link> <span className="code">Mã {p.code}</span>
                </li>
              ))}
            </ol>
            <p className="field-group__more">
              <Link to={`${base}/thu-tuc?linh-vuc=${encodeURIComponent(g.field.code)}`}>Danh sách riêng lĩnh vực {g.field.name}</Link>
            </p>
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
