import { readdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium } from "./chromium";
import { readPdf } from "./pdf";
import { addUser, dbGet, decode, followRedirect, get, PASSWORD, post, publishRelease, signIn } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * The printable forms (/bieu-mau/<code>): the blank form is complete server-rendered HTML (works without
 * JavaScript), accessible, A4 in print; with JavaScript a citizen fills it in on the page and prints it filled.
 */

const FORMS = readdirSync("catalog/forms").map((f) => f.replace(/\.json$/, ""));

describe("printable blank forms", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("each sample form's HTML is the complete blank form, laid out like the paper template", async () => {
    expect(FORMS.length).toBe(8);
    for (const code of FORMS) {
      const res = await get(server, `/bieu-mau/${code}`);
      const html = decode(await res.text());
      expect(res.status, code).toBe(200);
      // The whole blank form is in the HTML itself; the fill-in is added by script.
      expect(html, code).not.toContain("Điền trên máy");
      expect(html).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      expect(html).toContain("Độc lập - Tự do - Hạnh phúc");
      expect(html).toMatch(/<h1 id="paper-title" class="paper-title">TỜ KHAI [^<]+<\/h1>/);
      expect(html).toMatch(/Kính gửi:/);
      expect(html).toContain("(Ký, ghi rõ họ, chữ đệm, tên)");
      expect(html).toContain("Ban hành kèm theo 04/2020/TT-BTP");
    }
    for (const path of ["/bieu-mau/khong-co-mau-nay", "/bieu-mau/%3Cscript%3E"]) {
      const res = await get(server, path);
      expect(res.status, path).toBe(404);
      expect(decode(await res.text())).toContain("Không tìm thấy");
    }
  });

  it("the procedure page links each dossier component to its printable form", async () => {
    const html = decode(await (await get(server, "/thu-tuc/1.001193")).text());
    expect(html).toContain('<a href="/bieu-mau/to-khai-dang-ky-khai-sinh">Tờ khai đăng ký khai sinh</a>');
  });

  it("with JavaScript off it is axe-clean on screen, and prints as A4 without the site header, on at most two pages", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true, locale: "vi-VN" });
    const page = await context.newPage();
    for (const code of FORMS) {
      await page.goto(`${server.baseUrl}/bieu-mau/${code}`);
      await expect(page.locator("h1").textContent()).resolves.toMatch(/^TỜ KHAI/);
    }
    await context.close();
    // axe needs script: the same page in a context with JavaScript (the page itself loads none).
    const checked = await browser.newContext({ bypassCSP: true, locale: "vi-VN" });
    const axePage = await checked.newPage();
    for (const code of FORMS) {
      await axePage.goto(`${server.baseUrl}/bieu-mau/${code}`);
      expect(await axeViolations(axePage), code).toEqual([]);
    }
    await axePage.goto(`${server.baseUrl}/bieu-mau/to-khai-dang-ky-khai-sinh`);
    await axePage.emulateMedia({ media: "print" });
    await expect(axePage.locator(".site-header").isVisible()).resolves.toBe(false);
    await expect(axePage.locator(".paper-motto").isVisible()).resolves.toBe(true);
    const pdf = await readPdf(await axePage.pdf({ preferCSSPageSize: true }));
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.pages).toBeLessThanOrEqual(2);
    // A4 is 595 × 842 points.
    expect(pdf.pageSize).toEqual([595, 842]);
    for (const words of [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "TỜ KHAI ĐĂNG KÝ KHAI SINH",
      "Kính gửi:",
      "Người yêu cầu",
      "(Ký, ghi rõ họ, chữ đệm, tên)",
    ]) {
      expect(pdf.text).toContain(words);
    }
    // The site header is not printed.
    expect(pdf.text).not.toContain("Dữ liệu mẫu");
    await checked.close();
  });

  it("with JavaScript a citizen fills the form in on the page and prints it filled; nothing typed leaves the browser", async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: "vi-VN" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    const sent: string[] = [];
    await page.goto(`${server.baseUrl}/bieu-mau/to-khai-dang-ky-khai-sinh`);
    page.on("request", (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ""}`));
    await page.getByRole("button", { name: "Điền trên máy" }).click();
    await page.locator("#dien_nguoiYeuCau_hoTen").fill("Nguyễn Thị Hoa");
    await page.locator("#dien_nguoiDuocKhaiSinh_ngaySinh").fill("22/11/2026");
    await page.locator("#dien_nguoiDuocKhaiSinh_ngaySinh").blur();
    await page.locator("#dien_camDoan").check();
    const paper = page.locator("article.paper");
    await expect.poll(() => paper.textContent()).toContain("Nguyễn Thị Hoa");
    await expect(paper.textContent()).resolves.toMatch(/ngày\s*22\s*tháng\s*11\s*năm\s*2026/);
    await expect(paper.locator(".paper-check").first().textContent()).resolves.toContain("☒");
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".fill-in").isVisible()).resolves.toBe(false);
    await expect(paper.isVisible()).resolves.toBe(true);
    const pdf = await readPdf(await page.pdf({ preferCSSPageSize: true }));
    expect(pdf.text).toContain("Nguyễn Thị Hoa");
    expect(pdf.text).not.toContain("Điền trên máy");
    // Only GETs of the app's own files and route manifest, with no body; nothing carried what was typed.
    expect(sent.filter((r) => !(r.startsWith(`GET ${server.baseUrl}/`) && r.endsWith(" ")))).toEqual([]);
    expect(sent.some((r) => r.includes("/assets/FillForm"))).toBe(true);
    expect(sent.some((r) => r.includes("Hoa") || r.includes("2026-11-22"))).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a form used by procedures changes only through a new version with an effective date; the old one stays printable", async () => {
    addUser(server, "bm-can-bo", ["editor"]);
    addUser(server, "bm-lanh-dao", ["approver"]);
    const editor = await signIn(server, "bm-can-bo", PASSWORD);
    const leader = await signIn(server, "bm-lanh-dao", PASSWORD);
    const code = "to-khai-dang-ky-khai-sinh";
    const row = async () =>
      (await dbGet<{ revision: number; body: string }>(
        server,
        "SELECT current_revision AS revision, body FROM documents WHERE kind = 'form' AND key = ?",
        code,
      ))!;
    const before = await row();
    const body = JSON.parse(before.body);
    body.schema.title = "Tờ khai đăng ký khai sinh (mẫu mới)";
    const saved = await post(
      server,
      `/admin/form/${code}`,
      { body: JSON.stringify(body), note: "", baseRevision: String(before.revision) },
      { cookie: editor },
    );
    await saved.arrayBuffer();
    expect(saved.status).toBe(302);
    const revision = String((await row()).revision);
    await (await post(server, `/admin/form/${code}`, { intent: "submit", revision, text: "" }, { cookie: editor })).arrayBuffer();

    const noDate = await post(server, `/admin/form/${code}`, { intent: "approve", revision, text: "", effectiveFrom: "" }, { cookie: leader });
    expect(noDate.status).toBe(400);
    expect(decode(await noDate.text())).toContain("Biểu mẫu đang được thủ tục sử dụng: hãy nhập «Phiên bản mới áp dụng từ ngày»");
    const badDate = await post(
      server,
      `/admin/form/${code}`,
      { intent: "approve", revision, text: "", effectiveFrom: "30/02/2030" },
      { cookie: leader },
    );
    expect(badDate.status).toBe(400);
    expect(decode(await badDate.text())).toContain("là một ngày có thật");
    const approved = await post(
      server,
      `/admin/form/${code}`,
      { intent: "approve", revision, text: "", effectiveFrom: "01/01/2030" },
      { cookie: leader },
    );
    expect(await followRedirect(server, approved, leader)).toContain("Đã phê duyệt");
    await publishRelease(server);

    // Today the old version still applies; the new one is viewable and printable ahead of its date.
    const today = decode(await (await get(server, `/bieu-mau/${code}`)).text());
    expect(today).toContain("TỜ KHAI ĐĂNG KÝ KHAI SINH</h1>");
    expect(today).toContain("Các phiên bản của mẫu");
    expect(today).toContain("Áp dụng từ 01/01/2030");
    const next = decode(await (await get(server, `/bieu-mau/${code}?phien-ban=${revision}`)).text());
    expect(next).toContain("TỜ KHAI ĐĂNG KÝ KHAI SINH (MẪU MỚI)</h1>");
    expect(next).toContain("Đây là phiên bản mới của mẫu, áp dụng từ ngày 01/01/2030.");
    const unknown = await get(server, `/bieu-mau/${code}?phien-ban=99`);
    await unknown.arrayBuffer();
    expect(unknown.status).toBe(404);
    // The procedure says which version applies on which date.
    const procedure = decode(await (await get(server, "/thu-tuc/1.001193")).text());
    expect(procedure).toMatch(
      /Tờ khai đăng ký khai sinh<\/a>\s*<span class="note">\s*\(mẫu hiện hành từ \d{2}\/\d{2}\/\d{4}; mẫu mới áp dụng từ 01\/01\/2030\)/,
    );
  });
});
