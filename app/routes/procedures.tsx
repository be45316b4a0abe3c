import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PublicPage } from "~/components/PublicPage";
import { Pagination } from "~/components/ui/Pagination";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { SelectField } from "~/components/ui/SelectField";
import { formatNumber, todayInVietnam } from "~/domain/format";
import { searchByName } from "~/domain/public-search";
import { QueryReader } from "~/domain/query";
import { getOrganization, listPublicProcedures } from "~/models/procedure.server";
import { optionsAt } from "~/utils/schema-labels.server";
import { requirePublicUnit } from "~/utils/workspace.server";

/**
 * `/thu-tuc` (and `/xa/<code>/thu-tuc`): the commune's procedures for citizens, with the search (app/domain/
 * public-search.ts), filters by field, online service level, free of charge and same-day result, and pages. A GET
 * form: it works without JavaScript, and every page of results has its own address.
 */

const PAGE_SIZE = 20;
const SEARCH_MAX = 200;
const LABELS = {
  q: "Tìm thủ tục",
  field: "Lĩnh vực",
  online: "Mức độ dịch vụ công trực tuyến",
  free: "Không mất phí, lệ phí",
  sameDay: "Có kết quả trong ngày",
  page: "Trang",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { catalog, base, unit } = await requirePublicUnit(request, params);
  const today = todayInVietnam();
  const url = new URL(request.url);
  const [organization, all, fieldDocs] = await Promise.all([
    getOrganization(catalog, { today, unit: unit.code }),
    listPublicProcedures(catalog, { today }),
    catalog.inForce("field", today),
  ]);
  // The fields the listed procedures are filed under, for the filter.
  const present = new Set(all.map((p) => p.fieldCode));
  const collator = new Intl.Collator("vi");
  const fields = fieldDocs
    .filter((f) => present.has(f.key))
    .map((f) => ({ code: f.key, name: f.title }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const onlineLevels = optionsAt("procedure", ["onlineLevel"]);
  const q = new QueryReader(url.searchParams);
  const text = q.text("q", LABELS.q, SEARCH_MAX) ?? "";
  const field = q.choice(
    "linh-vuc",
    LABELS.field,
    fields.map((f) => f.code),
  );
  const online = q.choice("muc-do", LABELS.online, Object.keys(onlineLevels));
  const free = q.flag("mien-phi", LABELS.free);
  const sameDay = q.flag("trong-ngay", LABELS.sameDay);
  const requested = q.integer("trang", LABELS.page, { min: 1, max: 10_000, fallback: 1 });
  const filtered = all.filter(
    (p) => (!field || p.fieldCode === field) && (!online || p.onlineLevel === online) && (!free || p.free) && (!sameDay || p.sameDay),
  );
  // Without words, the list as it is (in name order); with words, ranked.
  const hits = text ? searchByName(filtered, text) : filtered.map((item) => ({ item, parts: [{ text: item.name, match: false }] }));
  const pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
  const page = Math.min(requested, pages);
  const fieldNames = Object.fromEntries(fields.map((f) => [f.code, f.name]));
  const href = (n: number) =>
    `?${new URLSearchParams({ ...Object.fromEntries([...url.searchParams].filter(([k, v]) => k !== "trang" && v)), trang: String(n) })}`;
  const result = {
    organization,
    base,
    fields,
    onlineLevels,
    values: q.values,
    errors: q.errors,
    total: hits.length,
    searching: Boolean(text || field || online || free || sameDay),
    items: hits
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map((h) => ({ code: h.item.code, parts: h.parts, field: fieldNames[h.item.fieldCode] ?? h.item.fieldCode })),
    page,
    pages,
    previousHref: page > 1 ? href(page - 1) : null,
    nextHref: page < pages ? href(page + 1) : null,
  };
  return Object.keys(q.errors).length > 0 ? data(result, { status: 400 }) : result;
}

export default function Procedures() {
  const { organization, base, fields, onlineLevels, values, errors, total, searching, items, page, pages, previousHref, nextHref } =
    useLoaderData<typeof loader>();
  const summaryLabels = {
    q: LABELS.q,
    "linh-vuc": LABELS.field,
    "muc-do": LABELS.online,
    "mien-phi": LABELS.free,
    "trong-ngay": LABELS.sameDay,
    trang: LABELS.page,
  };
  return (
    <PublicPage organization={organization} base={base}>
      <h1>Tìm thủ tục hành chính</h1>
      <ErrorSummary errors={errors} labels={summaryLabels} />
      <Form method="get" className="filters public-search" reloadDocument>
        <div className={`field${errors.q ? " field--error" : ""}`}>
          <label htmlFor="q">{LABELS.q}</label>
          <FieldError id="q" message={errors.q} />
          <input id="q" name="q" type="search" defaultValue={values.q} maxLength={SEARCH_MAX} placeholder="Ví dụ: khai sinh" />
        </div>
        <SelectField
          id="linh-vuc"
          label={LABELS.field}
          error={errors["linh-vuc"]}
          options={fields.map((f) => [f.code, f.name] as const)}
          defaultValue={values["linh-vuc"]}
          anyLabel="(tất cả)"
        />
        <SelectField
          id="muc-do"
          label={LABELS.online}
          error={errors["muc-do"]}
          options={Object.entries(onlineLevels)}
          defaultValue={values["muc-do"]}
          anyLabel="(tất cả)"
        />
        {[
          { name: "mien-phi", label: LABELS.free },
          { name: "trong-ngay", label: LABELS.sameDay },
        ].map((f) => (
          <div key={f.name} className={`field${errors[f.name] ? " field--error" : ""}`}>
            <FieldError id={f.name} message={errors[f.name]} />
            <label className="checkbox">
              <input type="checkbox" id={f.name} name={f.name} value="1" defaultChecked={values[f.name] === "1"} /> {f.label}
            </label>
          </div>
        ))}
        <p>
          <button type="submit" className="button">
            Tìm
          </button>
        </p>
      </Form>
      <p role="status">
        {searching ? `Tìm thấy ${formatNumber(total)} thủ tục` : `${formatNumber(total)} thủ tục`}
        {pages > 1 ? ` — trang ${formatNumber(page)}/${formatNumber(pages)}` : ""}.
      </p>
      {items.length > 0 ? (
        <ol className="procedure-list" start={(page - 1) * PAGE_SIZE + 1}>
          {items.map((p) => (
            <li key={p.code}>
              <Link to={`${base}/thu-tuc/${p.code}`}>
                {p.parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
              </Link>{" "}
              <span className="code">Mã {p.code}</span> · <span className="field-name">{p.field}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p>Không có thủ tục nào khớp. Hãy thử ít từ hơn, hoặc bỏ bớt điều kiện lọc.</p>
      )}
      <Pagination previousHref={previousHref} nextHref={nextHref} />
    </PublicPage>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Tìm thủ tục hành chính${data?.organization ? ` – ${data.organization.name}` : ""}` },
  { name: "description", content: "Tìm thủ tục hành chính theo tên, mã, lĩnh vực; lọc thủ tục không mất phí, có kết quả trong ngày." },
];
