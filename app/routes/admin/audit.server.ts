import { csvDocument } from "~/utils/csv";
import { AUDIT_FILTER_LABELS } from "~/domain/audit-actions";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction, type AuditFilter } from "~/models/audit.server";
import { formatDateTime } from "~/domain/format";
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

/**
 * A cell as text a spreadsheet will not run: values starting with = + - @ (or a tab / carriage return) get a
 * leading apostrophe, the OWASP "CSV injection" mitigation; then RFC 4180 quoting.
 */
export function auditCsv(rows: AuditLogTable[]): string {
  const header = ["Số thứ tự", "Thời gian (giờ Việt Nam)", "Thời gian (UTC)", "Người thực hiện", "Thao tác", "Mã thao tác", "Loại tài liệu", "Mã tài liệu", "Phiên bản", "Nội dung", "Địa chỉ", "Mã băm mục trước", "Mã băm"];
  return csvDocument([
    header,
    ...rows.map((r) => [r.seq, formatDateTime(r.at), r.at, r.actor, AUDIT_ACTION_LABELS[r.action as AuditAction] ?? r.action, r.action, r.doc_kind, r.doc_key, r.doc_revision, r.summary, r.client_address, r.prev_hash, r.hash]),
  ]);
}
