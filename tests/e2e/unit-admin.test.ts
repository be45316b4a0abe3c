import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium } from "./chromium";
import { cli, dbGet, decode, get, PASSWORD, post, publishRelease, signedInPage, signIn } from "./helpers";
import { adminPasswordOf, startServer, type RunningServer } from "./server";

/**
 * Unit management in the admin (/admin/units), over HTTP: a province's admin adds and retires the province's
 * communes; only a deployment-wide admin adds provinces and moves a commune to another province; a commune's
 * admin manages no units. Each change is in the audit log, and `unit list` shows it.
 */

describe("unit management in the admin", () => {
  let server: RunningServer;
  let browser: Browser;
  const cookies = new Map<string, string>();
  const as = (who: string) => ({ cookie: cookies.get(who)! });
  const page = async (path: string, who: string) => {
    const res = await get(server, path, as(who));
    return { status: res.status, html: decode(await res.text()) };
  };
  const send = async (who: string, form: Record<string, string>) => {
    const res = await post(server, "/admin/units", form, as(who));
    return { status: res.status, location: res.headers.get("location"), html: decode(await res.text()) };
  };

  beforeAll(async () => {
    server = await startServer();
    for (const [username, unit] of [
      ["tinh-quan-tri", "01"],
      ["xa-quan-tri", "00000"],
    ]) {
      const added = cli(server, ["user", "add", "--username", username, "--unit", unit, "--role", "admin"], { NIEMYET_PASSWORD: PASSWORD });
      expect(added.status, added.stderr).toBe(0);
      cookies.set(username, await signIn(server, username, PASSWORD));
    }
    cookies.set("admin", await signIn(server, "admin", adminPasswordOf(server)));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a province's admin sees its province and communes, adds a commune to it and retires one, each audited", async () => {
    const list = await page("/admin/units", "tinh-quan-tri");
    expect(list.status).toBe(200);
    expect(list.html).toContain("Thành phố Hà Nội và các xã, phường, đặc khu thuộc tỉnh.");
    expect(list.html).toContain("Phường Hòa Bình (đơn vị mẫu)");
    expect(list.html).not.toContain("Chuyển sang tỉnh khác");
    expect((await page("/admin", "tinh-quan-tri")).html).toContain('href="/admin/units"');

    const bad = await send("tinh-quan-tri", { intent: "add", code: "1234", name: "Xã Sai Mã" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Mã xã, phường gồm đúng 5 chữ số");
    // The parent is the admin's province, whatever the form says.
    const added = await send("tinh-quan-tri", { intent: "add", code: "99911", name: "Xã Tân Lập (đơn vị mẫu)", parentCode: "79", level: "province" });
    expect(added.status).toBe(302);
    expect(await dbGet(server, "SELECT level, parent_code FROM units WHERE code = '99911'")).toEqual({ level: "commune", parent_code: "01" });
    expect(cli(server, ["unit", "list"]).stdout).toContain("99911\tXã Tân Lập (đơn vị mẫu)\tXã, phường, đặc khu\t01 Thành phố Hà Nội");

    const noDate = await send("tinh-quan-tri", { intent: "retire", code: "99911", "retiredFrom-99911": "31/02/2027", "reason-99911": "" });
    expect(noDate.status).toBe(400);
    expect(noDate.html).toContain("Ngày ngừng hoạt động không hợp lệ (dd/mm/yyyy)");
    const retired = await send("tinh-quan-tri", { intent: "retire", code: "99911", "retiredFrom-99911": "01/07/2027", "reason-99911": "Sáp nhập vào xã An Phú" });
    expect(retired.status).toBe(302);
    const after = await page("/admin/units", "tinh-quan-tri");
    expect(after.html).toContain("Ngừng hoạt động từ 01/07/2027: Sáp nhập vào xã An Phú");
    const audit = await dbGet<{ n: number }>(
      server,
      "SELECT COUNT(*) AS n FROM audit_log WHERE unit_code = '99911' AND actor = 'tinh-quan-tri' AND action IN ('unit.create', 'unit.retire')",
    );
    expect(Number(audit?.n)).toBe(2);
  });

  it("in a real browser, a province's admin adds a commune through the page's form; the page has no axe violations", async () => {
    const { context, page } = await signedInPage(browser, server, "tinh-quan-tri", PASSWORD);
    await page.getByRole("link", { name: "Đơn vị", exact: true }).click();
    await page.waitForURL("**/admin/units");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Mã đơn vị", { exact: false }).fill("99914");
    await page.getByLabel("Tên đơn vị").fill("Phường Đồng Xuân (đơn vị mẫu)");
    await page.getByRole("button", { name: "Thêm đơn vị" }).click();
    await page.getByText("Đã thêm Phường Đồng Xuân (đơn vị mẫu) (99914).").waitFor();
    expect(await dbGet(server, "SELECT parent_code FROM units WHERE code = '99914'")).toEqual({ parent_code: "01" });
    // A refused retirement opens the row's form with the error beside its field.
    const row = page.getByRole("row", { name: /Phường Đồng Xuân/ });
    await row.getByText("Ngừng hoạt động", { exact: true }).click();
    await row.getByLabel("Ngừng hoạt động từ ngày (dd/mm/yyyy)").fill("32/01/2027");
    await row.getByRole("button", { name: "Ghi ngừng hoạt động" }).click();
    await page.getByRole("alert").first().waitFor();
    expect(await page.locator("#retiredFrom-99914-error").textContent()).toContain("Ngày ngừng hoạt động không hợp lệ (dd/mm/yyyy)");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("a province's admin cannot add a province, move a commune, or touch a unit outside its province", async () => {
    const moved = await send("tinh-quan-tri", { intent: "move", code: "99901", parentCode: "79" });
    expect(moved.status).toBe(400);
    expect(moved.html).toContain("Chỉ quản trị toàn hệ thống chuyển được xã, phường sang tỉnh khác");
    expect(cli(server, ["unit", "add", "--unit", "79", "--name", "Thành phố Hồ Chí Minh", "--level", "province"]).status).toBe(0);
    expect(cli(server, ["unit", "add", "--unit", "79001", "--name", "Phường Sài Gòn (đơn vị mẫu)", "--level", "commune", "--parent", "79"]).status).toBe(0);
    const foreign = await send("tinh-quan-tri", { intent: "retire", code: "79001", "retiredFrom-79001": "01/07/2027", "reason-79001": "" });
    expect(foreign.status).toBe(400);
    expect(foreign.html).toContain("Không tìm thấy đơn vị");
    expect(await dbGet(server, "SELECT retired_from FROM units WHERE code = '79001'")).toEqual({ retired_from: null });
    expect((await page("/admin/units", "tinh-quan-tri")).html).not.toContain("Phường Sài Gòn");
  });

  it("a commune's admin manages no units: no link, and the page is refused", async () => {
    expect((await page("/admin", "xa-quan-tri")).html).not.toContain('href="/admin/units"');
    const refused = await page("/admin/units", "xa-quan-tri");
    expect(refused.status).toBe(403);
    const posted = await send("xa-quan-tri", { intent: "add", code: "99912", name: "Xã Lén" });
    expect(posted.status).toBe(403);
    expect(await dbGet(server, "SELECT COUNT(*) AS n FROM units WHERE code = '99912'")).toEqual({ n: 0 });
  });

  it("the deployment's admin adds a province and moves a commune to it after a merger; the commune then applies that province's catalog", async () => {
    const added = await send("admin", { intent: "add", level: "province", code: "31", name: "Thành phố Hải Phòng" });
    expect(added.status).toBe(302);
    const communeAdded = await send("admin", { intent: "add", level: "commune", code: "99913", name: "Xã Ven Biển (đơn vị mẫu)", parentCode: "01" });
    expect(communeAdded.status).toBe(302);
    // A new commune lists nothing until a leader publishes its first release.
    expect((await page("/xa/99913", "admin")).html).toContain("Xã Ven Biển (đơn vị mẫu) chưa công bố bản niêm yết thủ tục hành chính nào.");
    await publishRelease(server, "99913");
    const before = await page("/xa/99913", "admin");
    expect(before.html).toContain("/xa/99913/thu-tuc/1.001193");
    const moved = await send("admin", { intent: "move", code: "99913", parentCode: "31" });
    expect(moved.status).toBe(302);
    expect(await dbGet(server, "SELECT parent_code FROM units WHERE code = '99913'")).toEqual({ parent_code: "31" });
    // What it published stays listed until its next release; that one would be built from Hải Phòng's catalog,
    // which has nothing yet, so there is none to build.
    expect((await page("/xa/99913", "admin")).html).toContain("/xa/99913/thu-tuc/1.001193");
    const next = cli(server, ["release", "create", "--unit", "99913", "--as", "lanh-dao-cong-bo"]);
    expect(next.status).toBe(1);
    expect(next.stderr).toContain("Chưa có thủ tục nào được phê duyệt để niêm yết.");
    const again = await send("admin", { intent: "move", code: "99913", parentCode: "31" });
    expect(again.status).toBe(400);
    expect(again.html).toContain("Xã Ven Biển (đơn vị mẫu) đã thuộc Thành phố Hải Phòng");
  });
});
