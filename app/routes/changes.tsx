import { DatabaseTroublePage, useDatabaseTrouble } from "~/components/DatabaseTrouble";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { NotFoundPage } from "~/components/NotFoundPage";
import { PublicPage } from "~/components/PublicPage";
import { formatDate, formatNumber, todayInVietnam } from "~/domain/format";
import { describeEntry } from "~/domain/release-changes";
import { getOrganization } from "~/models/procedure.server";
import { listReleases } from "~/models/release.server";
import { requirePublicUnit } from "~/utils/workspace.server";

const LINKED_KINDS: Record<string, string> = { procedure: "thu-tuc", process: "quy-trinh", form: "bieu-mau" };

/**
 * `/thay-doi`: the change logs of the commune's releases — what each "Bản niêm yết số N" added, changed (field by
 * field, old → new) and removed. `?ban=N` shows release N; without it, the one live now. Releases that never went
 * live (drafts, scheduled) are not shown.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, catalog, base, unit } = await requirePublicUnit(request, params);
  const today = todayInVietnam();
  const asked = new URL(request.url).searchParams.get("ban");
  const releases = (await listReleases(db, unit.code)).filter(
    (r) => r.status === "live" || r.status === "superseded" || (catalog.release.preview && r.number === catalog.release.number),
  );
  const number = asked === null ? catalog.release.number : Number(asked);
  const shown = releases.find((r) => r.number === number);
  if (!shown) throw new Response("Không có bản niêm yết này", { status: 404 });
  return {
    organization: await getOrganization(catalog, { today, unit: unit.code }),
    base,
    releases: releases.map((r) => ({ number: r.number, liveSince: r.liveSince ?? r.effectiveAt, note: r.note, counts: r.procedureChanges, live: r.status === "live" })),
    shown: {
      number: shown.number,
      note: shown.note,
      liveSince: shown.liveSince ?? shown.effectiveAt,
      baseNumber: shown.baseNumber,
      entries: shown.changeLog.entries.map((e) => ({ ...e, heading: describeEntry(e), path: LINKED_KINDS[e.kind] ?? null })),
      omitted: shown.changeLog.omitted,
    },
  };
}

export default function ChangesPage() {
  const { organization, base, releases, shown } = useLoaderData<typeof loader>();
  return (
    <PublicPage organization={organization} base={base}>
      <h1>Các lần thay đổi danh mục niêm yết</h1>
      <section aria-labelledby="ban-dang-xem">
        <h2 id="ban-dang-xem">
          Bản niêm yết số {shown.number}, hiệu lực từ {formatDate(shown.liveSince)}
        </h2>
        {shown.note ? <p>{shown.note}</p> : null}
        <p>
          {shown.baseNumber === null ? "Bản niêm yết đầu tiên." : `So với bản niêm yết số ${shown.baseNumber}:`}{" "}
          {shown.entries.length === 0 ? "không có thay đổi." : null}
        </p>
        {shown.entries.length ? (
          <ul className="change-log">
            {shown.entries.map((e) => (
              <li key={`${e.kind}-${e.key}`}>
                <strong>{e.heading}:</strong>{" "}
                {e.path && e.change !== "removed" ? <Link to={`${base}/${e.path}/${e.key}`}>{e.title}</Link> : e.title}{" "}
                <span className="code">({e.key})</span>
                {e.fields?.length ? (
                  <ul>
                    {e.fields.map((f, i) => (
                      <li key={i}>
                        {f.path}: {f.kind === "added" ? `bổ sung «${f.after ?? ""}»` : f.kind === "removed" ? `bỏ «${f.before ?? ""}»` : `«${f.before ?? ""}» → «${f.after ?? ""}»`}
                      </li>
                    ))}
                    {e.more ? <li>và {formatNumber(e.more)} thay đổi khác</li> : null}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {shown.omitted ? <p>và {formatNumber(shown.omitted)} thay đổi khác không liệt kê ở đây.</p> : null}
      </section>
      {releases.length > 1 ? (
        <nav aria-labelledby="cac-ban">
          <h2 id="cac-ban">Các bản niêm yết</h2>
          <ul>
            {releases.map((r) => (
              <li key={r.number}>
                {r.number === shown.number ? (
                  <strong>Bản số {r.number}</strong>
                ) : (
                  <Link to={`${base}/thay-doi?ban=${r.number}`}>Bản số {r.number}</Link>
                )}
                , hiệu lực từ {formatDate(r.liveSince)}
                {r.live ? " (đang niêm yết)" : ""}: {r.counts.added} bổ sung, {r.counts.changed} sửa đổi, {r.counts.removed} bãi bỏ thủ tục
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </PublicPage>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Các lần thay đổi${data.organization ? ` – ${data.organization.name}` : ""}` : "Không tìm thấy bản niêm yết" },
];

export function ErrorBoundary() {
  const error = useRouteError();
  const trouble = useDatabaseTrouble();
  if (trouble) return <DatabaseTroublePage trouble={trouble} />;
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage message="Không có bản niêm yết này." />;
  throw error;
}
