/** What the audit log records, with the Vietnamese label auditors read. */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_out",
  "auth.sign_in_failed",
  "auth.sign_in_throttled",
  "user.create",
  "user.update_roles",
  "user.reset_password",
  "user.deactivate",
  "user.reactivate",
  "document.create",
  "document.update",
  "document.delete",
  "document.status_change",
  "catalog.import",
  "custom_fields.update",
  "release.publish",
  "release.rollback",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "auth.sign_in": "Đăng nhập",
  "auth.sign_out": "Đăng xuất",
  "auth.sign_in_failed": "Đăng nhập không thành công",
  "auth.sign_in_throttled": "Đăng nhập bị tạm khóa",
  "user.create": "Tạo tài khoản",
  "user.update_roles": "Thay đổi vai trò",
  "user.reset_password": "Đặt lại mật khẩu",
  "user.deactivate": "Khóa tài khoản",
  "user.reactivate": "Mở lại tài khoản",
  "document.create": "Tạo tài liệu",
  "document.update": "Sửa tài liệu",
  "document.delete": "Xóa bản nháp",
  "document.status_change": "Đổi trạng thái tài liệu",
  "catalog.import": "Nhập danh mục từ tệp",
  "custom_fields.update": "Thay đổi trường bổ sung",
  "release.publish": "Công bố bản niêm yết",
  "release.rollback": "Quay lại bản niêm yết trước",
};

/** Labels of the audit page's filter fields (the page, its CSV export and their error messages). */
export const AUDIT_FILTER_LABELS = {
  actor: "Người thực hiện",
  action: "Thao tác",
  kind: "Loại tài liệu",
  key: "Mã tài liệu",
  from: "Từ ngày",
  to: "Đến ngày",
  verify: "Kiểm tra tính toàn vẹn",
} as const;
