import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium } from "./chromium";
import { addUser, dbGet, PASSWORD, signedInPage } from "./helpers";
import { startServer, type RunningServer } from "./server";

/** The form builder in a real browser: an officer builds a declaration without writing JSON. */

const editorReady = (page: Page) =>
  page.waitForFunction(() => Object.keys(document.querySelector("form.rjsf") ?? {}).some((k) => k.startsWith("__reactFiber")));

async function storedForm(server: RunningServer, code: string) {
  const row = await dbGet<{ status: string; body: string }>(server, "SELECT status, body FROM documents WHERE kind = 'form' AND key = ?", code);
  return row ? { status: row.status, body: JSON.parse(row.body) } : null;
}

describe("the form builder (Debian Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    addUser(server, "thu.pt", ["editor"]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("builds a form with a group, a repeating group and a choice, previews it on screen and on A4, saves and submits it", async () => {
    const { context, page } = await signedInPage(browser, server, "thu.pt", PASSWORD);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`${server.baseUrl}/admin/form/new`);
    await editorReady(page);
    await page.locator("#root_code").fill("to-khai-thu-nghiem");
    await page.locator("#root_name").fill("Tờ khai thử nghiệm");
    await page.locator("#builder-form-title").fill("Tờ khai thử nghiệm");

    const add = async (into: string | null, title: string) => {
      const button = page.getByRole("button", { name: into ? `Thêm trường vào «${into}»` : "Thêm trường", exact: true });
      await button.locator("xpath=..").getByLabel("Tên trường mới").fill(title);
      await button.click();
    };
    await add(null, "Người yêu cầu");
    await page.locator("#b-nguoiYeuCau-type").selectOption({ label: "Nhóm trường" });
    await add("Người yêu cầu", "Họ, chữ đệm, tên");
    await page.locator("#b-nguoiYeuCau-hoChuDemTen").getByLabel("Bắt buộc").check();
    await page.locator("#b-nguoiYeuCau-hoChuDemTen-legal").fill("Điều 16 Luật Hộ tịch");
    await add("Người yêu cầu", "Giới tính");
    await page.locator("#b-nguoiYeuCau-gioiTinh-type").selectOption({ label: "Chọn trong danh sách" });
    await page.locator("#b-nguoiYeuCau-gioiTinh-options").fill("Nam\nNữ");
    // Enter in "Tên trường mới" adds the field; it does not save the document.
    const topInput = page.getByRole("button", { name: "Thêm trường", exact: true }).locator("xpath=..").getByLabel("Tên trường mới");
    await topInput.fill("Các con");
    await topInput.press("Enter");
    await page.locator("#b-cacCon-type").selectOption({ label: "Nhóm lặp lại (nhiều dòng)" });
    await add("Các con", "Họ tên");
    await add("Các con", "Năm sinh");
    await page.locator("#b-cacCon-namSinh-type").selectOption({ label: "Số" });
    expect(await storedForm(server, "to-khai-thu-nghiem")).toBeNull();

    // Reorder with the keyboard: "Các con" up above "Người yêu cầu", then back.
    await page.locator("#b-cacCon").getByRole("button", { name: "Lên (trường Các con)" }).press("Enter");
    await expect.poll(() => page.locator(".builder-list > .builder-field > legend").first().textContent()).toContain("Các con");
    await page.locator("#b-cacCon").getByRole("button", { name: "Xuống (trường Các con)" }).press("Enter");
    await expect.poll(() => page.locator(".builder-list > .builder-field > legend").first().textContent()).toContain("Người yêu cầu");

    // The previews follow: an input on screen, a table and check boxes on paper.
    await expect(page.locator("#dien_nguoiYeuCau_hoChuDemTen").count()).resolves.toBe(1);
    const paper = page.locator(".builder-previews article.paper");
    await expect(paper.locator("table.paper-table caption").textContent()).resolves.toBe("Các con");
    await expect(paper.locator(".paper-choices").textContent()).resolves.toContain("☐ Nam");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Lưu" }).click();
    await page.waitForURL("**/admin/form/to-khai-thu-nghiem");
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã tạo tài liệu");
    const stored = (await storedForm(server, "to-khai-thu-nghiem"))!;
    expect(stored.status).toBe("draft");
    expect(stored.body.schema.properties.nguoiYeuCau).toEqual({
      type: "object",
      title: "Người yêu cầu",
      properties: {
        hoChuDemTen: { type: "string", title: "Họ, chữ đệm, tên", "x-legalBasis": "Điều 16 Luật Hộ tịch" },
        gioiTinh: { type: "string", title: "Giới tính", enum: ["Nam", "Nữ"] },
      },
      required: ["hoChuDemTen"],
    });
    expect(Object.keys(stored.body.schema.properties.cacCon.items.properties)).toEqual(["hoTen", "namSinh"]);
    expect(stored.body.schema.title).toBe("Tờ khai thử nghiệm");

    // Through the workflow like any document.
    await editorReady(page);
    await page.getByRole("button", { name: "Gửi duyệt" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã gửi duyệt");
    expect((await storedForm(server, "to-khai-thu-nghiem"))!.status).toBe("in_review");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the JSON tab edits the same fields; broken JSON gets a Vietnamese message with its line, and nothing is stored", async () => {
    const { context, page } = await signedInPage(browser, server, "thu.pt", PASSWORD);
    await page.goto(`${server.baseUrl}/admin/form/to-khai-dang-ky-khai-tu`);
    await editorReady(page);
    await page.getByRole("button", { name: "JSON", exact: true }).click();
    const json = page.getByLabel("Lược đồ JSON của mẫu (schema và uiSchema)");
    const text = await json.inputValue();
    expect(JSON.parse(text).schema.properties.nguoiDaChet).toBeDefined();
    await json.fill(text.replace('"type": "object"', '"type": "object",,'));
    await expect(page.locator("#builder-json-error").textContent()).resolves.toMatch(/Không đọc được JSON: sai cú pháp JSON tại dòng \d+, cột \d+/);
    // Fixed, and a field renamed in JSON shows in the list.
    await json.fill(
      text
        .replace('"title": "Tờ khai đăng ký khai tử"', '"title": "Tờ khai đăng ký khai tử (sửa trong JSON)"')
        .replace('"Kính gửi"', '"Kính gửi (JSON)"'),
    );
    await expect(page.locator("#builder-json-error").count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Danh sách trường" }).click();
    await expect(page.locator("#b-kinhGui-title").inputValue()).resolves.toBe("Kính gửi (JSON)");
    await expect(page.locator(".builder-previews .paper-title").textContent()).resolves.toBe("TỜ KHAI ĐĂNG KÝ KHAI TỬ (SỬA TRONG JSON)");
    expect(await axeViolations(page)).toEqual([]);
    expect((await storedForm(server, "to-khai-dang-ky-khai-tu"))!.body.schema.properties.kinhGui.title).toBe("Kính gửi");
    await context.close();
  });
});
