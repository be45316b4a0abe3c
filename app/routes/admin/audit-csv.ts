import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInVietnam } from "~/domain/format";
import { listAudit } from "~/models/audit.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { auditCsv, parseAuditFilter } from "./audit.server";

/** The audit log (with the page's filters) as CSV for auditors. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "audit:read");
  const { filter } = parseAuditFilter(new URL(request.url));
  const rows = await listAudit(getDb(), filter);
  return new Response(auditCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="nhat-ky-${todayInVietnam()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

