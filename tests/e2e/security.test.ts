import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, dbGet, decode, get, PASSWORD, signIn } from "./helpers";
import { adminPasswordOf, startServer, TEST_SESSION_SECRET, type RunningServer } from "./server";

/**
 * The OWASP ASVS level-1 checks of docs/decisions/024-threat-model.md that are not already tested elsewhere
 * (sessions, cookies, headers, throttling and password changes: auth.test.ts; body and URL limits: hardening.test.ts;
 * uploads: portal-import and list-import tests): every POST route refuses a cross-site request, every search and
 * filter parameter is data and never SQL, and no path reaches a file outside what the app serves.
 */

/** Every route of the built app that accepts POST (it has an action), as a concrete path. */
async function actionPaths(): Promise<string[]> {
  process.env.SESSION_SECRET ??= TEST_SESSION_SECRET;
  const build = (await import(pathToFileURL(join(process.cwd(), "build", "server", "index.js")).href)) as {
    routes: Record<string, { parentId?: string; path?: string; module: { action?: unknown } }>;
  };
  const fullPath = (id: string | undefined): string => {
    const route = id ? build.routes[id] : undefined;
    return route ? `${fullPath(route.parentId)}/${route.path ?? ""}` : "";
  };
  const params: Record<string, string> = { kind: "procedure", key: "1.001193", code: "1.001193", unit: "00000", number: "1", release: "1" };
  return Object.keys(build.routes)
    .filter((id) => build.routes[id].module.action)
    .map((id) => fullPath(id).replace(/\/+/g, "/").replace(/\/$/, "").replace(/:(\w+)/g, (_, name: string) => params[name] ?? name));
}

