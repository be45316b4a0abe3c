import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMITS, REQUEST_LIMITS } from "~/domain/limits";
import { THROTTLE } from "~/models/session.server";
import { axeViolations, launchChromium } from "./chromium";
import { addUser, cli, dbCount, dbGet, decode, get, PASSWORD, post, publishRelease, signedInPage, signIn } from "./helpers";
import { adminPasswordOf, startServer, type RunningServer } from "./server";

/**
 * What an attacker, a careless colleague or a cheap phone meets first, through real HTTP against the built
 * server: every input has a limit enforced before any work, nothing an anonymous visitor sends grows storage
 * beyond a fixed amount, one colleague's typos lock nobody else out, bad query parameters get a Vietnamese
 * 400 instead of a 500, unsupported methods a 405, and public pages cost only HTML and CSS.
 */

const MB = 1024 * 1024;

/** Sizes of what the database keeps (SQLite file and WAL) and the row counts anonymous requests could grow. */
async function storage(server: RunningServer) {
  const count = (table: string) => dbCount(server, table);
  const longest = (await dbGet<{ n: number }>(server, "SELECT COALESCE(MAX(LENGTH(summary)), 0) AS n FROM audit_log"))!.n;
  const longestSubject = (await dbGet<{ n: number }>(server, "SELECT COALESCE(MAX(LENGTH(subject)), 0) AS n FROM login_failures"))!.n;
  return {
    audit: await count("audit_log"),
    failures: await count("login_failures"),
    users: await count("users"),
    revisions: await count("revisions"),
    longest,
    longestSubject,
  };
}

/** Bytes the database takes on disk: the SQLite file and its WAL, or the PostgreSQL database's size. */
async function storedBytes(server: RunningServer): Promise<number> {
  if (/^postgres(ql)?:/.test(server.databasePath)) {
    // The data of the app's tables (their main forks, with their TOAST tables and indexes): not the whole
    // database, which autovacuum grows by itself after a load (free-space and visibility maps, statistics).
    const row = await dbGet<{ n: number | string }>(
      server,
      `SELECT COALESCE(SUM(pg_relation_size(c.oid, 'main')), 0) AS n FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace
          OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
          OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.reltoastrelid = i.indrelid WHERE t.relnamespace = 'public'::regnamespace)`,
    );
    return Number(row!.n);
  }
  let total = 0;
  for (const suffix of ["", "-wal"]) {
    try {
      total += statSync(server.databasePath + suffix).size;
    } catch {
      // no WAL yet
    }
  }
  return total;
}

/** A raw request, for methods and sizes fetch refuses to send (TRACE, huge headers). */
function rawRequest(server: RunningServer, options: { method: string; path: string; headers?: Record<string, string> }) {
  const url = new URL(server.baseUrl);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Stack traces look like "    at fn (file:line:col)". */
const hasStackTrace = (log: string) => /^\s+at .+:\d+:\d+\)?$/m.test(log);

