import { AUDIT_ACTION_LABELS, type AuditAction } from "~/domain/audit-actions";
import type { AuditLogTable } from "~/utils/db.server";
import { column, text, type ExportTable } from "./table";

/** The audit log as a table: each entry with its time in Vietnam (typed) and in UTC, and its chain hashes. */
export function auditTable(rows: readonly AuditLogTable[]): ExportTable {
  return {
    title: "Nhật ký",
    columns: [
      column("Số thứ tự", 10, "number"),
      column("Thời gian (giờ Việt Nam)", 20, "datetime"),
      text("Thời gian (UTC)", 26),
      text("Người thực hiện", 18),
      text("Thao tác", 28),
      text("Mã thao tác", 22),
      text("Loại tài liệu", 14),
      text("Mã tài liệu", 14),
      column("Phiên bản", 10, "number"),
      text("Nội dung", 60),
      text("Địa chỉ", 16),
      text("Mã băm mục trước", 20),
      text("Mã băm", 20),
    ],
    rows: rows.map((r) => [
      r.seq,
      r.at,
      r.at,
      r.actor,
      AUDIT_ACTION_LABELS[r.action as AuditAction] ?? r.action,
      r.action,
      r.doc_kind,
      r.doc_key,
      r.doc_revision,
      r.summary,
      r.client_address,
      r.prev_hash,
      r.hash,
    ]),
  };
}
