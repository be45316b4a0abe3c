import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, cli, dbCount, decode, get, PASSWORD, publishRelease, signIn } from "./helpers";
import { readPdf } from "./pdf";
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
    const before = await Promise.all(["audit_log", "revisions", "users", "sessions", "releases"].map((table) => dbCount(server, table)));
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
    expect(await Promise.all(["audit_log", "revisions", "users", "sessions", "releases"].map((table) => dbCount(server, table)))).toEqual(before);
  });

  // Classic injections, including a time-based one (it would hold the answer for 5 s).
  const INJECTIONS = ["' OR '1'='1' --", "1; DROP TABLE documents; --", "%' UNION SELECT username, password_hash FROM users --", "'); SELECT pg_sleep(5); --", '" OR ""="'];

  it("free-text search parameters treat SQL as words: 200 and nothing found, on the public list, the admin list, the audit log and the API", async () => {
    const tables = await Promise.all(["documents", "users", "audit_log"].map((table) => dbCount(server, table)));
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
    expect(await Promise.all(["documents", "users", "audit_log"].map((table) => dbCount(server, table)))).toEqual(tables);
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

describe("stored XSS: staff-written text in every page and document the app generates", () => {
  let server: RunningServer;
  // Markup, an event handler, a javascript: link and a spreadsheet formula, as a careless or hostile officer might type them.
  const HOSTILE = `=HYPERLINK("https://ke-gian.example","Bấm") <script>alert("xss")</script><img src=x onerror=alert(1)> <a href="javascript:alert(2)">liên kết</a>`;
  let admin: string;
  let auditor: string;
  let leader: string;
  beforeAll(async () => {
    server = await startServer();
    const dir = mkdtempSync(join(tmpdir(), "niemyet-xss-"));
    cpSync("catalog", dir, { recursive: true });
    const procedureFile = join(dir, "procedures", "1.001193.json");
    writeFileSync(procedureFile, JSON.stringify({ ...JSON.parse(readFileSync(procedureFile, "utf8")), name: HOSTILE }, null, 2));
    const processFile = join(dir, "processes", "QT-HT-01.json");
    const process_ = JSON.parse(readFileSync(processFile, "utf8"));
    process_.steps[0].name = HOSTILE;
    writeFileSync(processFile, JSON.stringify(process_, null, 2));
    const imported = cli(server, ["import", dir, "--as", "admin"]);
    expect(imported.status, imported.stderr).toBe(0);
    await publishRelease(server);
    admin = await signIn(server, "admin", adminPasswordOf(server));
    addUser(server, "kiem-toan-xss", ["auditor"]);
    auditor = await signIn(server, "kiem-toan-xss", PASSWORD);
    const leaderAdded = cli(server, ["user", "add", "--username", "lanh-dao-xss", "--unit", "00000", "--role", "approver"], { NIEMYET_PASSWORD: PASSWORD });
    expect(leaderAdded.status, leaderAdded.stderr).toBe(0);
    leader = await signIn(server, "lanh-dao-xss", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The tags of an HTML or SVG text with their attributes (quoted values read as values, so text in them is not a tag). */
  const tagsOf = (markup: string) =>
    [...markup.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g)].map((m) => ({
      name: m[1].toLowerCase(),
      attributes: [...m[2].matchAll(/([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)].map((a) => ({ name: a[1].toLowerCase(), value: (a[2] ?? "").replace(/^["']|["']$/g, "") })),
    }));
  const escapedIn = (markup: string, where: string) => {
    expect(markup, where).not.toContain("<script>alert");
    const tags = tagsOf(markup);
    expect(tags.length, where).toBeGreaterThan(10);
    // As text it may read "onerror=" or "javascript:"; as markup (a tag, a handler, a link) never.
    expect(tags.filter((t) => t.name === "img" && t.attributes.some((a) => a.name === "src" && a.value === "x")), where).toEqual([]);
    expect(tags.flatMap((t) => t.attributes.filter((a) => a.name.startsWith("on") || /^\s*javascript:/i.test(a.value))), where).toEqual([]);
    expect(markup, where).toContain("&lt;script&gt;alert(");
  };

  it("HTML: the public page, the admin list, the print pack and the ISO document show it as text", async () => {
    for (const [path, cookie] of [
      ["/thu-tuc/1.001193", undefined],
      ["/thu-tuc?q=1.001193", undefined],
      ["/", undefined],
      ["/admin/procedure", admin],
      ["/admin/releases/2/ban-in/trang-in", leader],
      ["/admin/tai-lieu-iso/process/QT-HT-01/html", auditor],
    ] as const) {
      const res = await get(server, path, cookie ? { cookie } : {});
      expect(res.status, path).toBe(200);
      escapedIn(await res.text(), path);
    }
  });

  it("SVG: the process flowchart has it as text, with no script or handler", async () => {
    const res = await get(server, "/admin/tai-lieu-iso/process/QT-HT-01/svg", { cookie: auditor });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    const svg = await res.text();
    const tags = tagsOf(svg);
    expect(tags.filter((t) => ["script", "a", "img", "foreignobject"].includes(t.name))).toEqual([]);
    expect(tags.flatMap((t) => t.attributes.filter((a) => a.name.startsWith("on") || /javascript:/i.test(a.value)))).toEqual([]);
    expect(svg).toContain("&lt;script&gt;");
  });

  it("DOCX and PDF: the ISO document holds it as plain text, not markup", async () => {
    const docx = Buffer.from(await (await get(server, "/admin/tai-lieu-iso/process/QT-HT-01/docx", { cookie: auditor })).arrayBuffer());
    const xml = await (await JSZip.loadAsync(docx)).file("word/document.xml")!.async("string");
    expect(xml).not.toMatch(/<script|<img /);
    expect(xml).toContain("&lt;script&gt;alert(");
    expect((await mammoth.extractRawText({ buffer: docx })).value.normalize("NFC")).toContain(`<script>alert("xss")</script>`);
    const pdf = await readPdf(Buffer.from(await (await get(server, "/admin/tai-lieu-iso/process/QT-HT-01/pdf", { cookie: auditor })).arrayBuffer()));
    expect(pdf.text.replace(/\s+/g, " ")).toContain(`<script>alert("xss")</script>`);
  });

  it("CSV and XLSX: the catalog export keeps it as text — the formula neutralised in CSV, a string cell in XLSX", async () => {
    const csv = await (await get(server, "/admin/danh-muc.csv", { cookie: admin })).text();
    const row = csv.split("\r\n").find((line) => line.includes("1.001193"))!;
    expect(row).toContain(`"'=HYPERLINK(""https://ke-gian.example"",""Bấm"")`);
    expect(row.split(",").some((cell) => /^"?[=+\-@]/.test(cell))).toBe(false);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await get(server, "/admin/danh-muc.xlsx", { cookie: admin })).arrayBuffer());
    const cells: ExcelJS.Cell[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((r) => r.eachCell((c) => (String(c.value ?? "").includes("HYPERLINK") ? cells.push(c) : undefined))));
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
  });
});