describe("limits, methods and query parameters (built server)", () => {
  let server: RunningServer;
  let adminCookie: string;
  let auditorCookie: string;

  beforeAll(async () => {
    server = await startServer();
    addUser(server, "kiem-toan", ["auditor"]);
    adminCookie = await signIn(server, "admin", adminPasswordOf(server));
    auditorCookie = await signIn(server, "kiem-toan", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a 20 MB sign-in POST is refused with 413 in Vietnamese and grows nothing, sent whole or chunked", async () => {
    const before = await storage(server);
    const beforeBytes = await storedBytes(server);
    const huge = new URLSearchParams({ username: "a".repeat(20 * MB), password: "x", redirectTo: "/admin" }).toString();
    const chunked = () =>
      new ReadableStream({
        start(controller) {
          const bytes = new TextEncoder().encode(huge);
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
          controller.close();
        },
      });
    for (const body of [huge, chunked()]) {
      const res = await fetch(`${server.baseUrl}/login`, {
        method: "POST",
        headers: { Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
        body,
        redirect: "manual",
        ...(typeof body === "string" ? {} : { duplex: "half" }),
      } as RequestInit);
      const html = decode(await res.text());
      expect(res.status).toBe(413);
      expect(html).toContain("<title>Dữ liệu gửi lên quá lớn – Niêm Yết</title>");
      expect(html).toContain(`vượt quá giới hạn ${BODY_LIMITS.signIn / 1024} KB`);
    }
    expect(await storage(server)).toEqual(before);
    expect((await storedBytes(server)) - beforeBytes).toBeLessThan(64 * 1024);
  });

  it("a username too long for any account (within the body limit) gets a field message and is not recorded", async () => {
    const before = await storage(server);
    const res = await post(server, "/login", { username: "b".repeat(2000), password: "sai-mat-khau-roi", redirectTo: "/admin" });
    const html = decode(await res.text());
    expect(res.status).toBe(400);
    expect(html).toContain("Tên đăng nhập: Tên đăng nhập không dài quá 60 ký tự");
    expect(await storage(server)).toEqual(before);
  });

  it("a failed sign-in with a long (allowed-size) username stores it cut to a fixed size", async () => {
    const res = await post(server, "/login", { username: "c".repeat(60), password: "sai-mat-khau-roi", redirectTo: "/admin" });
    expect(res.status).toBe(401);
    await res.arrayBuffer();
    const after = await storage(server);
    expect(after.longest).toBeLessThanOrEqual(1000);
    expect(after.longestSubject).toBeLessThanOrEqual(5 + 80);
  });

  it("a 20 MB admin form is refused with 413 and creates no user; an over-long field gets its message", async () => {
    const before = await storage(server);
    const form = { intent: "create", username: "qua-lon", displayName: "đ".repeat(3 * MB), password: PASSWORD, roles: "editor" };
    const res = await post(server, "/admin/users", form, { cookie: adminCookie });
    expect(res.status).toBe(413);
    expect(decode(await res.text())).toContain(`vượt quá giới hạn ${new Intl.NumberFormat("vi-VN").format(BODY_LIMITS.admin / 1024)} KB`);
    const long = await post(server, "/admin/users", { ...form, displayName: "Nguyễn ".repeat(30) }, { cookie: adminCookie });
    expect(long.status).toBe(400);
    expect(decode(await long.text())).toContain("Họ và tên không được dài quá 120 ký tự");
    const blank = await post(server, "/admin/users", { ...form, displayName: "Trần Thị Mai", password: " ".repeat(10) }, { cookie: adminCookie });
    expect(blank.status).toBe(400);
    expect(decode(await blank.text())).toContain("Mật khẩu không được chỉ gồm dấu cách");
    const common = await post(server, "/admin/users", { ...form, displayName: "Trần Thị Mai", password: "1234567890" }, { cookie: adminCookie });
    expect(common.status).toBe(400);
    expect(decode(await common.text())).toContain("Mật khẩu này quá phổ biến");
    expect((await storage(server)).users).toBe(before.users);
  });

  it("the admin header names the signed-in person once, without repeating a role that is already the name", async () => {
    const html = decode(await (await get(server, "/admin", { cookie: adminCookie })).text());
    const header = /<div class="admin-user"><span>([^<]*)<\/span>/.exec(html)?.[1];
    expect(header).toBe("Quản trị hệ thống");
    const auditor = decode(await (await get(server, "/admin", { cookie: auditorCookie })).text());
    expect(/<div class="admin-user"><span>([^<]*)<\/span>/.exec(auditor)?.[1]).toBe("kiem-toan (Kiểm tra, đánh giá (chỉ đọc))");
  });

  it("`cli import` refuses a procedure with a 20 MB field, and the public page stays as it was", async () => {
    const pageBefore = await (await get(server, "/thu-tuc/2.000815")).text();
    const before = await storage(server);
    const dir = mkdtempSync(join(tmpdir(), "niemyet-import-"));
    cpSync("catalog", dir, { recursive: true });
    const file = join(dir, "procedures", "2.000815.json");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    doc.steps[0].description = "x".repeat(20 * MB);
    writeFileSync(file, JSON.stringify(doc));
    const result = cli(server, ["import", dir, "--as", "admin"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("2.000815.json: (tệp): Tệp quá lớn");
    expect(result.stderr).toContain("Danh mục có lỗi nên không nạp gì vào cơ sở dữ liệu.");
    expect(await storage(server)).toEqual(before);
    expect(await (await get(server, "/thu-tuc/2.000815")).text()).toHaveLength(pageBefore.length);
  });

  it("`cli import` acts only as an existing, active account, and the import shows in the audit page as a CLI import", async () => {
    const free = cli(server, ["import", "catalog", "--author", "ai đó"]);
    expect(free.status).toBe(1);
    expect(free.stderr).toContain("--as <tên đăng nhập>");
    const unknown = cli(server, ["import", "catalog", "--as", "khong-ton-tai"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("--as: không có tài khoản «khong-ton-tai».");
    const ok = cli(server, ["import", "catalog", "--as", "kiem-toan"]);
    expect(ok.status, ok.stderr).toBe(0);
    const res = await get(server, "/admin/audit?action=catalog.import&actor=kiem-toan", { cookie: auditorCookie });
    const html = decode(await res.text());
    expect(res.status).toBe(200);
    expect(html).toContain("Nhập danh mục từ tệp");
    expect(html).toContain("Nhập danh mục từ thư mục «catalog» qua dòng lệnh (CLI): 0 tài liệu mới, 0 cập nhật, 109 không đổi");
  });

  it("impossible dates on the audit page and its CSV answer 400 with a Vietnamese message, never 500", async () => {
    const cases: [string, string][] = [
      ["from=2026-99-99", "Từ ngày: Từ ngày không có thật trong lịch (99/99/2026)"],
      ["to=2026-13-01", "Đến ngày: Đến ngày không có thật trong lịch (01/13/2026)"],
      ["from=0000-00-00", "Từ ngày: Từ ngày không có thật trong lịch (00/00/0000)"],
      ["from=2026-02-30", "Từ ngày: Từ ngày không có thật trong lịch (30/02/2026)"],
      ["from=hom-qua", "Từ ngày: Từ ngày phải là một ngày, dạng năm-tháng-ngày (ví dụ 2026-11-22)"],
      ["from=2026-11-30&to=2026-11-01", "Đến ngày: Đến ngày phải sau hoặc bằng từ ngày"],
      ["kind=khong-co", "Loại tài liệu: Loại tài liệu không có trong danh sách để chọn"],
      ["verify=yes", "Kiểm tra tính toàn vẹn: Kiểm tra tính toàn vẹn chỉ nhận giá trị 1"],
    ];
    for (const [query, message] of cases) {
      const page = await get(server, `/admin/audit?${query}`, { cookie: auditorCookie });
      const html = decode(await page.text());
      expect(page.status, query).toBe(400);
      expect(html, query).toContain("Có lỗi cần sửa");
      expect(html, query).toContain(message);
      const csv = await get(server, `/admin/audit.csv?${query}`, { cookie: auditorCookie });
      const text = await csv.text();
      expect(csv.status, query).toBe(400);
      expect(csv.headers.get("content-type"), query).toBe("text/plain; charset=utf-8");
      expect(text, query).toContain("Bộ lọc không hợp lệ nên không xuất được tệp CSV");
      expect(text, query).toContain(message);
    }
    const good = await get(server, "/admin/audit?from=2026-01-01&to=2026-12-31", { cookie: auditorCookie });
    expect(good.status).toBe(200);
    await good.arrayBuffer();
    expect(hasStackTrace(server.log())).toBe(false);
  });

  it("TRACE, PUT, DELETE and PATCH get 405 with Allow; POST to a page without a form gets 405 too; nothing is logged as an error", async () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND"]) {
      const res = await rawRequest(server, { method, path: "/", headers: { Origin: server.baseUrl } });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow, method).toBe("GET, HEAD, POST");
      expect(res.body, method).toContain("Phương thức không được hỗ trợ");
    }
    const options = await rawRequest(server, { method: "OPTIONS", path: "/" });
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("GET, HEAD, POST");
    const post405 = await post(server, "/thu-tuc/1.001193", { a: "b" });
    await post405.arrayBuffer();
    expect(post405.status).toBe(405);
    expect(post405.headers.get("allow")).toBe("GET, HEAD");
    expect(hasStackTrace(server.log())).toBe(false);
  });

  it("an over-long URL gets 414 and over-large headers 431", async () => {
    const long = await get(server, `/?q=${"a".repeat(REQUEST_LIMITS.urlChars)}`);
    expect(long.status).toBe(414);
    expect(decode(await long.text())).toContain("Địa chỉ quá dài");
    const big = await rawRequest(server, { method: "GET", path: "/", headers: { "X-Filler": "y".repeat(REQUEST_LIMITS.headerBytes) } });
    expect(big.status).toBe(431);
  });

  it("compresses pages, caches fingerprinted assets for a year, never stores private pages, serves the icon", async () => {
    const page = await fetch(`${server.baseUrl}/thu-tuc/2.000815`, { headers: { "Accept-Encoding": "br, gzip" } });
    await page.arrayBuffer();
    expect(page.headers.get("content-encoding")).toBe("br");
    const gz = await rawRequest(server, { method: "GET", path: "/", headers: { "Accept-Encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(await (await get(server, "/")).text())?.[1];
    expect(css).toBeDefined();
    const asset = await get(server, css!);
    await asset.arrayBuffer();
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    for (const [path, cookie] of [
      ["/admin", adminCookie],
      ["/admin/users", adminCookie],
      ["/admin/audit", auditorCookie],
      ["/login", null],
    ] as const) {
      const res = await get(server, path, { cookie });
      await res.arrayBuffer();
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
    const icon = await get(server, "/favicon.ico");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/x-icon");
    expect((await icon.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it("404 pages carry the site header and a title; the 403 page has a title", async () => {
    const missing = await get(server, "/khong-co-trang-nay");
    const html = decode(await missing.text());
    expect(missing.status).toBe(404);
    expect(html).toContain("<title>Không tìm thấy trang</title>");
    expect(html).toContain('class="site-header"');
    const organization = JSON.parse(readFileSync(join("catalog", "communes", "00000", "organization", "00000.json"), "utf8"));
    expect(html).toContain(`<a data-discover="true" href="/">${organization.name}</a>`);
    const forbidden = await get(server, "/admin/audit", { cookie: adminCookie });
    const denied = decode(await forbidden.text());
    expect(forbidden.status).toBe(403);
    expect(denied).toContain("<title>Không có quyền truy cập – Niêm Yết</title>");
  });

  it("a repealed procedure leaves the public list, and its page says it was repealed, with the date", async () => {
    const dir = mkdtempSync(join(tmpdir(), "niemyet-repeal-"));
    cpSync("catalog", dir, { recursive: true });
    const file = join(dir, "procedures", "2.000908.json");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect((await (await get(server, "/")).text()).includes(`/thu-tuc/${doc.code}"`)).toBe(true);
    writeFileSync(file, JSON.stringify({ ...doc, status: "repealed", repeal: { date: "2026-12-01", decision: "1234/QĐ-UBND" } }, null, 2));
    const result = cli(server, ["import", dir, "--as", "admin"]);
    expect(result.status, result.stderr).toBe(0);
    await publishRelease(server);
    const home = await (await get(server, "/")).text();
    expect(home.includes(`/thu-tuc/${doc.code}"`)).toBe(false);
    const page = decode(await (await get(server, `/thu-tuc/${doc.code}`)).text());
    expect(page).toContain("Thủ tục này đã bãi bỏ từ ngày 01/12/2026 theo 1234/QĐ-UBND.");
  });
});

describe("sign-in throttling does not lock an office out (own database)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    addUser(server, "lan.nt", ["editor"]);
    addUser(server, "binh.tv", ["editor"]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const attempt = (username: string, password: string) => post(server, "/login", { username, password, redirectTo: "/admin" });

  it("a colleague's 5 typos lock only her own account; the others in the office (same address) sign in", async () => {
    for (let i = 1; i <= THROTTLE.perAccount; i++) {
      const res = await attempt("lan.nt", `go-nham-lan-${i}`);
      await res.arrayBuffer();
      expect(res.status, `typo #${i}`).toBe(i < THROTTLE.perAccount ? 401 : 429);
    }
    const locked = await attempt("lan.nt", PASSWORD);
    const html = decode(await locked.text());
    expect(locked.status).toBe(429);
    expect(html).toContain("Tài khoản này đã bị đăng nhập sai quá nhiều lần (5 lần trong 15 phút)");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    await signIn(server, "binh.tv", PASSWORD);
    await signIn(server, "admin", adminPasswordOf(server));
  });

  it("50 failures from one address lock that address; refused attempts store nothing more", async () => {
    for (let i = 1; i < THROTTLE.perAddress - THROTTLE.perAccount; i++) {
      const res = await attempt(`khach-${i}`, "khong-dung-dau");
      await res.arrayBuffer();
      expect(res.status, `failure #${i}`).toBe(401);
    }
    const last = await attempt("khach-cuoi", "khong-dung-dau");
    await last.arrayBuffer();
    expect(last.status).toBe(429);
    const before = await storage(server);
    for (let i = 0; i < 20; i++) {
      const res = await attempt(i % 2 ? "binh.tv" : `khach-moi-${i}`, i % 2 ? PASSWORD : "khong-dung-dau");
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(decode(await res.text())).toContain("từ địa chỉ mạng này (50 lần trong 15 phút)");
    }
    expect(await storage(server)).toEqual(before);
    // every failure writes one row per account and one per address, and they are dropped after 15 minutes
    expect(before.failures).toBe(2 * THROTTLE.perAddress);
  });
});

describe("accessibility of the 403 page and the audit page at phone width (Debian Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    addUser(server, "kiem-toan", ["auditor"]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openAs = (username: string, password: string) => signedInPage(browser, server, username, password, { viewport: { width: 360, height: 740 } });

  it("the 403 page has a title and no axe violations", async () => {
    const { context, page } = await openAs("admin", adminPasswordOf(server));
    const response = await page.goto(`${server.baseUrl}/admin/audit`);
    expect(response?.status()).toBe(403);
    await expect(page.title()).resolves.toBe("Không có quyền truy cập – Niêm Yết");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("the audit table scrolls at 360 px, is reachable by keyboard, and has no axe violations", async () => {
    const { context, page } = await openAs("kiem-toan", PASSWORD);
    await page.goto(`${server.baseUrl}/admin/audit`);
    const region = page.getByRole("region", { name: "Các mục nhật ký" });
    const [scrollWidth, clientWidth] = await region.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(await region.getAttribute("tabindex")).toBe("0");
    await region.focus();
    await expect(region.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    // arrow keys scroll smoothly: wait until the table has moved
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.baseUrl}/admin/audit?from=2026-02-30`);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Từ ngày không có thật trong lịch (30/02/2026)");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
