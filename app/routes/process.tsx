import { DatabaseTroublePage, useDatabaseTrouble } from "~/components/DatabaseTrouble";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { NotFoundPage } from "~/components/NotFoundPage";
import { PublicPage } from "~/components/PublicPage";
import { RichText } from "~/components/RichText";
import { TableWrap } from "~/components/ui/TableWrap";
import { formatDate, formatDuration, todayInVietnam } from "~/domain/format";
import { compareStepTimes, formatWorkingTime } from "~/domain/process-time";
import type { Procedure, Process } from "~/generated";
import { getOrganization } from "~/models/procedure.server";
import { optionsAt } from "~/utils/schema-labels.server";
import { requirePublicUnit } from "~/utils/workspace.server";
import { safeHtml } from "./procedure.server";

const PROCESS_CODE = /^[A-Za-z0-9._-]{1,60}$/;

/**
 * `/quy-trinh/<code>`: an internal process (quy trình nội bộ, TCVN ISO 9001:2015) as the commune applies it — its
 * document control, the steps with who does them and in how long, and the steps' total checked against the legal
 * time limit of each procedure and channel it serves.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!PROCESS_CODE.test(code)) throw new Response("Mã quy trình không hợp lệ", { status: 404 });
  const { catalog, base, unit } = await requirePublicUnit(request, params);
  const today = todayInVietnam();
  const [organization, process] = await Promise.all([getOrganization(catalog, { today, unit: unit.code }), catalog.get<Process>("process", code)]);
  if (!process || (process.retiredFrom !== null && process.retiredFrom <= today)) throw new Response("Không tìm thấy quy trình", { status: 404 });
  const p = process.body;
  const channelNames = optionsAt("procedure", ["channels", "type"]);
  const served = await catalog.many<Procedure>("procedure", today, p.procedureCodes ?? []);
  // Each procedure and channel the process covers: the legal limit and whether the steps add up to it.
  const checks = served
    .filter((proc) => proc.listed)
    .flatMap((proc) =>
      proc.body.channels
        .filter((ch) => !p.channels?.length || p.channels.includes(ch.type))
        .map((ch) => {
          const result = compareStepTimes(p.steps, ch.timeLimit);
          const unitOfLimit = ch.timeLimit.unit === "working_hours" ? "working_hours" : "working_days";
          const text =
            result.kind === "ok"
              ? `Tổng thời gian các bước (${formatWorkingTime(result.total, unitOfLimit)}) bằng thời hạn giải quyết.`
              : result.kind === "mismatch"
                ? `Tổng thời gian các bước là ${formatWorkingTime(result.total, unitOfLimit)}, khác thời hạn giải quyết ${formatWorkingTime(result.limit, unitOfLimit)}.`
                : result.kind === "unconvertible-step"
                  ? `Không cộng được thời gian: bước ${result.stepIndex + 1} không tính bằng ngày hoặc giờ làm việc.`
                  : "Thời hạn giải quyết không tính bằng ngày hoặc giờ làm việc nên không đối chiếu được.";
          return { procedure: { code: proc.key, name: proc.title }, channel: channelNames[ch.type] ?? ch.type, limit: formatDuration(ch.timeLimit), ok: result.kind === "ok", text };
        }),
    );
  return {
    organization,
    base,
    process: {
      code: p.code,
      name: p.name,
      control: p.documentControl,
      purpose: p.purpose ?? null,
      scope: p.scope ?? null,
      steps: p.steps.map((s) => ({
        order: s.order,
        name: s.name,
        responsible: s.responsible,
        duration: formatDuration(s.duration),
        html: safeHtml(s.content),
        output: s.output ?? null,
        forms: s.forms ?? [],
        branches: (s.branches ?? []).map((b) => `${b.condition} → ${[b.action, b.goTo ? `chuyển bước ${b.goTo}` : ""].filter(Boolean).join(", ")}`),
      })),
      records: (p.records ?? []).map((r) => ({ name: r.name, keeper: r.keeper, retention: r.retention })),
    },
    checks,
    changedIn: process.changedIn,
  };
}

export default function ProcessPage() {
  const { organization, base, process: p, checks, changedIn } = useLoaderData<typeof loader>();
  return (
    <PublicPage organization={organization} base={base}>
      <article aria-labelledby="ten-quy-trinh">
        <h1 id="ten-quy-trinh">{p.name}</h1>
        <p className="code">
          Mã hiệu {p.control.documentCode} · Lần ban hành {p.control.issue}{p.control.effectiveDate ? ` · Ngày hiệu lực ${formatDate(p.control.effectiveDate)}` : ""}
        </p>
        {p.purpose ? (
          <>
            <h2>Mục đích</h2>
            <p>{p.purpose}</p>
          </>
        ) : null}
        {p.scope ? (
          <>
            <h2>Phạm vi áp dụng</h2>
            <p>{p.scope}</p>
          </>
        ) : null}
        <h2>Các bước thực hiện</h2>
        <TableWrap label="Bảng các bước của quy trình">
          <table>
            <thead>
              <tr>
                <th scope="col">Bước</th>
                <th scope="col">Nội dung công việc</th>
                <th scope="col">Trách nhiệm</th>
                <th scope="col">Thời gian</th>
                <th scope="col">Kết quả, biểu mẫu</th>
              </tr>
            </thead>
            <tbody>
              {p.steps.map((s) => (
                <tr key={s.order}>
                  <td>{s.order}</td>
                  <th scope="row">
                    {s.name}
                    {s.html ? <RichText html={s.html} /> : null}
                    {s.branches.length ? (
                      <ul>
                        {s.branches.map((b) => (
                          <li key={b}>{b}</li>
                        ))}
                      </ul>
                    ) : null}
                  </th>
                  <td>{s.responsible}</td>
                  <td>{s.duration}</td>
                  <td>
                    {s.output ?? ""}
                    {s.forms.length ? ` (${s.forms.join(", ")})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {checks.length ? (
          <>
            <h2>Đối chiếu với thời hạn giải quyết</h2>
            <ul>
              {checks.map((c) => (
                <li key={`${c.procedure.code}-${c.channel}`} className={c.ok ? undefined : "warning-text"}>
                  <Link to={`${base}/thu-tuc/${c.procedure.code}`}>{c.procedure.name}</Link> – {c.channel}: thời hạn {c.limit}. {c.text}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {p.records.length ? (
          <>
            <h2>Hồ sơ lưu</h2>
            <ul>
              {p.records.map((r) => (
                <li key={r.name}>
                  {r.name}
                  {r.keeper ? ` – nơi lưu: ${r.keeper}` : ""}
                  {r.retention ? ` – thời gian lưu: ${r.retention}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="meta-line">Cập nhật trong bản niêm yết số {changedIn}.</p>
      </article>
    </PublicPage>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.process.name} – Quy trình nội bộ` : "Không tìm thấy quy trình" }];

export function ErrorBoundary() {
  const error = useRouteError();
  const trouble = useDatabaseTrouble();
  if (trouble) return <DatabaseTroublePage trouble={trouble} />;
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage message="Không tìm thấy quy trình nội bộ này." />;
  throw error;
}
