import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction, type AuditFilter } from "~/models/audit.server";
import { formatDateTime } from "~/domain/format";
import type { AuditLogTable } from "~/utils/db.server";

/** Filters of the audit page and its CSV export, read from the query string (unknown values are ignored). */
export function parseAuditFilter(url: URL): { filter: AuditFilter; values: Record<string, string> } {
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? "";
  const date = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);
  const action = get("action");
  const filter: AuditFilter = {
    actor: get("actor") || undefined,
    action: (AUDIT_ACTIONS as readonly string[]).includes(action) ? (action as AuditAction) : undefined,
    docKind: get("kind") || undefined,
    docKey: get("key") || undefined,
    from: date(get("from")),
    to: date(get("to")),
  };
  const values = { actor: get("actor"), action: filter.action ?? "", kind: get("kind"), key: get("key"), from: filter.from ?? "", to: filter.to ?? "" };
  return { filter, values };
}

/**
 * A cell as text a spreadsheet will not run: values starting with = + - @ (or a tab / carriage return) get a
 * leading apostrophe, the OWASP "CSV injection" mitigation; then RFC 4180 quoting.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(rows: AuditLogTable[]): string {
  const header = ["Số thứ tự", "Thời gian (giờ Việt Nam)", "Thời gian (UTC)", "Người thực hiện", "Thao tác", "Mã thao tác", "Loại tài liệu", "Mã tài liệu", "Phiên bản", "Nội dung", "Địa chỉ", "Mã băm mục trước", "Mã băm"];
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) {
    lines.push(
      [r.seq, formatDateTime(r.at), r.at, r.actor, AUDIT_ACTION_LABELS[r.action as AuditAction] ?? r.action, r.action, r.doc_kind, r.doc_key, r.doc_revision, r.summary, r.client_address, r.prev_hash, r.hash]
        .map(csvCell)
        .join(","),
    );
  }
  // BOM so spreadsheet programs read the Vietnamese text as UTF-8.
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
