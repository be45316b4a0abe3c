import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./chromium";
import { useServerAndBrowser } from "./hooks";
import { adminPasswordOf } from "./server";

describe("public pages in a real browser (Debian Chromium)", () => {
  const env = useServerAndBrowser();

  it("opens /, follows a procedure link and shows the procedure page, with no accessibility violations", async () => {
    // axe is injected as an inline script, which the Content-Security-Policy forbids: this context bypasses
    // CSP for the accessibility check only (the test below checks the policy itself).
    const context = await env.browser.newContext({ locale: "vi-VN", bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${env.server.baseUrl}/`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Danh mục thủ tục hành chính");
    expect(await axeViolations(page)).toEqual([]);

    const procedure = JSON.parse(readFileSync("catalog/procedures/1.001193.json", "utf8"));
    await page.getByRole("link", { name: procedure.name, exact: true }).click();
    await page.waitForURL(`**/thu-tuc/${procedure.code}`);
    await expect(page.locator("h1").textContent()).resolves.toBe(procedure.name);
    await expect(page.getByRole("heading", { name: "Thành phần hồ sơ" }).isVisible()).resolves.toBe(true);
    const channelRows = page.locator("#cach-thuc tbody tr");
    expect(await channelRows.count()).toBe(procedure.channels.length);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a public page loads no script: only its HTML and its stylesheet, compressed", async () => {
    const context = await env.browser.newContext({ locale: "vi-VN" });
    const page = await context.newPage();
    const responses: { url: string; type: string; encoding: string | null }[] = [];
    page.on("response", (res) => {
      responses.push({ url: res.url(), type: res.request().resourceType(), encoding: res.headers()["content-encoding"] ?? null });
    });
    // What the phone downloads, as Chromium counts it on the wire (headers and compressed bodies).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    let transferred = 0;
    cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => (transferred += e.encodedDataLength));
    await page.goto(`${env.server.baseUrl}/thu-tuc/2.000815`, { waitUntil: "networkidle" });
    // No script runs; the one script element is schema.org data (application/ld+json), which browsers never run.
    await expect(page.evaluate(() => [...document.scripts].map((s) => s.type))).resolves.toEqual(["application/ld+json"]);
    expect(responses.filter((r) => r.type === "script")).toEqual([]);
    expect(responses.map((r) => r.type).sort()).toEqual(["document", "stylesheet"]);
    expect(responses.map((r) => r.encoding)).toEqual(["br", "br"]);
    console.log(`[size] /thu-tuc/2.000815 in a fresh browser: ${transferred} bytes transferred for ${responses.length} responses`);
    expect(transferred).toBeGreaterThan(1000);
    expect(transferred).toBeLessThan(20 * 1024);
    await context.close();
  });

  it("admin pages hydrate under the Content-Security-Policy without violations", async () => {
    const page = await env.browser.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${env.server.baseUrl}/login`);
    await page.getByLabel("Tên đăng nhập").fill("admin");
    await page.getByLabel("Mật khẩu").fill(adminPasswordOf(env.server));
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL("**/admin");
    // React marks the elements it has hydrated; only then do links navigate on the client.
    await page.waitForFunction(() => Object.keys(document.querySelector("nav a") ?? {}).some((k) => k.startsWith("__reactFiber")));
    const loads = await page.evaluate(() => performance.getEntriesByType("navigation").length);
    await page.getByRole("link", { name: "Tài khoản", exact: true }).click();
    await page.waitForURL("**/admin/users");
    // the URL changes first, then the new route renders
    await expect.poll(() => page.locator("h1").textContent()).toBe("Tài khoản");
    // a client-side navigation: still the same document
    await expect(page.evaluate(() => performance.getEntriesByType("navigation").length)).resolves.toBe(loads);
    await expect(page.evaluate(() => Object.keys(document.querySelector("h1") ?? {}).some((k) => k.startsWith("__reactFiber")))).resolves.toBe(true);
    expect(problems.filter((p) => /Content Security Policy|Refused/.test(p))).toEqual([]);
    await page.close();
  });

  it("works with JavaScript turned off: the list and a procedure page are complete HTML", async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.server.baseUrl}/`);
    await page.getByRole("link", { name: "Chứng thực chữ ký", exact: false }).first().click();
    await page.waitForURL("**/thu-tuc/**");
    await expect(page.getByText("10.000 đồng").first().isVisible()).resolves.toBe(true);
    await context.close();
  });

  it("every public page type passes axe, and the release's pages work with JavaScript turned off", async () => {
    const form = JSON.parse(readFileSync("catalog/forms/to-khai-dang-ky-giam-ho.json", "utf8"));
    const paths = [
      "/",
      "/thu-tuc",
      "/thu-tuc?q=khai+sinh&trong-ngay=1",
      "/thu-tuc/1.001193",
      "/thu-tuc/2.000815?ngay=2026-12-31&gio=16:00&cach-thuc=DIRECT&so-trang=5&so-ban=2",
      "/quy-trinh/QT-HT-01",
      "/thay-doi",
      "/quy-tac-ung-xu",
      "/chinh-sach-chat-luong",
      `/bieu-mau/${form.code}`,
      "/xa/99901",
      "/api",
    ];
    const context = await env.browser.newContext({ locale: "vi-VN", bypassCSP: true });
    const page = await context.newPage();
    for (const path of paths) {
      const response = await page.goto(`${env.server.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
    }
    await context.close();
    // Without script: the home page leads to a process page through a procedure page, all complete HTML.
    const noScript = await env.browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${env.server.baseUrl}/thu-tuc/1.001193`);
    await expect(plain.getByText(/cập nhật trong bản niêm yết số 1/).isVisible()).resolves.toBe(true);
    await expect(plain.locator(".qr-code svg").count()).resolves.toBe(1);
    await plain.getByRole("link", { name: "Quy trình giải quyết thủ tục đăng ký khai sinh" }).click();
    await plain.waitForURL("**/quy-trinh/QT-HT-01");
    await expect(plain.getByRole("heading", { name: "Các bước thực hiện" }).isVisible()).resolves.toBe(true);
    await plain.goto(`${env.server.baseUrl}/`);
    await plain.getByRole("link", { name: "Các lần thay đổi", exact: true }).click();
    await plain.waitForURL("**/thay-doi");
    await expect(plain.locator("h2").first().textContent()).resolves.toMatch(/^Bản niêm yết số 1, hiệu lực từ \d{2}\/\d{2}\/\d{4}$/);
    await noScript.close();
  });

  it("shows a Vietnamese 404 page for an unknown procedure", async () => {
    const page = await env.browser.newPage({ bypassCSP: true });
    const response = await page.goto(`${env.server.baseUrl}/thu-tuc/9.999999`);
    expect(response?.status()).toBe(404);
    await expect(page.locator("h1").textContent()).resolves.toBe("Không tìm thấy trang");
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
