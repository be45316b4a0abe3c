import { readdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium } from "./chromium";
import { decode, get } from "./helpers";
import { startServer, type RunningServer } from "./server";

/** The printable blank forms (/bieu-mau/<code>): server-rendered, no script, accessible, A4 in print. */

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

  it("each sample form is a complete page without script, laid out like the paper template", async () => {
    expect(FORMS.length).toBe(8);
    for (const code of FORMS) {
      const res = await get(server, `/bieu-mau/${code}`);
      const html = decode(await res.text());
      expect(res.status, code).toBe(200);
      expect(html, code).not.toContain("<script");
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
    const pdf = (await axePage.pdf({ preferCSSPageSize: true })).toString("latin1");
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(2);
    // A4 is 595 × 842 points.
    expect(pdf).toMatch(/\/MediaBox\s*\[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    await checked.close();
  });
});
