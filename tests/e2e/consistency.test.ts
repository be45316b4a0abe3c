import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogWithUnknownResponsible } from "../setup/seeded-catalog";
import type { Browser } from "playwright-core";
import { axeViolations, launchChromium } from "./chromium";
import { cli, decode, get, PASSWORD, signedInPage, signIn } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * The consistency report /admin/kiem-tra (app/domain/consistency.ts) on the built server: an auditor of Hòa An sees
 * the error seeded into the commune's override of QT-HT-01 (a step done by someone the commune does not have), before
 * the warnings, with a link to the field to fix.
 */
describe("the consistency report page", () => {
  let server: RunningServer;
  let auditor: string;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    // The seeded error, loaded as officers load a catalog: the commune's override names an unknown person.
    const dir = catalogWithUnknownResponsible();
    const imported = cli(server, ["import", dir, "--as", "admin"]);
    expect(imported.status, imported.stderr).toBe(0);
    const added = cli(server, ["user", "add", "--username", "hoa-an-kiem-tra", "--unit", "00000", "--role", "auditor"], { NIEMYET_PASSWORD: PASSWORD });
    expect(added.status, added.stderr).toBe(0);
    auditor = await signIn(server, "hoa-an-kiem-tra", PASSWORD);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an auditor sees the seeded error first, grouped by rule with counts, linked to the field of the commune's override", async () => {
    const res = await get(server, "/admin/kiem-tra", { cookie: auditor });
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    expect(html).toContain("<h1>Kiểm tra tính nhất quán</h1>");
    expect(html).toMatch(/<h2 id="muc-error">Lỗi cần sửa \(1\)<\/h2>/);
    expect(html).toContain("Lỗi: Đơn vị thực hiện bước không có trong cơ cấu của xã, phường (1)");
    expect(html).toContain("«Ông Nguyễn Văn A» không phải bộ phận, công chức nào trong thông tin đơn vị");
    expect(html).toMatch(/<h2 id="muc-warning">Cảnh báo cần xem lại \(\d+\)<\/h2>/);
    expect(html).toMatch(/Cảnh báo: Thủ tục niêm yết nhưng chưa có quy trình nội bộ \(\d+\)/);
    expect(html.indexOf("Lỗi cần sửa")).toBeLessThan(html.indexOf("Cảnh báo cần xem lại"));
    // The field is the commune's value in its override of QT-HT-01: the link opens its editor at that field.
    const href = "/admin/local-override/process.QT-HT-01#root_values_steps.0.responsible";
    expect(html).toMatch(/<a [^>]*href="\/admin\/local-override\/process\.QT-HT-01#root_values_steps\.0\.responsible">Nội dung quy trình › 1 › Trách nhiệm \(giá trị của đơn vị\)<\/a>/);
    const target = await get(server, href.split("#")[0], { cookie: auditor });
    expect(target.status).toBe(200);
    const editor = decode(await target.text());
    expect(editor).toContain('id="root_values_steps.0.responsible"');
    expect(editor).toContain("Ông Nguyễn Văn A");
    // The admin navigation links to the report.
    const home = decode(await (await get(server, "/admin", { cookie: auditor })).text());
    expect(home).toContain('href="/admin/kiem-tra"');
  });

  it("in a browser: headings name each group, the link opens the override's editor, no axe violations", async () => {
    const { context, page } = await signedInPage(browser, server, "hoa-an-kiem-tra", PASSWORD);
    await page.goto(`${server.baseUrl}/admin/kiem-tra`);
    await expect(page.getByRole("heading", { level: 2, name: "Lỗi cần sửa (1)" }).isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Nội dung quy trình › 1 › Trách nhiệm (giá trị của đơn vị)" }).click();
    await page.waitForURL("**/admin/local-override/process.QT-HT-01#root_values_steps.0.responsible");
    await expect(page.locator('[id="root_values_steps.0.responsible"]').inputValue()).resolves.toBe("Ông Nguyễn Văn A");
    await context.close();
  });

  it("is for signed-in staff only", async () => {
    const res = await get(server, "/admin/kiem-tra");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });
});
