import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, type AuditAction } from "~/domain/audit-actions";
import { can, ROLE_PERMISSIONS, ROLES, type Permission, type Role } from "~/domain/permissions";
import {
  addUser,
  cli,
  dbAll,
  dbGet,
  dbRun,
  decode,
  followRedirect,
  get,
  PASSWORD,
  post,
  sessionCookieFrom,
  signIn,
  type RequestOptions,
} from "./helpers";
import { adminPasswordOf, startServer, type RunningServer } from "./server";
import { parseCsv } from "../setup/csv";

/**
 * Sign-in, sessions, permissions, CSRF, throttling, security headers and the audit trail, all through real
 * HTTP against the built server (scripts/server.mjs), with accounts made by the real CLI.
 *
 * Every POST sends `Origin: <baseUrl>` like a browser on our own page would, except in the CSRF tests.
 * All requests come from 127.0.0.1; throttling (5 failures per account, 50 per address in 15 minutes) runs
 * on its own servers and databases.
 */

// ───────────────────────── helpers ─────────────────────────

const NEW_PASSWORD = "mat-khau-moi-2-dai-hon";
const THROTTLE_MESSAGE = "đăng nhập sai quá nhiều lần";
const CSRF_MESSAGE = "Yêu cầu bị từ chối";

/** `user list` as username → { active, roles }. */
function listUsers(server: RunningServer): Map<string, { active: boolean; roles: string[] }> {
  const result = cli(server, ["user", "list"]);
  expect(result.status, result.stderr).toBe(0);
  const users = new Map<string, { active: boolean; roles: string[] }>();
  for (const line of result.stdout.split("\n").filter(Boolean)) {
    const [username, state, roles] = line.split("\t");
    users.set(username, { active: state === "đang hoạt động", roles: roles ? roles.split(",") : [] });
  }
  return users;
}

/** One form per intent of /admin/users, including ones that would escalate privileges or lock someone out. */
function everyUsersIntent(newUsername: string, victimId: string): Record<string, string | string[]>[] {
  return [
    createForm(newUsername),
    { intent: "roles", userId: victimId, roles: ["admin"] },
    { intent: "password", userId: victimId, password: NEW_PASSWORD },
    { intent: "deactivate", userId: victimId },
    { intent: "reactivate", userId: victimId },
  ];
}

