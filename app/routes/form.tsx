import { DatabaseTroublePage, useDatabaseTrouble } from "~/components/DatabaseTrouble";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import paperStylesheet from "~/styles/paper.css?url";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { useEffect, useState, type ComponentType } from "react";
import type { JSONSchema7 } from "json-schema";
import { PaperForm } from "~/components/forms/PaperForm";
import { NotFoundPage } from "~/components/NotFoundPage";
import { SiteHeader } from "~/components/SiteHeader";
import { formatDate, todayInVietnam } from "~/domain/format";
import { paperLayout } from "~/domain/paper-form";
import type { Form } from "~/generated";
import { versionOn } from "~/models/versions.server";
import { getOrganization } from "~/models/procedure.server";
import { requirePublicUnit } from "~/utils/workspace.server";
import type { RouteHandle } from "~/root";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: paperStylesheet, media: "all" }];

/**
 * The blank form is complete HTML; the page also loads the client app so that a citizen who wants to can fill it
 * in on screen (rjsf is fetched only on that click) and print it filled in.
 */
export const handle: RouteHandle = { hydrate: true };

const FORM_CODE = /^[A-Za-z0-9._-]{1,120}$/;

/** The blank printable form (biểu mẫu, tờ khai) of the catalog's form in force: HTML and CSS only, A4 in print. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!FORM_CODE.test(code)) throw new Response("Mã biểu mẫu không hợp lệ", { status: 404 });
  const { catalog, base, unit } = await requirePublicUnit(request, params);
  const today = todayInVietnam();
  const [form, organization, versions] = await Promise.all([
    catalog.inForce("form", today).then((all) => all.find((f) => f.key === code) ?? null),
    getOrganization(catalog, { today, unit: unit.code }),
    catalog.versions("form", code),
  ]);
  if (!form) throw new Response("Không tìm thấy biểu mẫu", { status: 404 });
  // `?phien-ban=N`: any approved version, older or coming; without it, the version that applies today.
  const asked = new URL(request.url).searchParams.get("phien-ban");
  const current = versionOn(versions, today);
  const shown = asked === null ? current : (versions.find((v) => String(v.revision) === asked) ?? null);
  if (!shown) throw new Response("Không tìm thấy phiên bản này của biểu mẫu", { status: 404 });
  const body = await catalog.body<Form>("form", code, shown.revision);
  if (!body) throw new Response("Không tìm thấy biểu mẫu", { status: 404 });
  const circular = body.legalBasis?.[0]?.number;
  const templateLine = [body.templateNumber, circular ? `Ban hành kèm theo ${circular}` : null].filter(Boolean).join(" – ") || null;
  return {
    organization,
    base,
    code,
    name: body.name,
    templateLine,
    layout: paperLayout(body.schema as JSONSchema7, body.uiSchema as Record<string, unknown> | undefined, body.name),
    schema: body.schema as RJSFSchema,
    uiSchema: (body.uiSchema ?? {}) as UiSchema,
    shown: { ...shown, isCurrent: shown.revision === current?.revision, isFuture: shown.from > today },
    versions: versions.map((v) => ({ ...v, isCurrent: v.revision === current?.revision })),
  };
}

type Filler = ComponentType<{ schema: RJSFSchema; uiSchema: UiSchema; values: unknown; onChange: (values: unknown) => void }>;

export default function PrintableForm() {
  const page = useLoaderData<typeof loader>();
  // Offered only once the page runs script: without it the blank form is the whole page.
  const [scripted, setScripted] = useState(false);
  const [Filler, setFiller] = useState<Filler | null>(null);
  const [values, setValues] = useState<unknown>({});
  useEffect(() => setScripted(true), []);
  const startFilling = async () => {
    const loaded = await import("~/components/forms/FillForm");
    setFiller(() => loaded.default);
  };
  return (
    <>
      <SiteHeader organization={page.organization} base={page.base} />
      <main id="noi-dung" className="page paper-page">
        <nav aria-label="Đường dẫn" className="breadcrumb screen-only">
          <Link to={page.base || "/"}>Danh mục thủ tục</Link> › Biểu mẫu
        </nav>
        <p className="screen-only paper-hint">Mẫu để trống, in trên khổ giấy A4: dùng lệnh In của trình duyệt (Ctrl+P) rồi điền tay.</p>
        {page.shown.isCurrent ? null : (
          <p className="notice screen-only">
            {page.shown.isFuture
              ? `Đây là phiên bản mới của mẫu, áp dụng từ ngày ${formatDate(page.shown.from)}.`
              : `Đây là phiên bản cũ của mẫu, đã áp dụng từ ngày ${formatDate(page.shown.from)}${page.shown.until ? ` đến ngày ${formatDate(page.shown.until)}` : ""}.`}{" "}
            <Link to={`${page.base}/bieu-mau/${page.code}`}>Xem mẫu đang áp dụng</Link>
          </p>
        )}
        {page.versions.length > 1 ? (
          <nav aria-labelledby="cac-phien-ban" className="screen-only">
            <h2 id="cac-phien-ban">Các phiên bản của mẫu</h2>
            <ul>
              {page.versions.map((v) => (
                <li key={v.revision}>
                  <Link
                    to={`${page.base}/bieu-mau/${page.code}?phien-ban=${v.revision}`}
                    aria-current={v.revision === page.shown.revision ? "page" : undefined}
                  >
                    Áp dụng từ {formatDate(v.from)}
                    {v.until ? ` đến ${formatDate(v.until)}` : ""}
                  </Link>
                  {v.isCurrent ? " (đang áp dụng)" : ""}
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {scripted ? (
          <section className="screen-only fill-in" aria-labelledby="dien-tren-may">
            <h2 id="dien-tren-may">Điền trên máy rồi in</h2>
            <p>Những gì bạn nhập chỉ ở trên máy của bạn, không được gửi đi đâu; mẫu bên dưới hiện nội dung đã điền để in.</p>
            {Filler ? (
              <>
                <Filler schema={page.schema} uiSchema={page.uiSchema} values={values} onChange={setValues} />
                <p>
                  <button type="button" className="button" onClick={() => window.print()}>
                    In mẫu đã điền
                  </button>{" "}
                  <button type="button" className="button button--secondary" onClick={() => setValues({})}>
                    Xóa nội dung đã điền
                  </button>
                </p>
              </>
            ) : (
              <p>
                <button type="button" className="button" onClick={startFilling}>
                  Điền trên máy
                </button>
              </p>
            )}
          </section>
        ) : null}
        <PaperForm layout={page.layout} templateLine={page.templateLine} values={values} />
      </main>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.name} (mẫu in)` : "Không tìm thấy biểu mẫu" },
  { name: "description", content: data ? `Mẫu ${data.name} để in trên khổ A4 và điền tay.` : "" },
];

export function ErrorBoundary() {
  const error = useRouteError();
  const trouble = useDatabaseTrouble();
  if (trouble) return <DatabaseTroublePage trouble={trouble} />;
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage message="Không tìm thấy biểu mẫu có mã này trong danh mục." />;
  throw error;
}
