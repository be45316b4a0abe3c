import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DownloadLinks } from "~/components/DownloadLinks";
import { TableWrap } from "~/components/ui/TableWrap";
import { RULE_IDS, RULES, type Finding, type RuleId } from "~/domain/consistency";
import { formatDate, formatNumber, todayInVietnam } from "~/domain/format";
import { KINDS } from "~/domain/kinds";
import { EXPORT_PATHS, exportHrefs } from "~/domain/paths";
import type { LocalOverride } from "~/generated";
import { fieldIdOf } from "~/domain/problems";
import { unitConsistency } from "~/models/consistency.server";
import { overridesInForce } from "~/models/override.server";
import { requireWorkspace } from "~/utils/workspace.server";
import { overrideFormPointer } from "./documents/override.server";

/**
 * The consistency report of the unit acted in (app/domain/consistency.ts): the same rules as `npm run cli --
 * check`, over the documents in force as the unit applies them. Each finding links to the field to fix.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, unit } = await requireWorkspace(request, "catalog:read");
  const today = todayInVietnam();
  const found = await unitConsistency(db, { unit, today });
  const overrides = found.some((f) => f.kind === "local-override") ? await overridesInForce(db) : new Map<string, never>();
  const findings = found.map((f) => ({ ...f, href: fieldHref(f, overrides.get(f.code)) }));
  const groups = RULE_IDS.map((rule) => ({ rule, findings: findings.filter((f) => f.rule === rule) })).filter((g) => g.findings.length > 0);
  return { unitName: unit.name, today, groups, errors: findings.filter((f) => f.severity === "error").length, warnings: findings.filter((f) => f.severity === "warning").length };
}

/**
 * Where the finding's field is edited: the document's editor at the field (an override's editor has a field per
 * place of the province document), or the list of its kind when the document does not exist yet.
 */
function fieldHref(f: Finding, override: LocalOverride | undefined): string {
  if (!f.code) return `/admin/${f.kind}`;
  const pointer = override ? overrideFormPointer(override, f.pointer) : f.pointer;
  return `/admin/${f.kind}/${encodeURIComponent(f.code)}#${fieldIdOf(pointer)}`;
}

const SEVERITY_LABELS = { error: "Lỗi", warning: "Cảnh báo" } as const;

function RuleSection({ rule, findings }: { rule: RuleId; findings: (Finding & { href: string })[] }) {
  const { title, severity } = RULES[rule];
  const id = `quy-tac-${rule}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>
        {SEVERITY_LABELS[severity]}: {title} ({formatNumber(findings.length)})
      </h3>
      <TableWrap label={title}>
        <table>
          <thead>
            <tr>
              <th scope="col">Tài liệu</th>
              <th scope="col">Trường cần sửa</th>
              <th scope="col">Nội dung</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={`${f.kind}/${f.code}${f.pointer}/${f.message}`}>
                <td>
                  {KINDS[f.kind].label} {f.code}
                </td>
                <td>
                  <Link to={f.href}>{f.fieldTitle}</Link>
                </td>
                <td>{f.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export default function ConsistencyReport() {
  const { unitName, today, groups, errors, warnings } = useLoaderData<typeof loader>();
  const bySeverity = (severity: "error" | "warning") => groups.filter((g) => RULES[g.rule].severity === severity);
  return (
    <main id="noi-dung" className="page page--wide">
      <h1>Kiểm tra tính nhất quán</h1>
      <p>
        {unitName}, các tài liệu đang áp dụng ngày {formatDate(today)} (cùng quy tắc với lệnh <code>npm run cli -- check</code>):{" "}
        {formatNumber(errors)} lỗi, {formatNumber(warnings)} cảnh báo.
      </p>
      <DownloadLinks label="Tải báo cáo" href={exportHrefs(EXPORT_PATHS.report)} />
      {groups.length === 0 ? <p role="status">Không phát hiện điểm nào không nhất quán.</p> : null}
      {(["error", "warning"] as const).map((severity) =>
        bySeverity(severity).length > 0 ? (
          <section key={severity} aria-labelledby={`muc-${severity}`}>
            <h2 id={`muc-${severity}`}>
              {severity === "error" ? "Lỗi cần sửa" : "Cảnh báo cần xem lại"} ({formatNumber(severity === "error" ? errors : warnings)})
            </h2>
            {bySeverity(severity).map((g) => (
              <RuleSection key={g.rule} rule={g.rule} findings={g.findings} />
            ))}
          </section>
        ) : null,
      )}
    </main>
  );
}

export const meta: MetaFunction = () => [{ title: "Kiểm tra tính nhất quán – Niêm Yết" }];