async function userIdOf(server: RunningServer, username: string): Promise<string> {
  const row = await dbGet<{ id: string }>(server, "SELECT id FROM users WHERE username = ?", username);
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

/** Everything a user-management action could change (accounts, roles, passwords, the audit log length). */
async function accountsSnapshot(server: RunningServer) {
  return {
    users: await dbAll(
      server,
      "SELECT id, username, display_name, is_active, password_hash, password_changed_at, updated_at FROM users ORDER BY username",
    ),
    roles: await dbAll(server, "SELECT user_id, role FROM user_roles ORDER BY user_id, role"),
    auditEntries: (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log"))!.n,
  };
}

async function expectRedirectToLogin(res: Response, path: string): Promise<void> {
  await res.arrayBuffer();
  expect(res.status, path).toBe(302);
  expect(res.headers.get("location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
}

/** A unique, valid username for one create attempt. */
let uniqueCounter = 0;
const uniqueUsername = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++uniqueCounter}`;

const createForm = (username: string, displayName = "Người thử nghiệm") => ({
  intent: "create",
  username,
  displayName,
  password: PASSWORD,
  roles: ["editor"],
});

// ───────────────────────── the shared server ─────────────────────────

/** One account per role, plus accounts holding two roles. */
const ACCOUNTS: { username: string; roles: Role[] }[] = [
  ...ROLES.map((role) => ({ username: `vt-${role}`, roles: [role] })),
  { username: "vt-editor-auditor", roles: ["editor", "auditor"] },
  { username: "vt-approver-admin", roles: ["approver", "admin"] },
];

/**
 * What each protected route needs. A child of /admin also needs what the admin layout's loader checks
 * (catalog:read); the permissions each role holds come from ROLE_PERMISSIONS, so the expected status of
 * every cell is computed, not written down.
 */
const LAYOUT: Permission[] = ["catalog:read"];
/**
 * An account nobody signs in with: its name appears only in the user list and the audit log, so a page that
 * shows it revealed protected data.
 */
const MARKER = "an-danh-sach";
const PROTECTED_GETS: { path: string; needs: Permission[]; showsMarker: boolean }[] = [
  { path: "/admin", needs: [...LAYOUT], showsMarker: false },
  { path: "/admin/users", needs: [...LAYOUT, "users:manage"], showsMarker: true },
  { path: "/admin/audit", needs: [...LAYOUT, "audit:read"], showsMarker: true },
  { path: "/admin/kiem-tra", needs: [...LAYOUT], showsMarker: false },
  { path: "/admin/nhap/danh-sach", needs: [...LAYOUT, "catalog:edit"], showsMarker: false },
  // The accounts here are deployment-wide, so an admin manages every unit (a commune's admin is refused: unit-admin.test.ts).
  { path: "/admin/units", needs: [...LAYOUT, "settings:manage"], showsMarker: false },
  { path: "/admin/audit.csv", needs: ["audit:read"], showsMarker: true },
  // Spreadsheet exports (app/exports; a release's list is per commune: tests/e2e/exports.test.ts). An .xlsx is
  // compressed, so the marker is looked for in the CSV only.
  { path: "/admin/audit.xlsx", needs: ["audit:read"], showsMarker: false },
  { path: "/admin/danh-muc.xlsx", needs: ["catalog:read"], showsMarker: false },
  { path: "/admin/danh-muc.csv", needs: ["catalog:read"], showsMarker: false },
  { path: "/admin/kiem-tra.xlsx", needs: ["catalog:read"], showsMarker: false },
  { path: "/admin/kiem-tra.csv", needs: ["catalog:read"], showsMarker: false },
];
/** Downloads (not pages): their content type instead of HTML, and no single-fetch data URL. */
const DOWNLOAD_TYPES: Record<string, RegExp> = { csv: /^text\/csv; charset=utf-8$/, xlsx: /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet$/ };
const downloadType = (path: string) => DOWNLOAD_TYPES[/\.(csv|xlsx)$/.exec(path)?.[1] ?? ""];
/** The action of /admin/users runs its own check (the loaders only run after it). */
const USERS_ACTION_NEEDS: Permission[] = ["users:manage"];

const allowed = (roles: readonly Role[], needs: readonly Permission[]) => needs.every((p) => can(roles, p));

describe("sign-in, permissions and sessions over HTTP (built server)", () => {
  let server: RunningServer;
  const cookies = new Map<string, string>();
  let adminCookie: string;

  beforeAll(async () => {
    server = await startServer();
    addUser(server, MARKER, ["editor"]);
    for (const account of ACCOUNTS) addUser(server, account.username, account.roles);
    adminCookie = await signIn(server, "admin", adminPasswordOf(server));
    for (const account of ACCOUNTS) cookies.set(account.username, await signIn(server, account.username, PASSWORD));
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe("permission matrix (from ROLE_PERMISSIONS)", () => {
    it("the accounts cover every role, and the computed table has both allowed and refused cells", () => {
      expect(new Set(ACCOUNTS.flatMap((a) => a.roles))).toEqual(new Set(ROLES));
      for (const role of ROLES) expect(ROLE_PERMISSIONS[role]).toBeDefined();
      const cells = ACCOUNTS.flatMap((a) => [...PROTECTED_GETS.map((r) => allowed(a.roles, r.needs)), allowed(a.roles, USERS_ACTION_NEEDS)]);
      expect(cells).toContain(true);
      expect(cells).toContain(false);
    });

    for (const account of ACCOUNTS) {
      it(`${account.username} (${account.roles.join(" + ")}): every protected GET answers as its permissions say`, async () => {
        const cookie = cookies.get(account.username)!;
        for (const route of PROTECTED_GETS) {
          const res = await get(server, route.path, { cookie });
          const body = await res.text();
          const label = `${account.username} GET ${route.path}`;
          if (allowed(account.roles, route.needs)) {
            expect(res.status, label).toBe(200);
            expect(downloadType(route.path) ? res.headers.get("content-type") : body, label).toMatch(downloadType(route.path) ?? /<html lang="vi"/);
            if (route.showsMarker) expect(body, label).toContain(MARKER);
          } else {
            expect(res.status, label).toBe(403);
            expect(body, label).toContain("Bạn không có quyền thực hiện thao tác này.");
            expect(body, label).not.toContain(MARKER); // nothing of the protected page leaks with the refusal
          }
          // The single-fetch data URL of the same route (what client-side navigation loads) is guarded alike.
          if (!downloadType(route.path)) {
            const data = await get(server, `${route.path}.data`, { cookie });
            const dataBody = await data.text();
            if (allowed(account.roles, route.needs)) {
              expect(data.status, `${label}.data`).toBe(200);
              if (route.showsMarker) expect(dataBody, `${label}.data`).toContain(MARKER);
            } else {
              expect(data.status, `${label}.data`).toBe(403);
              expect(dataBody, `${label}.data`).not.toContain(MARKER);
            }
          }
        }
      });

      it(`${account.username} (${account.roles.join(
        " + ",
      )}): POST /admin/users answers as its permissions say, and a refused POST changes nothing`, async () => {
        const cookie = cookies.get(account.username)!;
        const victimId = await userIdOf(server, "vt-editor");
        const username = uniqueUsername("tao");
        if (allowed(account.roles, USERS_ACTION_NEEDS)) {
          const before = await accountsSnapshot(server);
          const res = await post(server, "/admin/users", createForm(username), { cookie });
          expect(await followRedirect(server, res, cookie)).toContain(`Đã tạo tài khoản «${username}».`);
          const after = await accountsSnapshot(server);
          expect(after.users.length).toBe(before.users.length + 1);
          expect(after.auditEntries).toBe(before.auditEntries + 1);
          expect(listUsers(server).get(username)).toEqual({ active: true, roles: ["editor"] });
        } else {
          // Every intent of the page, including ones that would escalate privileges or lock someone out.
          const attempts = everyUsersIntent(username, victimId);
          for (const form of attempts) {
            const before = await accountsSnapshot(server);
            const res = await post(server, "/admin/users", form, { cookie });
            const body = decode(await res.text());
            expect(res.status, `${account.username} intent=${form.intent}`).toBe(403);
            expect(body).not.toContain(MARKER);
            expect(await accountsSnapshot(server), `${account.username} intent=${form.intent} changed something`).toEqual(before);
          }
          const users = listUsers(server);
          expect(users.has(username)).toBe(false);
          expect(users.get("vt-editor")).toEqual({ active: true, roles: ["editor"] });
          // The victim's password is unchanged: it still signs in with the old one.
          await signIn(server, "vt-editor", PASSWORD);
        }
      });
    }
  });

  describe("without a session", () => {
    it("every protected GET redirects to /login with redirectTo (query kept)", async () => {
      for (const { path } of PROTECTED_GETS) await expectRedirectToLogin(await get(server, path), path);
      await expectRedirectToLogin(await get(server, "/admin/audit?actor=admin&action=auth.sign_in"), "/admin/audit?actor=admin&action=auth.sign_in");
      // A forged or unknown cookie is the same as none.
      await expectRedirectToLogin(await get(server, "/admin", { cookie: "niemyet_session=forged.value" }), "/admin");
    });

    it("the single-fetch data URLs of protected routes redirect to /login and leak no data", async () => {
      for (const path of ["/admin.data", "/admin/users.data", "/admin/audit.data"]) {
        const res = await get(server, path);
        const body = await res.text();
        expect(res.status, path).toBe(202);
        expect(body, path).toContain("SingleFetchRedirect");
        expect(body, path).toContain(`/login?redirectTo=${encodeURIComponent(path.replace(/\.data$/, ""))}`);
        expect(body, path).not.toContain(MARKER);
      }
    });

    it("every POST to /admin/users redirects to /login and has no effect", async () => {
      const victimId = await userIdOf(server, "vt-editor");
      const username = uniqueUsername("khach");
      const attempts = everyUsersIntent(username, victimId);
      for (const form of attempts) {
        const before = await accountsSnapshot(server);
        await expectRedirectToLogin(await post(server, "/admin/users", form), "/admin/users");
        expect(await accountsSnapshot(server), `intent=${form.intent} changed something`).toEqual(before);
      }
      expect(listUsers(server).has(username)).toBe(false);
    });
  });

  describe("cross-site request forgery", () => {
    const refusedVariants: { name: string; options: RequestOptions }[] = [
      { name: "no Origin and no Referer", options: { origin: null } },
      { name: "Origin http://evil.example", options: { origin: "http://evil.example" } },
      { name: "Origin null", options: { origin: "null" } },
      { name: "no Origin, foreign Referer", options: { origin: null, headers: { Referer: "http://evil.example/admin/users" } } },
      { name: "Sec-Fetch-Site cross-site (right Origin)", options: { headers: { "Sec-Fetch-Site": "cross-site" } } },
      { name: "Sec-Fetch-Site same-site (right Origin)", options: { headers: { "Sec-Fetch-Site": "same-site" } } },
    ];

    for (const variant of refusedVariants) {
      it(`a signed-in admin's POST /admin/users with ${variant.name} → 403 and no user created`, async () => {
        const username = uniqueUsername("csrf");
        const before = await accountsSnapshot(server);
        const res = await post(server, "/admin/users", createForm(username), { cookie: adminCookie, ...variant.options });
        expect(res.status).toBe(403);
        expect(decode(await res.text())).toContain(CSRF_MESSAGE);
        expect(await accountsSnapshot(server)).toEqual(before);
        expect(listUsers(server).has(username)).toBe(false);
      });
    }

    it("the same POST with the right Origin (or, without Origin, a same-origin Referer) works", async () => {
      const viaOrigin = uniqueUsername("dung");
      const res = await post(server, "/admin/users", createForm(viaOrigin), { cookie: adminCookie, headers: { "Sec-Fetch-Site": "same-origin" } });
      expect(await followRedirect(server, res, adminCookie)).toContain(`Đã tạo tài khoản «${viaOrigin}».`);
      const viaReferer = uniqueUsername("dung");
      const res2 = await post(server, "/admin/users", createForm(viaReferer), {
        cookie: adminCookie,
        origin: null,
        headers: { Referer: `${server.baseUrl}/admin/users` },
      });
      await res2.arrayBuffer();
      expect(res2.status).toBe(302);
      const users = listUsers(server);
      expect(users.has(viaOrigin)).toBe(true);
      expect(users.has(viaReferer)).toBe(true);
    });

    it("POST /login from a foreign Origin → 403 and no session; from our Origin it signs in", async () => {
      const form = { username: "vt-editor", password: PASSWORD, redirectTo: "/admin" };
      for (const options of [
        { origin: "http://evil.example" },
        { origin: null },
        { headers: { "Sec-Fetch-Site": "cross-site" } },
      ] as RequestOptions[]) {
        const res = await post(server, "/login", form, options);
        expect(res.status).toBe(403);
        expect(sessionCookieFrom(res)).toBeNull();
        expect(decode(await res.text())).toContain(CSRF_MESSAGE);
      }
      const ok = await post(server, "/login", form);
      expect(ok.status).toBe(302);
      expect(sessionCookieFrom(ok)).not.toBeNull();
      await ok.arrayBuffer();
    });

    it("POST /logout from a foreign Origin → 403 and the session still works", async () => {
      const cookie = await signIn(server, "vt-auditor", PASSWORD);
      const res = await post(server, "/logout", {}, { cookie, origin: "http://evil.example" });
      expect(res.status).toBe(403);
      await res.arrayBuffer();
      const admin = await get(server, "/admin", { cookie });
      expect(admin.status).toBe(200);
      await admin.arrayBuffer();
    });
  });

  describe("sessions", () => {
    it("sign-in rotates the session: signing in again with cookie A gives B ≠ A, and A stops working", async () => {
      const a = await signIn(server, "vt-approver", PASSWORD);
      const b = await signIn(server, "vt-approver", PASSWORD, { cookie: a });
      expect(b).not.toBe(a);
      await expectRedirectToLogin(await get(server, "/admin", { cookie: a }), "/admin");
      const withB = await get(server, "/admin", { cookie: b });
      expect(withB.status).toBe(200);
      await withB.arrayBuffer();
    });

    it("`user passwd` (CLI) revokes the user's sessions; the new password signs in, the old one does not", async () => {
      addUser(server, "rv-cli", ["editor"]);
      const cookie = await signIn(server, "rv-cli", PASSWORD);
      const other = cookies.get("vt-editor")!;
      const changed = cli(server, ["user", "passwd", "--username", "rv-cli"], { NIEMYET_PASSWORD: NEW_PASSWORD });
      expect(changed.status, changed.stderr).toBe(0);
      await expectRedirectToLogin(await get(server, "/admin", { cookie }), "/admin");
      // Someone else's session is untouched.
      const otherRes = await get(server, "/admin", { cookie: other });
      expect(otherRes.status).toBe(200);
      await otherRes.arrayBuffer();
      await signIn(server, "rv-cli", NEW_PASSWORD);
      const old = await post(server, "/login", { username: "rv-cli", password: PASSWORD, redirectTo: "/admin" });
      expect(old.status).toBe(401);
      expect(sessionCookieFrom(old)).toBeNull();
      await old.arrayBuffer();
    });

    it("resetting a password on /admin/users (intent=password) revokes that user's sessions", async () => {
      addUser(server, "rv-trang", ["auditor"]);
      const cookie = await signIn(server, "rv-trang", PASSWORD);
      const res = await post(
        server,
        "/admin/users",
        { intent: "password", userId: await userIdOf(server, "rv-trang"), password: NEW_PASSWORD },
        { cookie: adminCookie },
      );
      expect(await followRedirect(server, res, adminCookie)).toContain("Đã đặt lại mật khẩu của «rv-trang»");
      await expectRedirectToLogin(await get(server, "/admin/audit", { cookie }), "/admin/audit");
      await signIn(server, "rv-trang", NEW_PASSWORD);
    });

    it("`user disable` revokes the sessions and signing in again fails with 401", async () => {
      addUser(server, "rv-khoa", ["editor"]);
      const cookie = await signIn(server, "rv-khoa", PASSWORD);
      const disabled = cli(server, ["user", "disable", "--username", "rv-khoa"]);
      expect(disabled.status, disabled.stderr).toBe(0);
      await expectRedirectToLogin(await get(server, "/admin", { cookie }), "/admin");
      const again = await post(server, "/login", { username: "rv-khoa", password: PASSWORD, redirectTo: "/admin" });
      expect(again.status).toBe(401);
      expect(sessionCookieFrom(again)).toBeNull();
      expect(decode(await again.text())).toContain("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.");
      expect(listUsers(server).get("rv-khoa")?.active).toBe(false);
    });

    it("deactivating on /admin/users (intent=deactivate) revokes the sessions too", async () => {
      addUser(server, "rv-khoa2", ["approver"]);
      const cookie = await signIn(server, "rv-khoa2", PASSWORD);
      const res = await post(server, "/admin/users", { intent: "deactivate", userId: await userIdOf(server, "rv-khoa2") }, { cookie: adminCookie });
      expect(await followRedirect(server, res, adminCookie)).toContain("Đã khóa tài khoản «rv-khoa2».");
      await expectRedirectToLogin(await get(server, "/admin", { cookie }), "/admin");
    });

    it("POST /logout ends the session and clears the cookie", async () => {
      const cookie = await signIn(server, "vt-editor-auditor", PASSWORD);
      const before = await get(server, "/admin", { cookie });
      expect(before.status).toBe(200);
      await before.arrayBuffer();
      const res = await post(server, "/logout", {}, { cookie });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/login");
      const cleared = res.headers.getSetCookie().find((c) => c.startsWith("niemyet_session="));
      expect(cleared).toMatch(/^niemyet_session=;/);
      expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
      await res.arrayBuffer();
      // The old cookie value, replayed, no longer works.
      await expectRedirectToLogin(await get(server, "/admin", { cookie }), "/admin");
      await expectRedirectToLogin(await get(server, "/admin/audit.csv", { cookie }), "/admin/audit.csv");
    });
  });

  describe("security headers", () => {
    function expectSecurityHeaders(res: Response, label: string) {
      const csp = res.headers.get("content-security-policy");
      expect(csp, `${label}: Content-Security-Policy`).toBeTruthy();
      const directives = new Map(
        csp!
          .split(";")
          .map((d) => d.trim().split(/\s+/))
          .filter((parts) => parts[0])
          .map(([name, ...values]) => [name.toLowerCase(), values] as const),
      );
      const scriptSrc = directives.get("script-src") ?? directives.get("default-src");
      expect(scriptSrc, `${label}: script-src`).toBeDefined();
      expect(scriptSrc, `${label}: script-src`).not.toContain("'unsafe-inline'");
      expect(scriptSrc, `${label}: script-src`).not.toContain("'unsafe-eval'");
      expect(directives.has("frame-ancestors"), `${label}: frame-ancestors`).toBe(true);
      expect(res.headers.get("x-content-type-options"), label).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), label).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
    }

    it("are on a public page, the login page, an admin page and a static asset", async () => {
      const home = await get(server, "/");
      const html = await home.text();
      expect(home.status).toBe(200);
      expectSecurityHeaders(home, "/");

      const login = await get(server, "/login");
      expect(login.status).toBe(200);
      await login.arrayBuffer();
      expectSecurityHeaders(login, "/login");

      const admin = await get(server, "/admin", { cookie: adminCookie });
      expect(admin.status).toBe(200);
      await admin.arrayBuffer();
      expectSecurityHeaders(admin, "/admin");

      const asset = /(?:href|src)="(\/assets\/[^"]+\.(?:css|js))"/.exec(html)?.[1];
      expect(asset, "the home page links a built asset").toBeDefined();
      const static_ = await get(server, asset!);
      expect(static_.status).toBe(200);
      await static_.arrayBuffer();
      expectSecurityHeaders(static_, asset!);
    });

    it("the inline scripts of an admin page carry the CSP nonce of that response; a public page has no script at all", async () => {
      const res = await get(server, "/admin", { cookie: adminCookie });
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
      expect(nonce).toBeTruthy();
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attrs of scripts) {
        if (/\bsrc=/.test(attrs)) continue;
        expect(attrs).toContain(`nonce="${nonce}"`);
      }
      // A fresh nonce per response.
      const again = await get(server, "/admin", { cookie: adminCookie });
      await again.arrayBuffer();
      expect(/'nonce-([^']+)'/.exec(again.headers.get("content-security-policy") ?? "")?.[1]).not.toBe(nonce);
      for (const path of ["/", "/thu-tuc/1.001193", "/login", "/khong-co-trang-nay"]) {
        const page = await (await get(server, path)).text();
        // A procedure page carries schema.org data (application/ld+json), which browsers never run; nothing else.
        const dataBlocks = page.match(/<script type="application\/ld\+json">[^<]*<\/script>/g) ?? [];
        expect(dataBlocks.length, path).toBe(path.startsWith("/thu-tuc/") ? 1 : 0);
        expect(dataBlocks.reduce((rest, block) => rest.replace(block, ""), page), path).not.toMatch(/<script\b|modulepreload/);
      }
    });

    it("the session cookie is HttpOnly, SameSite=Lax, Path=/ and not Secure over plain http", async () => {
      const res = await post(server, "/login", { username: "vt-editor", password: PASSWORD, redirectTo: "/admin" });
      expect(res.status).toBe(302);
      await res.arrayBuffer();
      const header = res.headers.getSetCookie().find((c) => c.startsWith("niemyet_session="));
      expect(header).toBeDefined();
      const attributes = header!
        .split(";")
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      expect(attributes).toContain("httponly");
      expect(attributes).toContain("samesite=lax");
      expect(attributes).toContain("path=/");
      expect(attributes).not.toContain("secure");
    });
  });
});

