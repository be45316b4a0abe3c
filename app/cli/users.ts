import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import { isRole, ROLE_LABELS, ROLES, type Role } from "~/domain/permissions";
import { ACCOUNT_LIMITS, truncateText } from "~/domain/limits";
import { countUsers, createUser, getUser, listUsers, setActive, setPassword, USERNAME_PATTERN, USERNAME_RULE, type Actor, type User } from "~/models/user.server";
import { getUnit } from "~/models/unit.server";
import type { DB } from "~/utils/db.server";
import { generatePassword, passwordProblem } from "~/utils/password.server";

/** `npm run cli -- user …`: accounts from the command line. The password never appears in argv or logs. */

/** The operator's shell account, for account commands run without `--as` (e.g. recovering a lost password). */
export function shellActor(): Actor {
  let name = "unknown";
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return { name: `cli:${name}` };
}

/**
 * `--as <username>`: the CLI acts as this existing, active account, and revisions and the audit log credit it.
 * Anything else (an unknown or deactivated name, free text) is refused.
 */
export async function requireCliUser(db: DB, username: string | undefined, command: string): Promise<User> {
  const name = username?.trim().toLowerCase();
  if (!name) {
    throw new Error(`Thiếu --as <tên đăng nhập>: lệnh ${command} ghi tên người thực hiện vào lịch sử phiên bản và nhật ký, nên phải chạy dưới một tài khoản có thật (xem: npm run cli -- user list).`);
  }
  const user = await getUser(db, { username: name });
  if (!user) throw new Error(`--as: không có tài khoản «${truncateText(name, ACCOUNT_LIMITS.usernameMax)}».`);
  if (!user.isActive) throw new Error(`--as: tài khoản «${name}» đã bị khóa.`);
  return user;
}

/** The oldest active admin: `setup` loads the sample catalog in that account's name. */
export async function firstActiveAdmin(db: DB): Promise<User | undefined> {
  const users = await listUsers(db);
  return users.filter((u) => u.isActive && u.roles.includes("admin")).sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
}

/** NIEMYET_PASSWORD, or a hidden prompt (asked twice) when standard input is a terminal. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.NIEMYET_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (!process.stdin.isTTY) {
    throw new Error("Chưa có mật khẩu: đặt biến môi trường NIEMYET_PASSWORD hoặc chạy lệnh trong terminal để nhập.");
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const output = rl as unknown as { _writeToOutput: (s: string) => void };
      let muted = false;
      output._writeToOutput = (s: string) => {
        if (!muted) process.stdout.write(s); // after the prompt, what is typed is not echoed
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write("\n");
        resolve(answer);
      });
      muted = true;
    });
  const first = await ask("Mật khẩu: ");
  const second = await ask("Nhập lại mật khẩu: ");
  if (first !== second) throw new Error("Hai lần nhập mật khẩu không khớp.");
  return first;
}

function parseRoles(values: string[] | undefined): Role[] {
  const roles = values ?? [];
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length) throw new Error(`Vai trò không hợp lệ: ${bad.join(", ")}. Vai trò hợp lệ: ${ROLES.join(", ")}.`);
  if (roles.length === 0) throw new Error(`Thiếu --role. Vai trò hợp lệ: ${ROLES.join(", ")}.`);
  return [...new Set(roles)] as Role[];
}

function requireUsername(value: string | undefined): string {
  const username = value?.trim().toLowerCase();
  if (!username) throw new Error("Thiếu --username.");
  if (!USERNAME_PATTERN.test(username)) {
    throw new Error(USERNAME_RULE + ".");
  }
  return username;
}

export async function userCommand(db: DB, sub: string | undefined, values: { username?: string; role?: string[]; name?: string; as?: string; unit?: string }): Promise<number> {
  const actor: Actor = values.as ? { name: (await requireCliUser(db, values.as, "user")).username } : shellActor();
  switch (sub) {
    case "add": {
      const username = requireUsername(values.username);
      const roles = parseRoles(values.role);
      if (await getUser(db, { username })) throw new Error(`Tài khoản «${username}» đã tồn tại.`);
      const password = await readPassword();
      const problem = passwordProblem(password, { username });
      if (problem) throw new Error(problem);
      const unit = values.unit ? await getUnit(db, values.unit) : null;
      if (values.unit && !unit) throw new Error(`Không có đơn vị mã «${values.unit}» (xem: npm run cli -- unit list).`);
      await createUser(db, { username, displayName: values.name, password, roles, actor, unitCode: unit?.code ?? null });
      console.log(`Đã tạo tài khoản «${username}» (${roles.map((r) => ROLE_LABELS[r]).join(", ")}; ${unit ? `đơn vị ${unit.code} ${unit.name}` : "toàn hệ thống"}).`);
      return 0;
    }
    case "passwd": {
      const username = requireUsername(values.username);
      const user = await getUser(db, { username });
      if (!user) throw new Error(`Không có tài khoản «${username}».`);
      const password = await readPassword();
      const problem = passwordProblem(password, { username });
      if (problem) throw new Error(problem);
      await setPassword(db, { userId: user.id, password, actor });
      console.log(`Đã đổi mật khẩu của «${username}»; các phiên đăng nhập cũ đã bị thu hồi.`);
      return 0;
    }
    case "disable": {
      const username = requireUsername(values.username);
      const user = await getUser(db, { username });
      if (!user) throw new Error(`Không có tài khoản «${username}».`);
      await setActive(db, { userId: user.id, active: false, actor });
      console.log(`Đã khóa tài khoản «${username}»; các phiên đăng nhập đã bị thu hồi.`);
      return 0;
    }
    case "list": {
      const users = await listUsers(db);
      if (users.length === 0) console.log("Chưa có tài khoản nào.");
      for (const u of users) {
        console.log(`${u.username}\t${u.isActive ? "đang hoạt động" : "đã khóa"}\t${u.roles.join(",")}\t${u.displayName}`);
      }
      return 0;
    }
    default:
      throw new Error("Cách dùng: npm run cli -- user add|passwd|disable|list --username <tên> [--role <vai trò> …]");
  }
}

/** First run of the demo: one admin with a random password, printed once. */
export async function createFirstAdminIfNone(db: DB): Promise<void> {
  if ((await countUsers(db)) > 0) return;
  const password = generatePassword();
  await createUser(db, { username: "admin", displayName: "Quản trị hệ thống", password, roles: ["admin"], actor: { name: "setup" } });
  console.log(
    [
      "",
      "════════════════════════════════════════════════════════════",
      " Tài khoản quản trị đầu tiên (chỉ hiện MỘT lần, hãy ghi lại):",
      `   tên đăng nhập: admin`,
      `   mật khẩu:      ${password}`,
      " Đổi mật khẩu: npm run cli -- user passwd --username admin",
      "════════════════════════════════════════════════════════════",
      "",
    ].join("\n"),
  );
}
