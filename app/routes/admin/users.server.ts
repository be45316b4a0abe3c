import { ACCOUNT_LIMITS } from "~/domain/limits";
import { isRole, type Role } from "~/domain/permissions";
import { createUser, getUser, setActive, setPassword, setRoles, USERNAME_PATTERN, USERNAME_RULE, type Actor, type User } from "~/models/user.server";
import type { DB } from "~/utils/db.server";
import type { Unit } from "~/models/unit.server";
import { passwordProblem } from "~/utils/password.server";

/** The user-management actions of /admin/users: input checks (Vietnamese, per field) then one model call. */

export type UsersActionResult =
  | { ok: true; message: string }
  | { ok: false; intent: string; userId?: string; errors: Record<string, string>; values?: Record<string, string> };

function rolesFrom(form: FormData): { roles: Role[]; invalid: boolean } {
  const raw = form.getAll("roles").map(String);
  return { roles: raw.filter(isRole), invalid: raw.some((r) => !isRole(r)) };
}

/** Whether `me` manages `account`: a deployment-wide admin every account, else the accounts of the units they act in. */
export function managesAccount(me: User, units: readonly Unit[], account: User): boolean {
  if (me.unitCode === null) return true;
  return account.unitCode !== null && units.some((u) => u.code === account.unitCode);
}

export async function runUsersAction(db: DB, form: FormData, me: User, actor: Actor, units: readonly Unit[]): Promise<UsersActionResult> {
  const intent = String(form.get("intent") ?? "");
  if (intent === "create") {
    const username = String(form.get("username") ?? "").trim().toLowerCase();
    const displayName = String(form.get("displayName") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const { roles, invalid } = rolesFrom(form);
    const errors: Record<string, string> = {};
    if (!USERNAME_PATTERN.test(username)) {
      errors.username = USERNAME_RULE;
    } else if (await getUser(db, { username })) {
      errors.username = `Tên đăng nhập «${username}» đã được dùng`;
    }
    if (displayName.length > ACCOUNT_LIMITS.displayNameMax) errors.displayName = `Họ và tên không được dài quá ${ACCOUNT_LIMITS.displayNameMax} ký tự`;
    const problem = passwordProblem(password, { username });
    if (problem) errors.password = problem;
    if (invalid) errors.roles = "Vai trò không hợp lệ";
    else if (roles.length === 0) errors.roles = "Chọn ít nhất một vai trò";
    // The new account's unit: one the admin acts in, or (for a deployment-wide admin only) the whole deployment.
    const unitCode = String(form.get("unitCode") ?? "");
    const unitOk = unitCode === "" ? me.unitCode === null : units.some((u) => u.code === unitCode);
    if (!unitOk) errors.unitCode = "Chọn một đơn vị bạn đang quản lý";
    if (Object.keys(errors).length) return { ok: false, intent, errors, values: { username, displayName } };
    await createUser(db, { username, displayName, password, roles, actor, unitCode: unitCode || null });
    return { ok: true, message: `Đã tạo tài khoản «${username}».` };
  }

  const userId = String(form.get("userId") ?? "");
  const found = userId ? await getUser(db, { id: userId }) : null;
  // Another unit's account is not found from here (data never crosses units).
  const target = found && managesAccount(me, units, found) ? found : null;
  if (!target) return { ok: false, intent, errors: { _form: "Không tìm thấy tài khoản" } };

  switch (intent) {
    case "roles": {
      const { roles, invalid } = rolesFrom(form);
      if (invalid || roles.length === 0) {
        return { ok: false, intent, userId, errors: { [`roles-${userId}`]: invalid ? "Vai trò không hợp lệ" : "Chọn ít nhất một vai trò" } };
      }
      if (target.id === me.id && !roles.includes("admin")) {
        return { ok: false, intent, userId, errors: { [`roles-${userId}`]: "Không thể tự bỏ vai trò quản trị của chính mình" } };
      }
      await setRoles(db, { userId, roles, actor });
      return { ok: true, message: `Đã cập nhật vai trò của «${target.username}».` };
    }
    case "password": {
      const password = String(form.get("password") ?? "");
      const problem = passwordProblem(password, { username: target.username });
      if (problem) return { ok: false, intent, userId, errors: { [`password-${userId}`]: problem } };
      await setPassword(db, { userId, password, actor });
      return { ok: true, message: `Đã đặt lại mật khẩu của «${target.username}»; các phiên đăng nhập cũ đã bị thu hồi.` };
    }
    case "deactivate":
      if (target.id === me.id) return { ok: false, intent, userId, errors: { _form: "Không thể tự khóa tài khoản của chính mình" } };
      await setActive(db, { userId, active: false, actor });
      return { ok: true, message: `Đã khóa tài khoản «${target.username}».` };
    case "reactivate":
      await setActive(db, { userId, active: true, actor });
      return { ok: true, message: `Đã mở lại tài khoản «${target.username}».` };
    default:
      return { ok: false, intent, errors: { _form: "Thao tác không hợp lệ" } };
  }
}