describe("security (ASVS level 1)", () => {
  let server: RunningServer;
  let admin: string;
  let auditor: string;
  const count = async (table: string) => Number((await dbGet<{ n: unknown }>(server, `select count(*) as n from ${table}`))!.n);
  beforeAll(async () => {
    server = await startServer();
    admin = await signIn(server, "admin", adminPasswordOf(server));
    addUser(server, "kiem-toan-an-ninh", ["auditor"]);
    auditor = await signIn(server, "kiem-toan-an-ninh", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("every POST route refuses a request from another site, and one with neither Origin nor Referer: 403, nothing done", async () => {
    const paths = await actionPaths();
    // The routes with a form today; a new one is covered without changing this test.
    expect(paths).toEqual(expect.arrayContaining(["/login", "/logout", "/admin/users", "/admin/releases", "/admin/procedure/1.001193", "/admin/nhap/cong-dich-vu-cong"]));
    expect(paths.length).toBeGreaterThanOrEqual(14);
    const before = await Promise.all(["audit_log", "revisions", "users", "sessions", "releases"].map(count));
    for (const path of paths) {
      const variants: Record<string, string>[] = [{ Origin: "https://ke-gian.example" }, { "Sec-Fetch-Site": "cross-site", Origin: server.baseUrl }, {}];
      for (const headers of variants) {
        const res = await fetch(`${server.baseUrl}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { ...headers, Cookie: admin, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: "create", username: "ke-gian", password: "mat-khau-ke-gian-2026", roles: "admin", note: "x" }),
        });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(decode(await res.text())).toContain("Yêu cầu bị từ chối");
      }
    }
    expect(await Promise.all(["audit_log", "revisions", "users", "sessions", "releases"].map(count))).toEqual(before);
  });

  // Classic injections, including a time-based one (it would hold the answer for 5 s).
  const INJECTIONS = ["' OR '1'='1' --", "1; DROP TABLE documents; --", "%' UNION SELECT username, password_hash FROM users --", "'); SELECT pg_sleep(5); --", '" OR ""="'];

  it("free-text search parameters treat SQL as words: 200 and nothing found, on the public list, the admin list, the audit log and the API", async () => {
    const tables = await Promise.all(["documents", "users", "audit_log"].map(count));
    for (const value of INJECTIONS) {
      const query = (name: string) => new URLSearchParams({ [name]: value });
      const list = await get(server, `/thu-tuc?${query("q")}`);
      expect(list.status).toBe(200);
      expect(decode(await list.text())).not.toMatch(/href="\/thu-tuc\/\d\.\d{6}"/);
      const admin_ = await get(server, `/admin/procedure?${query("q")}`, { cookie: admin });
      expect(admin_.status).toBe(200);
      expect(decode(await admin_.text())).not.toMatch(/href="\/admin\/procedure\/\d\.\d{6}"/);
      for (const name of ["actor", "key"]) {
        const audit = await get(server, `/admin/audit.csv?${query(name)}`, { cookie: auditor });
        expect(audit.status).toBe(200);
        expect((await audit.text()).trim().split("\n")).toHaveLength(1); // the header row only
      }
      for (const name of ["q", "field"]) {
        const api = await get(server, `/api/v1/units/00000/procedures?${query(name)}`);
        expect(api.status).toBe(200);
        expect((await api.json()) as { items: unknown[] }).toMatchObject({ items: [] });
      }
    }
    expect(await Promise.all(["documents", "users", "audit_log"].map(count))).toEqual(tables);
  });

  it("choice, number and date parameters refuse SQL with 400 naming the field in Vietnamese", async () => {
    const cases: [string, string, string, string?][] = [
      ["/thu-tuc", "linh-vuc", "Lĩnh vực: Lĩnh vực không có trong danh sách để chọn"],
      ["/thu-tuc", "muc-do", "Mức độ dịch vụ công trực tuyến: Mức độ dịch vụ công trực tuyến không có trong danh sách để chọn"],
      ["/thu-tuc", "mien-phi", "Không mất phí, lệ phí: Không mất phí, lệ phí chỉ nhận giá trị 1"],
      ["/thu-tuc", "trang", "Trang: Trang phải là số nguyên từ 1 đến 10.000"],
      ["/admin/procedure", "field", "Lĩnh vực: Lĩnh vực không có trong danh sách để chọn", admin],
      ["/admin/procedure", "status", "Trạng thái: Trạng thái không có trong danh sách để chọn", admin],
      ["/admin/procedure", "sort", "Sắp xếp: Sắp xếp không có trong danh sách để chọn", admin],
      ["/admin/procedure", "page", "Trang: Trang phải là số nguyên từ 1 đến 100.000", admin],
      ["/admin/audit", "action", "Thao tác: Thao tác không có trong danh sách để chọn", auditor],
      ["/admin/audit", "kind", "Loại tài liệu: Loại tài liệu không có trong danh sách để chọn", auditor],
      ["/admin/audit", "from", "Từ ngày: Từ ngày phải là một ngày, dạng năm-tháng-ngày (ví dụ 2026-11-22)", auditor],
      ["/api/v1/units/00000/procedures", "page", "Trang (page) phải là số nguyên từ 1 đến 100.000"],
    ];
    for (const [path, name, label, cookie] of cases) {
      const res = await get(server, `${path}?${new URLSearchParams({ [name]: INJECTIONS[0] })}`, cookie ? { cookie } : {});
      expect(res.status, `${path}?${name}`).toBe(400);
      expect(decode(await res.text()), `${path}?${name}`).toContain(label);
    }
  });

  it("path segments are data: SQL or ../ in a code or a unit is a 404 page, and no file outside the app is served", async () => {
    const paths = [
      `/thu-tuc/${encodeURIComponent(INJECTIONS[0])}`,
      `/xa/${encodeURIComponent(INJECTIONS[0])}/thu-tuc`,
      `/api/v1/units/${encodeURIComponent(INJECTIONS[2])}/procedures`,
      "/thu-tuc/..%2F..%2Fpackage.json",
      "/bieu-mau/..%2F..%2F..%2Fetc%2Fpasswd",
      "/assets/..%2F..%2Fpackage.json",
      "/assets/%2e%2e/%2e%2e/package.json",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/quy-trinh/....%2F%2F....%2F%2Fetc%2Fpasswd",
    ];
    for (const path of paths) {
      const res = await get(server, path, { cookie: admin });
      expect(res.status, path).toBe(404);
      const body = await res.text();
      expect(body, path).not.toContain("root:x:0:0");
      expect(body, path).not.toContain('"devDependencies"');
    }
    // And an ISO document download with a traversal in its key names nothing to download.
    const download = await get(server, "/admin/tai-lieu-iso/process/..%2F..%2F..%2Fetc%2Fpasswd/docx", { cookie: auditor });
    expect(download.status).toBe(404);
    expect(await download.text()).not.toContain("root:x:0:0");
  });
});
