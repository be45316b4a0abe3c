import { randomUUID } from "node:crypto";
import { ACCOUNT_LIMITS } from "~/domain/limits";
import { ROLE_LABELS, type Role } from "~/domain/permissions";
import type { DB } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { appendAudit } from "./audit.server";

/**
 * Accounts. Users are never deleted (history keeps their names): they are deactivated. Every change is one
 * transaction with its audit entry; changing a password or deactivating revokes the user's sessions.
 */

export interface User {
  id: string;
  username: string;
  displayName: string;
  isActive: boolean;
  /** The unit the account belongs to and acts in (a province's account also in its communes); null: everywhere. */
  unitCode: string | null;
  roles: Role[];
  passwordChangedAt: string;
  createdAt: string;
}

export interface Actor {
  /** Username of who does it (`cli:<os user>` from the command line). */
  name: string;
  clientAddress?: string | null;
}

export const USERNAME_PATTERN = new RegExp(`^[a-z0-9][a-z0-9._-]{${ACCOUNT_LIMITS.usernameMin - 1},${ACCOUNT_LIMITS.usernameMax - 1}}$`);
export const USERNAME_RULE = `Tên đăng nhập gồm ${ACCOUNT_LIMITS.usernameMin}–${ACCOUNT_LIMITS.usernameMax} ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới`;

const rolesText = (roles: readonly Role[]) => roles.map((r) => ROLE_LABELS[r]).join(", ");

async function rolesOf(db: DB, userIds: string[]): Promise<Map<string, Role[]>> {
  const map = new Map<string, Role[]>();
  if (userIds.length === 0) return map;
  const rows = await db.selectFrom("user_roles").select(["user_id", "role"]).where("user_id", "in", userIds).orderBy("role").execute();
  for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.role]);
  return map;
}

const userColumns = ["id", "username", "display_name", "unit_code", "is_active", "password_changed_at", "created_at"] as const;

function toUser(
  row: { id: string; username: string; display_name: string; unit_code: string | null; is_active: number; password_changed_at: string; created_at: string },
  roles: Role[],
): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitCode: row.unit_code,
    isActive: row.is_active === 1,
    roles,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
  };
}

export async function listUsers(db: DB): Promise<User[]> {
  const rows = await db.selectFrom("users").select(userColumns).orderBy("username").execute();
  const roles = await rolesOf(db, rows.map((r) => r.id));
  return rows.map((r) => toUser(r, roles.get(r.id) ?? []));
}

export async function countUsers(db: DB): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getUser(db: DB, by: { id: string } | { username: string }): Promise<User | null> {
  let q = db.selectFrom("users").select(userColumns);
  q = "id" in by ? q.where("id", "=", by.id) : q.where("username", "=", by.username);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  return toUser(row, (await rolesOf(db, [row.id])).get(row.id) ?? []);
}

/** For sign-in only: the stored hash never leaves the auth module. */
export async function getPasswordHash(db: DB, { username }: { username: string }) {
  return db.selectFrom("users").select(["id", "password_hash", "is_active", "unit_code"]).where("username", "=", username).executeTakeFirst();
}

export async function createUser(
  db: DB,
  input: { username: string; displayName?: string; password: string; roles: Role[]; actor: Actor; unitCode?: string | null },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const now = new Date().toISOString();
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("users")
      .values({
        id,
        username: input.username,
        display_name: input.displayName?.trim() || input.username,
        unit_code: input.unitCode ?? null,
        password_hash: passwordHash,
        is_active: 1,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (input.roles.length) await trx.insertInto("user_roles").values(input.roles.map((role) => ({ user_id: id, role }))).execute();
    await appendAudit(trx, {
      actor: input.actor.name,
      action: "user.create",
      unit: input.unitCode ?? null,
      summary: `Tạo tài khoản «${input.username}»${input.unitCode ? ` thuộc đơn vị ${input.unitCode}` : " (toàn hệ thống)"} với vai trò: ${rolesText(input.roles) || "(không có)"}`,
      clientAddress: input.actor.clientAddress,
    });
  });
  return (await getUser(db, { id }))!;
}

export async function setRoles(db: DB, input: { userId: string; roles: Role[]; actor: Actor }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["username"]).where("id", "=", input.userId).executeTakeFirstOrThrow();
    await trx.deleteFrom("user_roles").where("user_id", "=", input.userId).execute();
    if (input.roles.length) await trx.insertInto("user_roles").values(input.roles.map((role) => ({ user_id: input.userId, role }))).execute();
    await trx.updateTable("users").set({ updated_at: new Date().toISOString() }).where("id", "=", input.userId).execute();
    await appendAudit(trx, {
      actor: input.actor.name,
      action: "user.update_roles",
      summary: `Vai trò của «${user.username}»: ${rolesText(input.roles) || "(không có)"}`,
      clientAddress: input.actor.clientAddress,
    });
  });
}

export async function setPassword(db: DB, input: { userId: string; password: string; actor: Actor }): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["username"]).where("id", "=", input.userId).executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await trx.updateTable("users").set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where("id", "=", input.userId).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", input.userId).execute();
    await appendAudit(trx, {
      actor: input.actor.name,
      action: "user.reset_password",
      summary: `Đặt lại mật khẩu của «${user.username}»; các phiên đăng nhập cũ bị thu hồi`,
      clientAddress: input.actor.clientAddress,
    });
  });
}

export async function setActive(db: DB, input: { userId: string; active: boolean; actor: Actor }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["username"]).where("id", "=", input.userId).executeTakeFirstOrThrow();
    await trx.updateTable("users").set({ is_active: input.active ? 1 : 0, updated_at: new Date().toISOString() }).where("id", "=", input.userId).execute();
    if (!input.active) await trx.deleteFrom("sessions").where("user_id", "=", input.userId).execute();
    await appendAudit(trx, {
      actor: input.actor.name,
      action: input.active ? "user.reactivate" : "user.deactivate",
      summary: input.active ? `Mở lại tài khoản «${user.username}»` : `Khóa tài khoản «${user.username}»; các phiên đăng nhập bị thu hồi`,
      clientAddress: input.actor.clientAddress,
    });
  });
}
