import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { expect } from "vitest";
import type { Role } from "~/domain/permissions";
import { CLI_BUNDLE, type RunningServer } from "./server";

/** HTTP, CLI and database helpers shared by the tests that drive the built server. */

export const PASSWORD = "mat-khau-thu-nghiem-1";


/** Runs `npm run cli -- <args>` against the server's database (the CLI may run while the server runs). */
export function cli(server: RunningServer, args: string[], env: Record<string, string> = {}) {
  // The built CLI (build/cli/main.mjs, see scripts/build-cli.mjs), as the server under test is the built app.
  const result = spawnSync(process.execPath, [CLI_BUNDLE, ...args], {
    env: { ...process.env, NIEMYET_PASSWORD: "", DATABASE_URL: server.databasePath, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function addUser(server: RunningServer, username: string, roles: readonly Role[], password = PASSWORD): void {
  const result = cli(server, ["user", "add", "--username", username, ...roles.flatMap((r) => ["--role", r])], { NIEMYET_PASSWORD: password });
  if (result.status !== 0) throw new Error(`user add ${username} failed:\n${result.stdout}\n${result.stderr}`);
}

/** Where a test's direct database access goes: the server's DATABASE_URL (a SQLite file path or a postgres:// URL). */
type DatabaseOf = Pick<RunningServer, "databasePath">;

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** `?` placeholders (outside quoted text) as PostgreSQL's `$1, $2…`. */
export function toPostgresPlaceholders(sql: string): string {
  let out = "";
  let quote: string | null = null;
  let n = 0;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else {
      out += ch === "?" ? `$${++n}` : ch;
    }
  }
  return out;
}

/** This helper's own type parsers: COUNT(*) (int8, OID 20) comes back as a JS number, as SQLite gives it; the global pg.types is left alone. */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20 && format !== "binary"
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** One query on its own connection (a pg.Client per call, connected and ended, so no pool keeps a test process alive). */
async function query<T>(server: DatabaseOf, mode: "read" | "write", sql: string, params: unknown[]): Promise<T[]> {
  const url = server.databasePath;
  if (isPostgresUrl(url)) {
    const client = new pg.Client({ connectionString: url, types: pgTypes, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      const result = await client.query(toPostgresPlaceholders(sql), params);
      return result.rows as T[];
    } finally {
      await client.end().catch(() => {});
    }
  }
  const db = new Database(url, { readonly: mode === "read", fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const statement = db.prepare(sql);
    if (mode === "write") {
      statement.run(...params);
      return [];
    }
    return statement.all(...params) as T[];
  } finally {
    db.close();
  }
}

/** All rows of a read-only query on the server's database. Keep column aliases lower case (PostgreSQL folds them). */
export function dbAll<T = Record<string, unknown>>(server: DatabaseOf, sql: string, ...params: unknown[]): Promise<T[]> {
  return query<T>(server, "read", sql, params);
}

/** The first row of a read-only query on the server's database, or undefined. */
export async function dbGet<T = Record<string, unknown>>(server: DatabaseOf, sql: string, ...params: unknown[]): Promise<T | undefined> {
  return (await query<T>(server, "read", sql, params))[0];
}

/** The rows of a table of the server's database. */
export async function dbCount(server: DatabaseOf, table: string): Promise<number> {
  return (await dbGet<{ n: number }>(server, `select count(*) as n from ${table}`))!.n;
}

/** Runs a statement that changes the server's database (tests that tamper with stored rows). */
export async function dbRun(server: DatabaseOf, sql: string, ...params: unknown[]): Promise<void> {
  await query(server, "write", sql, params);
}

export interface RequestOptions {
  cookie?: string | null;
  /** Defaults to the server's own origin; `null` sends no Origin header. */
  origin?: string | null;
  headers?: Record<string, string>;
}

function headersFor(server: RunningServer, options: RequestOptions, method: string): Headers {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  const origin = options.origin === undefined ? (method === "GET" ? null : server.baseUrl) : options.origin;
  if (origin !== null) headers.set("Origin", origin);
  return headers;
}

export function get(server: RunningServer, path: string, options: RequestOptions = {}): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, { redirect: "manual", headers: headersFor(server, options, "GET") });
}

export function post(server: RunningServer, path: string, form: Record<string, string | string[]>, options: RequestOptions = {}): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
  return fetch(`${server.baseUrl}${path}`, { method: "POST", redirect: "manual", headers: headersFor(server, options, "POST"), body });
}

/**
 * Follows a successful POST's redirect as a browser would (post → redirect → get): GETs its Location with the
 * session and the one-time message cookie it set, and returns that page's text (decoded).
 */
export async function followRedirect(server: RunningServer, res: Response, cookie: string): Promise<string> {
  await res.arrayBuffer();
  expect(res.status, "a successful POST redirects").toBe(302);
  const flash = res.headers.getSetCookie().find((c) => c.startsWith("niemyet_flash="));
  const page = await get(server, res.headers.get("location")!, { cookie: flash ? `${cookie}; ${flash.split(";")[0]}` : cookie });
  expect(page.status).toBe(200);
  return decode(await page.text());
}

/** The `niemyet_session=…` pair from a response, or null when it sets none. */
export function sessionCookieFrom(res: Response): string | null {
  const header = res.headers.getSetCookie().find((c) => c.startsWith("niemyet_session="));
  return header ? header.split(";")[0] : null;
}

/** Signs in through the login form and returns the session cookie (`niemyet_session=…`). */
export async function signIn(server: RunningServer, username: string, password: string, options: RequestOptions = {}): Promise<string> {
  const res = await post(server, "/login", { username, password, redirectTo: "/admin" }, options);
  const body = await res.text();
  if (res.status !== 302) throw new Error(`sign-in of ${username} answered ${res.status}:\n${body.slice(0, 2000)}`);
  expect(res.headers.get("location")).toBe("/admin");
  const cookie = sessionCookieFrom(res);
  if (!cookie) throw new Error(`sign-in of ${username} set no session cookie`);
  return cookie;
}

export const decode = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** A new browser context signed in through the real login page, on /admin. */
export async function signedInPage(
  browser: Browser,
  server: RunningServer,
  username: string,
  password: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "vi-VN", bypassCSP: true, ...options });
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  try {
    await page.waitForURL("**/admin");
  } catch (error) {
    // Say where the browser is and what the page says, so a failure here can be understood from the log.
    const text =
      (await page
        .locator("main")
        .textContent()
        .catch(() => null)) ?? "";
    throw new Error(`sign-in of ${username} did not reach /admin: at ${page.url()}: ${text.slice(0, 500)}`, { cause: error });
  }
  return { context, page };
}

const PUBLISHER = "lanh-dao-cong-bo";

/**
 * Publishes the commune's next release from the documents now in force (`npm run cli -- release create`, as a
 * leader would), so its public pages show what was approved since the last one. The publishing account (a
 * deployment-wide approver) is created on first use.
 */
export async function publishRelease(server: RunningServer, unit = "00000"): Promise<void> {
  if (!(await dbGet(server, "SELECT id FROM users WHERE username = ?", PUBLISHER))) addUser(server, PUBLISHER, ["approver"]);
  const result = cli(server, ["release", "create", "--unit", unit, "--as", PUBLISHER, "--note", "Công bố trong kiểm thử"]);
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
}
