import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./chromium";
import { addUser, cli, decode, PASSWORD, signIn } from "./helpers";
import { useServerAndBrowser } from "./hooks";

/**
 * The static site (`npm run cli -- export-site`, app/static-site): exported from the running app's database by the
 * real CLI, then crawled on disk (every link and asset resolves), opened from file:// in Chromium (axe, the
 * offline search, the calculators against the server's own answer), exported again (same bytes, nothing
 * rewritten), and downloaded as a zip by an approver.
 */

const SITE_URL = "https://hoaan.example.vn/niem-yet";
const birth = JSON.parse(readFileSync("catalog/procedures/1.001193.json", "utf8")) as { code: string; name: string };

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split("\\").join("/"))
    .sort();
}

const hashOf = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Every href, src and action of a page that stays inside the site (not #…, mailto:, tel:, https:). */
function localLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)]
    .map((m) => decode(m[1]))
    .filter((v) => !v.startsWith("#") && !/^[a-z]+:/i.test(v));
}

describe("the static site export", () => {
  const env = useServerAndBrowser();
  const dir = join(mkdtempSync(join(tmpdir(), "niemyet-site-")), "trang-tinh");
  let firstOutput = "";

  it("writes the live release as a folder whose every link and asset resolves, with sitemap, data and QR codes to the published address", () => {
    const result = cli(env.server, ["export-site", dir, "--unit", "00000", "--base-url", `${SITE_URL}/`]);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    firstOutput = result.stdout;
    expect(result.stdout).toMatch(/Đã xuất bản niêm yết số 1 của Phường Hòa An/);
    expect(result.stderr).toMatch(/trang/);
    const files = filesOf(dir);
    for (const required of ["index.html", "thu-tuc.html", "tim-kiem.html", `thu-tuc/${birth.code}.html`, "sitemap.xml", "du-lieu/thu-tuc.json", "du-lieu/tim-kiem.json", "niem-yet-site.json"])
      expect(files).toContain(required);

    // Every page reachable from index.html, and every link of every page pointing to a file of the site.
    const pages = files.filter((f) => f.endsWith(".html"));
    const reached = new Set<string>(["index.html"]);
    const broken: string[] = [];
    for (let queue = ["index.html"]; queue.length > 0; ) {
      const page = queue.shift()!;
      const html = readFileSync(join(dir, page), "utf8");
      expect({ page, rootLinks: localLinks(html).filter((l) => l.startsWith("/")) }).toEqual({ page, rootLinks: [] });
      for (const link of localLinks(html)) {
        const target = relative(dir, resolve(dirname(join(dir, page)), link.split("#")[0].split("?")[0])).split("\\").join("/");
        if (!existsSync(join(dir, target))) broken.push(`${page} → ${link}`);
        else if (target.endsWith(".html") && !reached.has(target)) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(pages.filter((p) => !reached.has(p))).toEqual([]);

    const listed = JSON.parse(readFileSync(join(dir, "du-lieu/thu-tuc.json"), "utf8")) as { procedures: { id: string }[] };
    expect(listed.procedures.length).toBe(files.filter((f) => /^thu-tuc\/[^/]+\.html$/.test(f)).length);
    const sitemap = readFileSync(join(dir, "sitemap.xml"), "utf8");
    expect(sitemap).toContain(`<loc>${SITE_URL}/thu-tuc/${birth.code}.html</loc>`);
    expect(sitemap).toContain(`<loc>${SITE_URL}/</loc>`);
    const procedurePage = readFileSync(join(dir, `thu-tuc/${birth.code}.html`), "utf8");
    // The schema.org address (the same one the QR code encodes) is the page's file at the published address.
    expect(procedurePage).toContain(`"url":"${SITE_URL}/thu-tuc/${birth.code}.html"`);
    expect(procedurePage).toMatch(/class="qr-code__image"/);
    // Only the calculators' script and data, besides the schema.org data; no script of the app.
    expect([...procedurePage.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([
      '<script type="application/ld+json">',
      '<script type="application/json" id="du-lieu-tinh-toan">',
      '<script src="../assets/lich-lam-viec.js" defer>',
      '<script src="../assets/tinh-toan.js" defer>',
    ]);
  });

  it("exports the same release again as the same bytes, rewriting nothing, and into a new folder identically", () => {
    const before = Object.fromEntries(filesOf(dir).map((f) => [f, hashOf(join(dir, f))]));
    const again = cli(env.server, ["export-site", dir, "--unit", "00000", "--base-url", SITE_URL]);
    expect(again.status, again.stderr).toBe(0);
    const total = Number(/(\d+) tệp/.exec(firstOutput)?.[1]);
    expect(again.stdout).toContain(`(0 ghi mới hoặc thay đổi, ${total} không đổi, 0 xóa)`);
    expect(Object.fromEntries(filesOf(dir).map((f) => [f, hashOf(join(dir, f))]))).toEqual(before);

    const other = join(dirname(dir), "lan-hai");
    expect(cli(env.server, ["export-site", other, "--unit", "00000", "--base-url", SITE_URL]).status).toBe(0);
    expect(Object.fromEntries(filesOf(other).map((f) => [f, hashOf(join(other, f))]))).toEqual(before);
  });

  it("refuses a folder holding other files, and an address that is not a web address, in Vietnamese", () => {
    const foreign = mkdtempSync(join(tmpdir(), "niemyet-foreign-"));
    cpSync("README.md", join(foreign, "README.md"));
    const refused = cli(env.server, ["export-site", foreign, "--unit", "00000", "--base-url", SITE_URL]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("đã có tệp khác và không phải một trang đã xuất trước đây");
    expect(readdirSync(foreign)).toEqual(["README.md"]);
    const badAddress = cli(env.server, ["export-site", join(foreign, "moi"), "--unit", "00000", "--base-url", "hoaan.example.vn"]);
    expect(badAddress.status).toBe(1);
    expect(badAddress.stderr).toContain("--base-url: Địa chỉ đăng trang phải là một địa chỉ web đầy đủ");
  });

  it("works from file:// in Chromium: axe passes, the search finds «dang ky khai sinh» offline, the calculator answers as the server does", async () => {
    const context = await env.browser.newContext({ locale: "vi-VN", bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file://")) requests.push(r.url());
    });
    // A copy in a sub-folder of somewhere else: relative links do not care where the folder is.
    const elsewhere = join(mkdtempSync(join(tmpdir(), "niemyet-portal-")), "cong-thong-tin", "niem-yet");
    mkdirSync(dirname(elsewhere), { recursive: true });
    cpSync(dir, elsewhere, { recursive: true });
    const url = (file: string) => pathToFileURL(join(elsewhere, file)).href;

    for (const file of ["index.html", "thu-tuc.html", "thu-tuc-linh-vuc-G15-TP07.html", `thu-tuc/${birth.code}.html`, "tim-kiem.html", "thay-doi.html", "quy-trinh/QT-HT-01.html"]) {
      await page.goto(url(file));
      // The stylesheet is there (a page without it has no computed max-width on its main column).
      expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(0);
      expect({ file, violations: await axeViolations(page) }).toEqual({ file, violations: [] });
    }

    // The home page's search box submits to the search page, which answers from the index without a server.
    await page.goto(url("index.html"));
    await page.getByLabel("Tìm thủ tục theo tên hoặc mã").fill("dang ky khai sinh");
    await page.getByRole("button", { name: "Tìm" }).click();
    await page.waitForURL(/tim-kiem\.html\?q=dang\+ky\+khai\+sinh/);
    await expect(page.locator("main [role=status]").textContent()).resolves.toMatch(/^Tìm thấy \d+ thủ tục\.$/);
    const first = page.locator("ol.procedure-list li a").first();
    await expect(first.textContent()).resolves.toBe(birth.name);
    // Each word of the query is marked in the name, as on the server's search.
    await expect(page.locator("ol.procedure-list li").first().locator("mark").allTextContents()).resolves.toEqual(["Đăng", "ký", "khai", "sinh"]);
    await first.click();
    await page.waitForURL(`**/thu-tuc/${birth.code}.html`);
    await expect(page.locator("h1").textContent()).resolves.toBe(birth.name);

    // The calculator: the same inputs on the live server's page and in the static page give the same words.
    await page.getByLabel("Ngày nộp hồ sơ").fill("2026-12-31");
    await page.getByLabel("Giờ nộp").fill("15:45");
    await page.getByRole("button", { name: "Tính" }).click();
    const staticAnswer = (await page.locator(".calculator__result").innerText()).replace(/\s+/g, " ").trim();
    const live = await fetch(`${env.server.baseUrl}/thu-tuc/${birth.code}?ngay=2026-12-31&gio=15%3A45&cach-thuc=${encodeURIComponent(await page.getByLabel("Cách thức nộp").inputValue())}&so-trang=1&so-ban=1`);
    const livePage = await context.newPage();
    await livePage.setContent(await live.text());
    const liveAnswer = (await livePage.locator(".calculator__result").innerText()).replace(/\s+/g, " ").trim();
    expect(staticAnswer).toMatch(/ngày hẹn trả kết quả dự kiến/);
    expect(staticAnswer).toBe(liveAnswer);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });

  it("gives approvers the same site as a zip from the releases page, and nobody else", async () => {
    // An approver of the commune (a deployment-wide one acts in the province, which has no static site).
    const added = cli(env.server, ["user", "add", "--username", "lanh-dao-trang-tinh", "--role", "approver", "--unit", "00000"], { NIEMYET_PASSWORD: PASSWORD });
    expect(added.status, added.stderr).toBe(0);
    addUser(env.server, "bien-tap-trang-tinh", ["editor"]);
    const approver = await signIn(env.server, "lanh-dao-trang-tinh", PASSWORD);
    const releasesPage = await (await fetch(`${env.server.baseUrl}/admin/releases`, { headers: { Cookie: approver } })).text();
    expect(releasesPage).toContain("Tải trang tĩnh (.zip)");
    const zip = await fetch(`${env.server.baseUrl}/admin/trang-tinh.zip?dia-chi=${encodeURIComponent(SITE_URL)}`, { headers: { Cookie: approver } });
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    // Stored names in the zip's central directory: the folder's files under niem-yet-00000/.
    for (const file of filesOf(dir)) expect(bytes.includes(Buffer.from(`niem-yet-00000/${file}`))).toBe(true);

    const bad = await fetch(`${env.server.baseUrl}/admin/trang-tinh.zip?dia-chi=khong-phai-dia-chi`, { headers: { Cookie: approver } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Địa chỉ đăng trang phải là một địa chỉ web đầy đủ");
    const none = await fetch(`${env.server.baseUrl}/admin/trang-tinh.zip`, { headers: { Cookie: approver } });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Hãy cho biết địa chỉ sẽ đăng trang");
    const editor = await signIn(env.server, "bien-tap-trang-tinh", PASSWORD);
    expect((await fetch(`${env.server.baseUrl}/admin/trang-tinh.zip`, { headers: { Cookie: editor }, redirect: "manual" })).status).toBe(403);
    expect((await fetch(`${env.server.baseUrl}/admin/trang-tinh.zip`, { redirect: "manual" })).status).toBe(302);
  });
});
