import { auditTable } from "~/exports/audit";
import { tableCsv } from "~/exports/csv";
import { AUDIT_FILTER_LABELS } from "~/domain/audit-actions";
import { AUDIT_ACTIONS, type AuditFilter } from "~/models/audit.server";
import { DOCUMENT_KINDS } from "~/domain/kinds";
import { LOGGED_TEXT_LIMITS } from "~/domain/limits";
import { QueryReader, type QueryErrors } from "~/domain/query";
import type { AuditLogTable } from "~/utils/db.server";


export interface ParsedAuditFilter {
  filter: AuditFilter;
  /** What the form shows back (invalid values are cleared). */
  values: Record<string, string>;
  /** Field → Vietnamese message; non-empty means the request is refused with 400. */
  errors: QueryErrors;
  verify: boolean;
}

/** Filters of the audit page and its CSV export, read strictly from the query string. */
export function parseAuditFilter(url: URL): ParsedAuditFilter {
  const q = new QueryReader(url.searchParams);
  const L = AUDIT_FILTER_LABELS;
  const filter: AuditFilter = {
    actor: q.text("actor", L.actor, LOGGED_TEXT_LIMITS.actor),
    action: q.choice("action", L.action, AUDIT_ACTIONS),
    docKind: q.choice("kind", L.kind, DOCUMENT_KINDS),
    docKey: q.text("key", L.key, LOGGED_TEXT_LIMITS.docKey),
    from: q.date("from", L.from),
    to: q.date("to", L.to),
  };
  const verify = q.flag("verify", L.verify);
  if (filter.from && filter.to && filter.from > filter.to) q.errors.to = `${L.to} phải sau hoặc bằng ${L.from.toLowerCase()}`;
  return { filter, values: q.values, errors: q.errors, verify };
}

/** The audit log as CSV (app/exports/audit.ts: its columns; app/utils/csv.ts: formula starts neutralised). */
export function auditCsv(rows: AuditLogTable[]): string {
  return tableCsv(auditTable(rows));
}
