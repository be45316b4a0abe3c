import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { can, type Permission } from "~/domain/permissions";
import { appendAudit } from "~/models/audit.server";
import {
  clearLoginFailures,
  createSession,
  deleteSession,
  getSessionUser,
  recordLoginFailure,
  SESSION_TTL_MS,
  THROTTLE,
  throttleState,
} from "~/models/session.server";
import { getPasswordHash, getUser, type User } from "~/models/user.server";
import { LOGGED_TEXT_LIMITS, truncateText } from "~/domain/limits";
import { getDb } from "./db.server";
import { getSessionSecret } from "./env.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";

/**
 * Sign-in, sign-out and the one permission check. Every admin loader and action starts with
 * `await requireUser(request, "<permission>")`: not signed in → redirect to /login; signed in without the
 * permission → 403. Cross-site request forgery is refused before any route runs (server.mjs, origin check).
 */

let sessionCookie: ReturnType<typeof createCookie> | undefined;
function cookie() {
  sessionCookie ??= createCookie("niemyet_session", {
    secrets: [getSessionSecret()],
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
  });
  return sessionCookie;
}

const isHttps = (request: Request) => new URL(request.url).protocol === "https:";

async function sessionIdFrom(request: Request): Promise<string | null> {
  const value = await cookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The address the request came from, as the server saw it (see server.mjs's getLoadContext). */
export function clientAddressOf(context: AppLoadContext | undefined): string | null {
  const address = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  return typeof address === "string" && address ? address : null;
}

export async function getCurrentUser(request: Request): Promise<User | null> {
  const id = await sessionIdFrom(request);
  return id ? getSessionUser(getDb(), id) : null;
}

/** The signed-in user holding `permission` (or any of a list), else a redirect to sign-in or a 403. */
export async function requireUser(request: Request, permission: Permission | readonly Permission[]): Promise<User> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (![permission].flat().some((p) => can(user.roles, p))) {
    throw new Response("Bạn không có quyền thực hiện thao tác này.", { status: 403 });
  }
  return user;
}

/** Deployment-wide settings (custom fields, the approval rule) apply to every unit: only deployment-wide accounts change them. */
export async function requireDeploymentUser(request: Request, permission: Permission | readonly Permission[]): Promise<User> {
  const user = await requireUser(request, permission);
  if (user.unitCode !== null) throw new Response("Chỉ tài khoản quản trị toàn hệ thống thay đổi được mục này.", { status: 403 });
  return user;
}

export type SignInResult =
  | { ok: true; user: User; setCookie: string }
  | { ok: false; status: 401; message: string }
  | { ok: false; status: 429; message: string; retryAfter: number };

const minutes = (ms: number) => ms / 60_000;

function throttledMessage(retryAfter: number, lockedBy: "account" | "address"): string {
  const wait = `Vui lòng thử lại sau ${Math.max(1, Math.ceil(retryAfter / 60))} phút.`;
  return lockedBy === "account"
    ? `Tài khoản này đã bị đăng nhập sai quá nhiều lần (${THROTTLE.perAccount} lần trong ${minutes(THROTTLE.windowMs)} phút) nên tạm khóa đăng nhập. ${wait}`
    : `Bạn đã đăng nhập sai quá nhiều lần từ địa chỉ mạng này (${THROTTLE.perAddress} lần trong ${minutes(THROTTLE.windowMs)} phút). ${wait}`;
}

/**
 * Checks a username and password. While the account (or the address) is locked, nothing is verified and
 * nothing is written: the lock itself was recorded once, in the audit log, by the failure that caused it.
 */
export async function signIn(
  request: Request,
  input: { username: string; password: string; clientAddress: string | null },
): Promise<SignInResult> {
  const db = getDb();
  const username = input.username.trim().toLowerCase();
  const shownName = truncateText(username, LOGGED_TEXT_LIMITS.typedUsername);
  const throttle = await throttleState(db, { username, clientAddress: input.clientAddress });
  if (throttle.lockedBy) {
    return { ok: false, status: 429, message: throttledMessage(throttle.retryAfter, throttle.lockedBy), retryAfter: throttle.retryAfter };
  }

  const stored = await getPasswordHash(db, { username });
  const passwordOk = await verifyPassword(input.password, stored?.password_hash ?? (await dummyPasswordHash()));
  if (!stored || !passwordOk || stored.is_active !== 1) {
    const locked = await db.transaction().execute(async (trx) => {
      await recordLoginFailure(trx, { username, clientAddress: input.clientAddress });
      await appendAudit(trx, {
        actor: null,
        action: "auth.sign_in_failed",
        summary: `Đăng nhập không thành công với tên «${shownName}»${stored && passwordOk ? " (tài khoản đã bị khóa)" : ""}`,
        clientAddress: input.clientAddress,
      });
      const after = await throttleState(trx, { username, clientAddress: input.clientAddress });
      if (after.lockedBy) {
        await appendAudit(trx, {
          actor: null,
          action: "auth.sign_in_throttled",
          summary:
            after.lockedBy === "account"
              ? `Tạm khóa đăng nhập tài khoản «${shownName}» ${minutes(THROTTLE.windowMs)} phút: sai ${THROTTLE.perAccount} lần`
              : `Tạm khóa đăng nhập từ địa chỉ ${input.clientAddress ?? "?"} ${minutes(THROTTLE.windowMs)} phút: sai ${THROTTLE.perAddress} lần`,
          clientAddress: input.clientAddress,
        });
      }
      return after;
    });
    if (locked.lockedBy) {
      return { ok: false, status: 429, message: throttledMessage(locked.retryAfter, locked.lockedBy), retryAfter: locked.retryAfter };
    }
    return { ok: false, status: 401, message: "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa." };
  }

  // A new session id at every sign-in; any session the browser still carried is ended (no fixation).
  const previous = await sessionIdFrom(request);
  const session = await db.transaction().execute(async (trx) => {
    if (previous) await deleteSession(trx, previous);
    await clearLoginFailures(trx, { username });
    const created = await createSession(trx, { userId: stored.id, clientAddress: input.clientAddress });
    await appendAudit(trx, { actor: username, action: "auth.sign_in", unit: stored.unit_code, summary: `«${username}» đăng nhập`, clientAddress: input.clientAddress });
    return created;
  });
  const user = (await getUser(db, { id: stored.id }))!;
  const setCookie = await cookie().serialize(session.id, { secure: isHttps(request), expires: session.expiresAt });
  return { ok: true, user, setCookie };
}

/** Ends the current session (if any) and returns the Set-Cookie header that clears the cookie. */
export async function signOut(request: Request, clientAddress: string | null): Promise<string> {
  const db = getDb();
  const id = await sessionIdFrom(request);
  if (id) {
    const user = await getSessionUser(db, id);
    await db.transaction().execute(async (trx) => {
      await deleteSession(trx, id);
      if (user) await appendAudit(trx, { actor: user.username, action: "auth.sign_out", unit: user.unitCode, summary: `«${user.username}» đăng xuất`, clientAddress });
    });
  }
  return cookie().serialize("", { secure: isHttps(request), maxAge: 0, expires: new Date(0) });
}

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeRedirectTarget(value: FormDataEntryValue | string | null, fallback = "/admin"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
