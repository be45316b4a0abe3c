import { DatabaseTroublePage, useDatabaseTrouble } from "~/components/DatabaseTrouble";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { NotFoundPage } from "~/components/NotFoundPage";
import { ProcedureDetail } from "~/components/procedure/ProcedureDetail";
import { SiteHeader } from "~/components/SiteHeader";
import { publicCustomValues } from "~/domain/custom-fields";
import { formatDate, formatDuration, todayInVietnam } from "~/domain/format";
import { getOrganization, getPublishedProcedure } from "~/models/procedure.server";
import { requirePublicUnit } from "~/utils/workspace.server";
import { qrCodeSvg } from "~/utils/qr-code.server";
import { publicPageUrl } from "~/static-site/context";
import { procedurePageLabels, safeHtml } from "./procedure.server";
import { CALCULATOR_LABELS, CALCULATOR_LIMITS, procedureCalculators } from "./procedure-calculators.server";
import { channelChoiceLabel, channelIds } from "~/domain/calculators";
import { ProcedureCalculator } from "~/components/procedure/ProcedureCalculator";

const PROCEDURE_CODE = /^\d{1,2}\.\d{3,6}(\.\d{2})?$/;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!PROCEDURE_CODE.test(code)) throw new Response("Mã thủ tục không hợp lệ", { status: 404 });
  const { catalog, base, unit } = await requirePublicUnit(request, params);
  const today = todayInVietnam();
  const [view, organization, customFields] = await Promise.all([
    getPublishedProcedure(catalog, { code, today }),
    getOrganization(catalog, { today, unit: unit.code }),
    catalog.customFields("procedure"),
  ]);
  if (!view) throw new Response("Không tìm thấy thủ tục", { status: 404 });
  // Retired through the approval workflow: the page is gone; old links say since when (410 Gone).
  if ("retired" in view) throw data({ name: view.name, retiredFrom: view.retiredFrom }, { status: 410 });
  // A province procedure this commune does not handle: not found here, with the commune's reason.
  if ("unlisted" in view) throw data({ unlisted: { name: view.name, reason: view.reason, unit: organization?.name ?? unit.name } }, { status: 404 });
  const p = view.procedure;
  const html = {
    steps: (p.steps ?? []).map((s) => safeHtml(s.description)),
    requirements: safeHtml(p.requirements),
    notes: safeHtml(p.notes),
  };
  const extra = publicCustomValues(customFields, p);
  const labels = procedurePageLabels();
  const calculators = await procedureCalculators(catalog, view, new URL(request.url), today);
  const pageUrl = publicPageUrl(context, request, base, `/thu-tuc/${p.code}`);
  const qrCode = await qrCodeSvg(pageUrl);
  // schema.org GovernmentService, for search engines (read as data, never run: `<` is escaped).
  const jsonLd = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "GovernmentService",
    name: p.name,
    identifier: p.code,
    url: pageUrl,
    ...(view.field ? { serviceType: view.field.name } : {}),
    ...(organization
      ? {
          provider: { "@type": "GovernmentOrganization", name: organization.name, address: organization.address, ...(organization.hotline ? { telephone: organization.hotline } : {}) },
          areaServed: { "@type": "AdministrativeArea", name: organization.name },
        }
      : {}),
    availableChannel: p.channels.map((c) => ({
      "@type": "ServiceChannel",
      name: labels.options.channelType[c.type] ?? c.type,
      description: `Thời hạn giải quyết: ${formatDuration(c.timeLimit)}`,
      ...(c.place ? { serviceLocation: { "@type": "Place", name: c.place } } : {}),
    })),
  }).replace(/</g, "\\u003c");
  const page = {
    jsonLd,
    qrCode,
    pageUrl,
    view,
    organization,
    html,
    extra,
    labels,
    base,
    calculators,
    calculatorLabels: CALCULATOR_LABELS,
    calculatorLimits: CALCULATOR_LIMITS,
    channelChoices: channelIds(p.channels).map((id, i) => ({ type: id, label: channelChoiceLabel(p.channels, i, labels.options.channelType) })),
  };
  // A calculator input that is not valid: the page, with the message beside the field.
  return Object.keys(calculators.errors).length > 0 ? data(page, { status: 400 }) : page;
}

export default function ProcedurePage() {
  const { jsonLd, qrCode, pageUrl, view, organization, html, extra, labels, base, calculators, calculatorLabels, calculatorLimits, channelChoices } =
    useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader organization={organization} base={base} />
      <main id="noi-dung" className="page">
        <nav aria-label="Đường dẫn" className="breadcrumb">
          <Link to={base || "/"}>Danh mục thủ tục</Link>
          {view.field ? (
            <>
              {" › "}
              <Link to={`${base}/#linh-vuc-${view.field.code}`}>{view.field.name}</Link>
            </>
          ) : null}
        </nav>
        <ProcedureDetail view={view} html={html} extra={extra} labels={labels} base={base} />
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
        <figure className="qr-code">
          <div dangerouslySetInnerHTML={{ __html: qrCode }} />
          <figcaption>
            Quét mã QR để mở trang này: <span className="qr-code__url">{pageUrl}</span>
          </figcaption>
        </figure>
        {view.repealed ? null : (
          <ProcedureCalculator
            action={`${base}/thu-tuc/${view.procedure.code}`}
            channels={channelChoices}
            labels={calculatorLabels}
            limits={calculatorLimits}
            values={calculators.values}
            errors={calculators.errors}
            result={calculators.result}
          />
        )}
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
  // Open Graph: how the page reads when an officer shares its link.
  ...(data
    ? [
        { property: "og:type", content: "website" },
        { property: "og:locale", content: "vi_VN" },
        { property: "og:title", content: data.view.procedure.name },
        { property: "og:description", content: `Thủ tục hành chính mã ${data.view.procedure.code}${data.organization ? `, ${data.organization.name}` : ""}: trình tự, hồ sơ, thời hạn, phí, lệ phí.` },
        ...(data.organization ? [{ property: "og:site_name", content: data.organization.name }] : []),
      ]
    : []),
];

export function ErrorBoundary() {
  const error = useRouteError();
  const trouble = useDatabaseTrouble();
  if (trouble) return <DatabaseTroublePage trouble={trouble} />;
  if (isRouteErrorResponse(error) && error.status === 404 && error.data && typeof error.data === "object" && "unlisted" in error.data) {
    const { name, reason, unit } = (error.data as { unlisted: { name: string; reason: string | null; unit: string } }).unlisted;
    return (
      <NotFoundPage
        title="Thủ tục không niêm yết tại đơn vị này"
        message={`${unit} không giải quyết thủ tục «${name}».${reason ? ` ${reason}` : ""}`}
      />
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <NotFoundPage message="Không tìm thấy thủ tục hành chính có mã này trong danh mục niêm yết." />;
  }
  if (isRouteErrorResponse(error) && error.status === 410) {
    const gone = error.data as { name: string; retiredFrom: string };
    return (
      <NotFoundPage
        title="Thủ tục đã ngừng áp dụng"
        message={`Thủ tục «${gone.name}» đã ngừng áp dụng từ ngày ${formatDate(gone.retiredFrom)} và không còn trong danh mục niêm yết.`}
      />
    );
  }
  throw error;
}
