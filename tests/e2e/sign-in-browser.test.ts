import { describe, expect, it } from "vitest";
import { axeViolations } from "./chromium";
import { useServerAndBrowser } from "./hooks";
import { adminPasswordOf } from "./server";

describe("signing in and out in a real browser", () => {
  const env = useServerAndBrowser();

  it("asks for sign-in, shows a Vietnamese error for a wrong password, signs in, reaches the users page and signs out", async () => {
    const page = await env.browser.newPage({ locale: "vi-VN", bypassCSP: true });
    await page.goto(`${env.server.baseUrl}/admin/users`);
    await page.waitForURL("**/login?redirectTo=%2Fadmin%2Fusers");
    await expect(page.locator("h1").textContent()).resolves.toBe("Đăng nhập");

    await page.getByLabel("Tên đăng nhập").fill("admin");
    await page.getByLabel("Mật khẩu").fill("sai-mat-khau-123");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Tên đăng nhập hoặc mật khẩu không đúng");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Mật khẩu").fill(adminPasswordOf(env.server));
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.waitForURL("**/admin/users");
    await expect(page.locator("h1").textContent()).resolves.toBe("Tài khoản");
    expect(await axeViolations(page)).toEqual([]);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "niemyet_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForURL("**/login");
    await page.goto(`${env.server.baseUrl}/admin`);
    await page.waitForURL("**/login?redirectTo=%2Fadmin");
    await page.close();
  });
});