// ───────────────────────── throttling (own database) ─────────────────────────

describe("sign-in throttling", () => {
  let databasePath: string;
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.stop();
  });

  const attempt = (s: RunningServer, username: string, password: string, forwardedFor?: string) =>
    post(s, "/login", { username, password, redirectTo: "/admin" }, forwardedFor ? { headers: { "X-Forwarded-For": forwardedFor } } : {});

  async function expectThrottled(res: Response, label: string) {
    const body = decode(await res.text());
    expect(res.status, label).toBe(429);
    expect(body, label).toContain(THROTTLE_MESSAGE);
    expect(Number(res.headers.get("retry-after")), `${label}: Retry-After`).toBeGreaterThan(0);
    expect(sessionCookieFrom(res), label).toBeNull();
  }

  async function expectSignedIn(res: Response, label: string) {
    await res.arrayBuffer();
    expect(res.status, label).toBe(302);
    expect(sessionCookieFrom(res), label).not.toBeNull();
  }

  it("after 5 wrong passwords for an account, its 6th attempt, even with the right password, gets 429; a colleague from the same address signs in", async () => {
    server = await startServer();
    databasePath = server.databasePath;
    addUser(server, "tl-khoa", ["editor"]);
    addUser(server, "tl-khac", ["editor"]);
    for (let i = 1; i <= 4; i++) {
      // X-Forwarded-For is not trusted without TRUST_PROXY: it must not spread the failures over addresses.
      const res = await attempt(server, "tl-khoa", `sai-mat-khau-${i}`, `10.1.0.${i}`);
      expect(res.status, `wrong password #${i}`).toBe(401);
      await res.arrayBuffer();
    }
    // the 5th failure locks the account, and says so
    await expectThrottled(await attempt(server, "tl-khoa", "sai-mat-khau-5", "10.1.0.5"), "5th wrong password");
    await expectThrottled(await attempt(server, "tl-khoa", PASSWORD, "10.1.0.6"), "right password after 5 failures");
    // All those failures came from 127.0.0.1: another account from that address is not locked out.
    await expectSignedIn(await attempt(server, "tl-khac", PASSWORD, "10.9.9.9"), "another user from the same address");
    // the lock is written once, not once per refused attempt
    const throttled = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'auth.sign_in_throttled'"))!;
    expect(throttled.n).toBe(1);
  });

  it("the counter survives a restart on the same database", async () => {
    await server!.stop();
    server = await startServer({ databasePath, setup: false });
    await expectThrottled(await attempt(server, "tl-khoa", PASSWORD), "after restart");
  });

  it("behind a trusted proxy the limits are per account and per client address (50 failures)", async () => {
    await server!.stop();
    server = await startServer({ databasePath, setup: false, env: { ...process.env, TRUST_PROXY: "loopback" } });
    // Per account: tl-khoa is still refused from a fresh address; tl-khac from that address is not.
    await expectThrottled(await attempt(server, "tl-khoa", PASSWORD, "10.2.0.1"), "tl-khoa from a fresh address");
    await expectSignedIn(await attempt(server, "tl-khac", PASSWORD, "10.2.0.1"), "tl-khac from that address");
    // Per address: 49 failures from one address with different (unknown) names lock nobody …
    for (let i = 1; i <= 49; i++) {
      const res = await attempt(server, `ai-do-${i}`, "khong-dung-dau", "10.3.0.1");
      expect(res.status, `failure #${i}`).toBe(401);
      await res.arrayBuffer();
    }
    await expectSignedIn(await attempt(server, "tl-khac", PASSWORD, "10.3.0.1"), "tl-khac after 49 failures from its address");
    // … the 50th locks that address, for every account, and no other address
    await expectThrottled(await attempt(server, "ai-do-50", "khong-dung-dau", "10.3.0.1"), "50th failure");
    await expectThrottled(await attempt(server, "tl-khac", PASSWORD, "10.3.0.1"), "tl-khac from the locked address");
    await expectSignedIn(await attempt(server, "tl-khac", PASSWORD, "10.3.0.2"), "tl-khac from another address");
  });
});

