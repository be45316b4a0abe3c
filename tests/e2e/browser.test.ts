import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./server";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
  return violations;
}

describe("public pages in a real browser (Debian Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("opens /, follows a procedure link and shows the procedure page, with no accessibility violations", async () => {
    const page = await browser.newPage({ locale: "vi-VN" });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/`);
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
    await page.close();
  });

  it("works with JavaScript turned off: the list and a procedure page are complete HTML", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole("link", { name: "Chứng thực chữ ký", exact: false }).first().click();
    await page.waitForURL("**/thu-tuc/**");
    await expect(page.getByText("10.000 đồng").first().isVisible()).resolves.toBe(true);
    await context.close();
  });

  it("shows a Vietnamese 404 page for an unknown procedure", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.baseUrl}/thu-tuc/9.999999`);
    expect(response?.status()).toBe(404);
    await expect(page.locator("h1").textContent()).resolves.toBe("Không tìm thấy trang");
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
