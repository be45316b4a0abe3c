import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/domain/format";
import { listAudit } from "~/models/audit.server";
import { requireWorkspace } from "~/utils/workspace.server";
import { getDb } from "~/utils/db.server";
import { AUDIT_FILTER_LABELS } from "~/domain/audit-actions";
import { auditCsv, parseAuditFilter } from "./audit.server";

/** The audit log (with the page's filters) as CSV for auditors. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, units } = await requireWorkspace(request, "audit:read");
  const { filter, errors } = parseAuditFilter(new URL(request.url));
  if (Object.keys(errors).length > 0) {
    const lines = Object.entries(errors).map(([name, message]) => `- ${AUDIT_FILTER_LABELS[name as keyof typeof AUDIT_FILTER_LABELS] ?? name}: ${message}`);
    return new Response(`Bộ lọc không hợp lệ nên không xuất được tệp CSV:\n${lines.join("\n")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const rows = await listAudit(getDb(), user.unitCode === null ? filter : { ...filter, units: units.map((u) => u.code) });
  return new Response(auditCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="nhat-ky-${todayInVietnam()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

