import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "~/domain/limits";
import { axeViolations } from "./chromium";
import { cli, dbGet, PASSWORD, signedInPage } from "./helpers";
import { useServerAndBrowser } from "./hooks";

/** /admin/nhap/danh-sach in the real browser: upload → column mapping → preview → confirm, with no axe violations. */
describe("the procedure-list import page", () => {
  const env = useServerAndBrowser();

  async function list(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Danh mục");
    ws.addRow(["STT", "Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết"]);
    ws.addRow([1, "1.999998", "Thủ tục thử nhập từ trang", "Hộ tịch", "Cấp xã", "Trực tiếp: 3 ngày làm việc"]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it("an editor uploads a list, sees the guessed mapping and the preview, confirms: the procedure is a draft in review", async () => {
    const added = cli(env.server, ["user", "add", "--username", "hoa-an-nhap", "--unit", "00000", "--role", "editor"], { NIEMYET_PASSWORD: PASSWORD });
    expect(added.status, added.stderr).toBe(0);
    const { context, page } = await signedInPage(env.browser, env.server, "hoa-an-nhap", PASSWORD);
    // A new officer finds both imports on the admin's home page.
    await page.goto(`${env.server.baseUrl}/admin`);
    expect(await page.getByRole("link", { name: "Nhập từ Cổng Dịch vụ công quốc gia" }).getAttribute("href")).toBe("/admin/nhap/cong-dich-vu-cong");
    await page.getByRole("link", { name: "Nhập danh sách từ bảng tính" }).click();
    await page.waitForURL("**/admin/nhap/danh-sach");
    expect(await axeViolations(page)).toEqual([]);

    // Too large: named before anything is sent.
    await page.getByLabel(/Tệp danh sách thủ tục/).setInputFiles({ name: "qua-lon.xlsx", mimeType: "application/octet-stream", buffer: Buffer.alloc(IMPORT_LIMITS.fileBytes + 1) });
    await expect.poll(() => page.locator("#tep-size").textContent()).toBe("Lỗi: qua-lon.xlsx: tệp dài 4 MB, vượt quá giới hạn 4 MB của một tệp tải lên");

    await page.getByLabel(/Tệp danh sách thủ tục/).setInputFiles({ name: "danh-sach.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: await list() });
    await page.getByRole("button", { name: "Tải lên và ghép cột" }).click();
    await page.getByRole("heading", { name: "Bước 2: Ghép cột" }).waitFor();
    expect(await page.getByLabel("Ghép cột B với").inputValue()).toBe("code");
    expect(await page.getByLabel("Ghép cột F với").inputValue()).toBe("timeLimit");
    expect(await page.getByLabel("Ghép cột A với").inputValue()).toBe("");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Xem trước" }).click();
    await page.getByRole("heading", { name: "Bước 3: Xem trước" }).waitFor();
    expect(await page.getByRole("status").textContent()).toBe("1 dòng: 1 tạo mới, 0 cập nhật, 0 không đổi.");
    expect(await page.getByRole("row", { name: /1\.999998/ }).textContent()).toContain("Tạo mới");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: /Xác nhận nhập/ }).click();
    await page.getByText("Đã nhập «danh-sach.xlsx»: 1 thủ tục mới, 0 cập nhật, 0 không đổi; các bản nháp đã gửi duyệt.").waitFor();
    const stored = await dbGet<{ status: string }>(env.server, "select status from documents where kind = 'procedure' and key = ? and unit_code = '00000'", "1.999998");
    expect(stored?.status).toBe("in_review");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
