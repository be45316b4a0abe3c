import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * Facts read from the catalog files themselves, so the assertions follow the data, not a copy of it: the
 * province's procedures that the default commune (00000) lists (its local overrides may leave some out).
 */
function catalogProcedures(): { code: string; name: string; fieldCode: string }[] {
  const overrides = "catalog/communes/00000/local-overrides";
  const unlisted = new Set(
    readdirSync(overrides)
      .map((f) => JSON.parse(readFileSync(join(overrides, f), "utf8")))
      .filter((o) => o.target.kind === "procedure" && o.listed === false)
      .map((o) => o.target.code),
  );
  const dir = "catalog/procedures";
  return readdirSync(dir)
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")))
    .filter((p) => !unlisted.has(p.code));
}
function fieldName(code: string): string {
  return JSON.parse(readFileSync(`catalog/fields/${code}.json`, "utf8")).name;
}
const decode = (html: string) => html.replace(/<!-- -->/g, "").replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

describe("public pages over HTTP (built server)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("/healthz answers 200 while the process runs; /readyz 200 when the database answers and its migrations are current", async () => {
    const live = await fetch(`${server.baseUrl}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.text()).toBe("ok\n");
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.text()).toBe("ready\n");
  });

  it("logs one JSON line a request: method, path, status, time; never the query, a cookie or the client address", async () => {
    const res = await fetch(`${server.baseUrl}/thu-tuc?q=Nguy%E1%BB%85n+V%C4%83n+A+0912345678`, { headers: { Cookie: "__session=bi-mat-cua-toi" } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    await expect.poll(() => server.log().includes('"path":"/thu-tuc"')).toBe(true);
    const lines = server
      .log()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.path === "/thu-tuc")!;
    expect(Object.keys(line).sort()).toEqual(["method", "ms", "path", "status", "t"]);
    expect(line).toMatchObject({ method: "GET", path: "/thu-tuc", status: 200 });
    expect(typeof line.ms).toBe("number");
    const everything = JSON.stringify(lines);
    for (const secret of ["0912345678", "Nguy", "bi-mat-cua-toi", "127.0.0.1"]) expect(everything).not.toContain(secret);
  });

  it("/ lists every procedure grouped by field with counts, as complete HTML in Vietnamese", async () => {
    const res = await fetch(`${server.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = decode(await res.text());
    expect(html).toMatch(/<html lang="vi"/);
    expect(html).toContain("Ủy ban nhân dân phường Hòa An");
    expect(html).toContain("Dữ liệu mẫu.");
    const procedures = catalogProcedures();
    expect(html).toContain(`${procedures.length} thủ tục hành chính`);
    const byField = new Map<string, number>();
    for (const p of procedures) byField.set(p.fieldCode, (byField.get(p.fieldCode) ?? 0) + 1);
    for (const [code, count] of byField) {
      expect(html).toMatch(new RegExp(`${fieldName(code)} <span class="count">\\(${count} thủ tục\\)</span>`));
    }
    for (const p of procedures) expect(html).toContain(`href="/thu-tuc/${p.code}"`);
  });

  it("/thu-tuc/2.000815 shows the whole record, with the tiered fee in vi-VN money format", async () => {
    const res = await fetch(`${server.baseUrl}/thu-tuc/2.000815`);
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    const record = JSON.parse(readFileSync("catalog/procedures/2.000815.json", "utf8"));
    expect(html).toContain(`<h1 id="procedure-title">${record.name}</h1>`);
    for (const heading of ["Trình tự thực hiện", "Cách thức thực hiện", "Thành phần hồ sơ", "Căn cứ pháp lý", "Cơ quan thực hiện", "Kết quả thực hiện"]) {
      expect(html).toContain(heading);
    }
    expect(html).toContain("2.000 đồng/trang");
    expect(html).toContain("1.000 đồng/trang");
    expect(html).toContain("tối đa 200.000 đồng/bản");
    for (const component of record.cases[0].components) expect(html).toContain(component.name);
    for (const basis of record.legalBasis) expect(html).toContain(basis.number);
  });

  it("answers 404 with a Vietnamese page for an unknown or malformed procedure code and an unknown path", async () => {
    for (const path of ["/thu-tuc/9.999999", "/thu-tuc/khong-phai-ma", "/khong-co-trang-nay"]) {
      const res = await fetch(`${server.baseUrl}${path}`);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html, path).toMatch(/<html lang="vi"/);
      expect(html, path).toContain("Không tìm thấy");
    }
  });
});

describe("/readyz without a usable database", () => {
  it("answers 503 when the database cannot be opened, while /healthz says the process runs", async () => {
    // The database path lies under a regular file, so it can never be created or opened.
    const blocker = join(mkdtempSync(join(tmpdir(), "niemyet-e2e-")), "not-a-dir");
    writeFileSync(blocker, "");
    // startServer waits for /readyz to answer at all; the answer must be 503.
    const server = await startServer({ databasePath: join(blocker, "app.sqlite"), setup: false });
    try {
      const res = await fetch(`${server.baseUrl}/readyz`, { signal: AbortSignal.timeout(10_000) });
      expect(res.status).toBe(503);
      expect(await res.text()).toBe("database unavailable\n");
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("answers 503 while a migration of this build has not run, and 200 once it has", async () => {
    const first = await startServer();
    await first.stop();
    const down = cli(first, ["migrate", "--down"]);
    expect(down.status, down.stderr).toBe(0);
    const server = await startServer({ databasePath: first.databasePath, setup: false });
    try {
      const res = await fetch(`${server.baseUrl}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe("migrations pending: 1\n");
      const up = cli(server, ["migrate"]);
      expect(up.status, up.stderr).toBe(0);
      expect(await (await fetch(`${server.baseUrl}/readyz`)).text()).toBe("ready\n");
    } finally {
      await server.stop();
    }
  });
});

describe("the development server (npm run dev)", () => {
  it("serves the app from source through the same middleware: CSP, method limits, origin check", async () => {
    // Without vitest's own variables: vite.config.ts leaves the Remix plugin out under vitest.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")));
    const server = await startServer({ args: ["--dev"], env: { ...env, NODE_ENV: "development" }, replaceEnv: true });
    try {
      const home = await fetch(`${server.baseUrl}/`);
      expect(home.status).toBe(200);
      expect(decode(await home.text())).toContain("Danh mục thủ tục hành chính");
      expect(home.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'/);
      const trace = await fetch(`${server.baseUrl}/`, { method: "DELETE" });
      await trace.arrayBuffer();
      expect(trace.status).toBe(405);
      const forged = await fetch(`${server.baseUrl}/login`, { method: "POST", headers: { Origin: "https://ke-gian.example" }, body: "username=a&password=b" });
      await forged.arrayBuffer();
      expect(forged.status).toBe(403);
    } finally {
      await server.stop();
    }
  });
});

describe("production start without SESSION_SECRET", () => {
  it("refuses to start and says why", () => {
    const env = { ...process.env, NODE_ENV: "production", PORT: "0", DATABASE_URL: ":memory:" } as NodeJS.ProcessEnv;
    delete env.SESSION_SECRET;
    const result = spawnSync(process.execPath, ["scripts/server.mjs"], { env, encoding: "utf8", timeout: 20_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("SESSION_SECRET is not set");
  });
});
