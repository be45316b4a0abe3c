import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { NotFoundPage } from "~/components/NotFoundPage";
import { ProcedureDetail } from "~/components/procedure/ProcedureDetail";
import { SiteHeader } from "~/components/SiteHeader";
import { publicCustomValues } from "~/domain/custom-fields";
import { todayInVietnam } from "~/domain/format";
import { getCustomFields } from "~/models/custom-fields.server";
import { getOrganization, getPublishedProcedure } from "~/models/procedure.server";
import { getDb } from "~/utils/db.server";
import { procedurePageLabels, safeHtml } from "./procedure.server";

const PROCEDURE_CODE = /^\d{1,2}\.\d{3,6}(\.\d{2})?$/;

export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!PROCEDURE_CODE.test(code)) throw new Response("Mã thủ tục không hợp lệ", { status: 404 });
  const db = getDb();
  const [view, organization, customFields] = await Promise.all([
    getPublishedProcedure(db, { code, today: todayInVietnam() }),
    getOrganization(db),
    getCustomFields(db, "procedure"),
  ]);
  if (!view) throw new Response("Không tìm thấy thủ tục", { status: 404 });
  const p = view.procedure;
  const html = {
    steps: (p.steps ?? []).map((s) => safeHtml(s.description)),
    requirements: safeHtml(p.requirements),
    notes: safeHtml(p.notes),
  };
  const extra = publicCustomValues(customFields, p);
  return { view, organization, html, extra, labels: procedurePageLabels() };
}

export default function ProcedurePage() {
  const { view, organization, html, extra, labels } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader organization={organization} />
      <main id="noi-dung" className="page">
        <nav aria-label="Đường dẫn" className="breadcrumb">
          <Link to="/">Danh mục thủ tục</Link>
          {view.field ? (
            <>
              {" › "}
              <Link to={`/#linh-vuc-${view.field.code}`}>{view.field.name}</Link>
            </>
          ) : null}
        </nav>
        <ProcedureDetail view={view} html={html} extra={extra} labels={labels} />
      </main>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `${data.view.procedure.name} (${data.view.procedure.code})` : "Không tìm thấy thủ tục",
  },
  {
    name: "description",
    content: data ? `Thủ tục hành chính ${data.view.procedure.name}: trình tự, hồ sơ, thời hạn, phí, lệ phí.` : "",
  },
];

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <NotFoundPage message="Không tìm thấy thủ tục hành chính có mã này trong danh mục niêm yết." />;
  }
  throw error;
}
