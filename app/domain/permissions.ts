/**
 * Roles and the named permissions they grant. The one permission check on the server is
 * `requireUser(request, permission)` (app/utils/auth.server.ts); the UI uses `can` only to hide what a user
 * may not do — hiding is never the check.
 */

export const ROLES = ["admin", "editor", "approver", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "catalog:read",
  "catalog:edit",
  "catalog:approve",
  "catalog:publish",
  "audit:read",
  "users:manage",
  "schema:extend",
  "settings:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Quản trị hệ thống",
  editor: "Cán bộ CCHC (soạn thảo)",
  approver: "Lãnh đạo (phê duyệt, công bố)",
  auditor: "Kiểm tra, đánh giá (chỉ đọc)",
};

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ["catalog:read", "users:manage", "schema:extend", "settings:manage"],
  editor: ["catalog:read", "catalog:edit"],
  approver: ["catalog:read", "catalog:approve", "catalog:publish"],
  auditor: ["catalog:read", "audit:read"],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}