// ───────────────────────── audit trail (own database) ─────────────────────────

interface AuditPageRow {
  seq: number;
  actor: string;
  label: string;
  summary: string;
}

/** The rows of the audit page's table. */
function auditPageRows(html: string): AuditPageRow[] {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "";
  return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((m) => [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1]).trim()))
    .filter((cells) => cells.length === 6)
    .map((cells) => ({ seq: Number(cells[0]), actor: cells[2], label: cells[3], summary: cells[5] }));
}


describe("audit trail", () => {
  let server: RunningServer;
  let auditorCookie: string;
  const created = "bang-tinh";
  const hostileName = '=HYPERLINK("http://x")';

  /** What the steps below must have left in the log: action, actor, a piece of the summary. */
  const expected: { action: AuditAction; actor: string; summary: string }[] = [
    { action: "auth.sign_in", actor: "admin", summary: "«admin» đăng nhập" },
    { action: "auth.sign_in_failed", actor: "—", summary: "Đăng nhập không thành công với tên «khong-co-ai»" },
    { action: "user.create", actor: "admin", summary: `Tạo tài khoản «${created}»` },
    { action: "auth.sign_out", actor: "admin", summary: "«admin» đăng xuất" },
  ];

  beforeAll(async () => {
    server = await startServer();
    addUser(server, "kiem-tra", ["auditor"]);
    const adminCookie = await signIn(server, "admin", adminPasswordOf(server));
    const failed = await post(server, "/login", { username: "khong-co-ai", password: "sai-mat-khau-roi", redirectTo: "/admin" });
    expect(failed.status).toBe(401);
    await failed.arrayBuffer();
    const create = await post(server, "/admin/users", { ...createForm(created, hostileName), roles: ["editor", "auditor"] }, { cookie: adminCookie });
    await create.arrayBuffer();
    expect(create.status).toBe(302);
    const plus = await post(server, "/admin/users", createForm("cong-mot", "+1"), { cookie: adminCookie });
    await plus.arrayBuffer();
    expect(plus.status).toBe(302);
    const out = await post(server, "/logout", {}, { cookie: adminCookie });
    expect(out.status).toBe(302);
    await out.arrayBuffer();
    auditorCookie = await signIn(server, "kiem-tra", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const auditPage = async (query = "") => {
    const res = await get(server, `/admin/audit${query}`, { cookie: auditorCookie });
    const html = await res.text();
    expect(res.status, query).toBe(200);
    return { html: decode(html), rows: auditPageRows(html) };
  };

  it("the auditor's /admin/audit shows sign-in, failed sign-in, user creation and sign-out with Vietnamese labels", async () => {
    const { html, rows } = await auditPage("?verify=1");
    expect(html).toContain("Chuỗi nhật ký toàn vẹn");
    for (const e of expected) {
      const row = rows.find((r) => r.label === AUDIT_ACTION_LABELS[e.action] && r.summary.includes(e.summary));
      expect(row, `${e.action}: ${e.summary}`).toBeDefined();
      expect(row!.actor).toBe(e.actor);
    }
    // Newest first, numbered without gaps.
    const seqs = rows.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(seqs[seqs.length - 1]).toBe(1);
    expect(new Set(seqs).size).toBe(seqs[0]);
  });

  it("filters by actor and by action", async () => {
    const byAdmin = await auditPage("?actor=admin");
    expect(byAdmin.rows.length).toBeGreaterThanOrEqual(3);
    expect(byAdmin.rows.every((r) => r.actor === "admin")).toBe(true);
    for (const e of expected.filter((x) => x.actor === "admin")) {
      expect(
        byAdmin.rows.some((r) => r.label === AUDIT_ACTION_LABELS[e.action] && r.summary.includes(e.summary)),
        e.action,
      ).toBe(true);
    }

    const failed = await auditPage("?action=auth.sign_in_failed");
    expect(failed.rows.length).toBe(1);
    expect(failed.rows[0].label).toBe(AUDIT_ACTION_LABELS["auth.sign_in_failed"]);

    const both = await auditPage("?actor=admin&action=user.create");
    expect(both.rows.map((r) => r.summary)).toEqual([expect.stringContaining("«cong-mot»"), expect.stringContaining(`«${created}»`)]);
  });

  it("/admin/audit.csv is text/csv with every entry, and the filters apply to it", async () => {
    const res = await get(server, "/admin/audit.csv", { cookie: auditorCookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="nhat-ky-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header[0]).toBe("Số thứ tự");
    for (const row of rows) expect(row.length).toBe(header.length);
    const col = (name: string) => header.indexOf(name);
    for (const e of expected) {
      const row = rows.find((r) => r[col("Mã thao tác")] === e.action && r[col("Nội dung")].includes(e.summary));
      expect(row, `${e.action} in CSV`).toBeDefined();
      expect(row![col("Thao tác")]).toBe(AUDIT_ACTION_LABELS[e.action]);
      expect(row![col("Người thực hiện")]).toBe(e.actor === "—" ? "" : e.actor);
    }

    const filtered = await get(server, "/admin/audit.csv?actor=admin&action=auth.sign_out", { cookie: auditorCookie });
    const [, ...outRows] = parseCsv(await filtered.text());
    expect(outRows.length).toBe(1);
    expect(outRows[0][col("Mã thao tác")]).toBe("auth.sign_out");
  });

  it("no CSV cell starts with a formula character: hostile text is neutralised with a leading apostrophe", async () => {
    const formulaStart = /^[=+\-@\t\r]/;
    const cells = async () => parseCsv(await (await get(server, "/admin/audit.csv", { cookie: auditorCookie })).text()).flat();
    // The display names given at creation do not start any cell as given.
    for (const cell of await cells()) expect(cell, cell).not.toMatch(formulaStart);

    // Put hostile text at the start of stored cells, as a tampered or future entry could.
    const original = await dbAll<{ seq: number; summary: string; actor: string | null }>(
      server,
      "SELECT seq, summary, actor FROM audit_log WHERE seq IN (3, 4) ORDER BY seq",
    );
    try {
      await dbRun(server, "UPDATE audit_log SET summary = ? WHERE seq = 3", hostileName);
      await dbRun(server, "UPDATE audit_log SET summary = '+1', actor = '@SUM(A1)' WHERE seq = 4");
      const all = await cells();
      expect(all).toContain(`'${hostileName}`);
      expect(all).toContain("'+1");
      expect(all).toContain("'@SUM(A1)");
      for (const cell of all) expect(cell, cell).not.toMatch(formulaStart);
    } finally {
      for (const row of original) await dbRun(server, "UPDATE audit_log SET summary = ?, actor = ? WHERE seq = ?", row.summary, row.actor, row.seq);
    }
    const verify = cli(server, ["audit", "verify"]);
    expect(verify.status, verify.stderr).toBe(0);
  });

  it("`audit verify` detects an edited entry (names it) and a deleted one", async () => {
    const intact = cli(server, ["audit", "verify"]);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain("Nhật ký toàn vẹn");

    const { summary } = (await dbGet<{ summary: string }>(server, "SELECT summary FROM audit_log WHERE seq = 3"))!;
    await dbRun(server, "UPDATE audit_log SET summary = ? WHERE seq = 3", `${summary} (đã sửa)`);
    const edited = cli(server, ["audit", "verify"]);
    expect(edited.status).toBe(1);
    expect(edited.stderr).toContain("mục số 3");
    // The audit page says so too.
    const page = await auditPage("?verify=1");
    expect(page.html).toContain("Chuỗi nhật ký KHÔNG toàn vẹn tại mục số 3");

    await dbRun(server, "UPDATE audit_log SET summary = ? WHERE seq = 3", summary);
    expect(cli(server, ["audit", "verify"]).status).toBe(0);

    const { n } = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log"))!;
    const middle = Math.floor(n / 2);
    await dbRun(server, "DELETE FROM audit_log WHERE seq = ?", middle);
    const deleted = cli(server, ["audit", "verify"]);
    expect(deleted.status).toBe(1);
    expect(deleted.stderr).toContain(`mục số ${middle + 1}`);
    expect(deleted.stderr).toContain(`thiếu mục số ${middle}`);
  });
});
