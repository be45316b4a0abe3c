import type { LoaderFunctionArgs } from "@remix-run/node";
import { AUDIT_FILTER_LABELS } from "~/domain/audit-actions";
import { todayInVietnam } from "~/domain/format";
import { auditTable, exportResponse, formatOfRequest } from "~/exports/index.server";
import { listAudit } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";
import { requireWorkspace } from "~/utils/workspace.server";
import { parseAuditFilter } from "../audit.server";

/** The audit log (with the page's filters) as .xlsx or CSV for auditors: the entries of the units the account acts in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, units } = await requireWorkspace(request, "audit:read");
  const format = formatOfRequest(request);
  const { filter, errors } = parseAuditFilter(new URL(request.url));
  if (Object.keys(errors).length > 0) {
    const lines = Object.entries(errors).map(([name, message]) => `- ${AUDIT_FILTER_LABELS[name as keyof typeof AUDIT_FILTER_LABELS] ?? name}: ${message}`);
    return new Response(`Bộ lọc không hợp lệ nên không xuất được tệp ${format === "csv" ? "CSV" : "Excel"}:\n${lines.join("\n")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const rows = await listAudit(getDb(), user.unitCode === null ? filter : { ...filter, units: units.map((u) => u.code) });
  return exportResponse([auditTable(rows)], format, `nhat-ky-${todayInVietnam()}`);
}
