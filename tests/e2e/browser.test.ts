import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./chromium";
import { useServerAndBrowser } from "./hooks";

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

  it("hydrates under the Content-Security-Policy without violations", async () => {
    const page = await env.browser.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${env.server.baseUrl}/`);
    // Client-side navigation only works once React has hydrated, i.e. the nonce'd scripts ran.
    await page.waitForFunction(() => (window as unknown as { __reactRouterVersion?: string }).__reactRouterVersion !== undefined);
    await page.getByRole("link", { name: "Đăng ký khai tử", exact: true }).click();
    await page.waitForURL("**/thu-tuc/1.000656");
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

  it("shows a Vietnamese 404 page for an unknown procedure", async () => {
    const page = await env.browser.newPage({ bypassCSP: true });
    const response = await page.goto(`${env.server.baseUrl}/thu-tuc/9.999999`);
    expect(response?.status()).toBe(404);
    await expect(page.locator("h1").textContent()).resolves.toBe("Không tìm thấy trang");
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
