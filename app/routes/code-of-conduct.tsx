import { DatabaseTroublePage, useDatabaseTrouble } from "~/components/DatabaseTrouble";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { LegalReferenceLine } from "~/components/LegalReferenceLine";
import { NotFoundPage } from "~/components/NotFoundPage";
import { RichText } from "~/components/RichText";
import { PublicPage } from "~/components/PublicPage";
import { todayInVietnam } from "~/domain/format";
import { getOrganization, listCodesOfConduct } from "~/models/procedure.server";
import { requirePublicUnit } from "~/utils/workspace.server";
import { safeHtml } from "./procedure.server";

/** `/quy-tac-ung-xu`: the code of conduct the commune's one-stop desk lists (its own, and its province's if any). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { catalog, base, unit } = await requirePublicUnit(request, params);
  const today = todayInVietnam();
  const [organization, codes] = await Promise.all([
    getOrganization(catalog, { today, unit: unit.code }),
    listCodesOfConduct(catalog, { today, unit: unit.code }),
  ]);
  if (codes.length === 0) throw new Response("Đơn vị chưa niêm yết bộ quy tắc ứng xử", { status: 404 });
  return { organization, base, codes: codes.map((c) => ({ ...c.body, html: safeHtml(c.body.content) })) };
}

export default function CodeOfConductPage() {
  const { organization, base, codes } = useLoaderData<typeof loader>();
  return (
    <PublicPage organization={organization} base={base}>
      {codes.map((c, i) => (
        <article key={c.code} aria-labelledby={`quy-tac-${i}`} className="code-of-conduct">
          <h1 id={`quy-tac-${i}`}>{c.name}</h1>
          {c.decision ? (
            <p>
              Ban hành kèm theo <LegalReferenceLine reference={c.decision} />.
            </p>
          ) : null}
          {c.appliesTo ? <p>Áp dụng đối với: {c.appliesTo}.</p> : null}
          {c.slogans?.length ? (
            <ul className="slogans">
              {c.slogans.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : null}
          {c.html ? <RichText html={c.html} /> : null}
        </article>
      ))}
    </PublicPage>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Bộ quy tắc ứng xử${data.organization ? ` – ${data.organization.name}` : ""}` : "Không tìm thấy bộ quy tắc ứng xử" },
];

export function ErrorBoundary() {
  const error = useRouteError();
  const trouble = useDatabaseTrouble();
  if (trouble) return <DatabaseTroublePage trouble={trouble} />;
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage message="Đơn vị chưa niêm yết bộ quy tắc ứng xử." />;
  throw error;
}
