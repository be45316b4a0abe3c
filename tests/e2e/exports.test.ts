import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG_HEADERS } from "~/exports/catalog.server";
import { parseCsv } from "../setup/csv";
import { cli, decode, get, PASSWORD, signIn } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * The spreadsheet downloads (app/exports) on the built server, for Hòa An's staff: the catalog, release 1 (published
 * by `setup`), the consistency report and the audit log, as .xlsx and CSV, with their file names; refused to a role
 * without the permission and redirected to sign-in without a session. The full role × route matrix is in auth.test.ts.
 */

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DAY = String.raw`\d{4}-\d{2}-\d{2}`;

async function workbookOf(res: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  return workbook;
}

describe("spreadsheet exports over HTTP (built server)", () => {
  let server: RunningServer;
  let editor: string;
  let auditor: string;

  beforeAll(async () => {
    server = await startServer();
    for (const [username, role] of [
      ["hoa-an-bien-tap", "editor"],
      ["hoa-an-kiem-toan", "auditor"],
    ]) {
      const added = cli(server, ["user", "add", "--username", username, "--unit", "00000", "--role", role], { NIEMYET_PASSWORD: PASSWORD });
      expect(added.status, added.stderr).toBe(0);
    }
    editor = await signIn(server, "hoa-an-bien-tap", PASSWORD);
    auditor = await signIn(server, "hoa-an-kiem-toan", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("the catalog as .xlsx: its type, file name, the import's headers and a row per listed procedure", async () => {
    const res = await get(server, "/admin/danh-muc.xlsx", { cookie: editor });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="danh-muc-00000-${DAY}\\.xlsx"$`));
    const sheet = (await workbookOf(res)).getWorksheet("Danh mục thủ tục")!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...CATALOG_HEADERS]);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.rowCount).toBe(1 + 29);
  });

  it("the catalog as CSV, and release 1's list as both (the same rows: nothing changed since)", async () => {
    const csv = await get(server, "/admin/danh-muc.csv", { cookie: editor });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="danh-muc-00000-${DAY}\\.csv"$`));
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const catalog = parseCsv(bytes.toString("utf8"));
    expect(catalog[0]).toEqual([...CATALOG_HEADERS]);

    const release = await get(server, "/admin/releases/1/danh-muc.csv", { cookie: editor });
    expect(release.status).toBe(200);
    expect(release.headers.get("content-disposition")).toBe('attachment; filename="ban-niem-yet-00000-so-1.csv"');
    expect(parseCsv(await release.text())).toEqual(catalog);
    const xlsx = await get(server, "/admin/releases/1/danh-muc.xlsx", { cookie: editor });
    expect(xlsx.headers.get("content-disposition")).toBe('attachment; filename="ban-niem-yet-00000-so-1.xlsx"');
    expect((await workbookOf(xlsx)).worksheets.map((w) => w.name)).toEqual(["Danh mục thủ tục", "Phí, lệ phí"]);

    const missing = await get(server, "/admin/releases/999/danh-muc.xlsx", { cookie: editor });
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it("the consistency report as .xlsx and CSV", async () => {
    const xlsx = await get(server, "/admin/kiem-tra.xlsx", { cookie: editor });
    expect(xlsx.headers.get("content-type")).toBe(XLSX);
    expect(xlsx.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="kiem-tra-00000-${DAY}\\.xlsx"$`));
    expect((await workbookOf(xlsx)).getWorksheet("Kiểm tra tính nhất quán")!.getRow(1).getCell(1).value).toBe("Mức");
    const csv = await get(server, "/admin/kiem-tra.csv", { cookie: editor });
    expect(parseCsv(await csv.text())[0]).toEqual(["Mức", "Quy tắc", "Loại tài liệu", "Mã", "Trường", "Vị trí (JSON pointer)", "Nội dung"]);
  });

  it("the audit log as .xlsx for an auditor (times as dates), refused to an editor; filters apply", async () => {
    const res = await get(server, "/admin/audit.xlsx?action=auth.sign_in", { cookie: auditor });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="nhat-ky-${DAY}\\.xlsx"$`));
    const sheet = (await workbookOf(res)).getWorksheet("Nhật ký")!;
    const rows = sheet.getRows(2, sheet.rowCount - 1)!;
    expect(rows.map((r) => r.getCell(6).value)).toEqual(rows.map(() => "auth.sign_in"));
    expect(rows.map((r) => r.getCell(4).value)).toContain("hoa-an-kiem-toan");
    expect(rows.map((r) => r.getCell(2).value instanceof Date)).toEqual(rows.map(() => true));

    for (const path of ["/admin/audit.xlsx", "/admin/audit.csv"]) {
      const refused = await get(server, path, { cookie: editor });
      expect(refused.status, path).toBe(403);
      expect(decode(await refused.text()), path).toContain("Bạn không có quyền thực hiện thao tác này.");
    }
    const invalid = await get(server, "/admin/audit.xlsx?from=hom-qua", { cookie: auditor });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("Bộ lọc không hợp lệ nên không xuất được tệp Excel");
  });

  it("without a session every export redirects to sign-in", async () => {
    for (const path of ["/admin/danh-muc.xlsx", "/admin/releases/1/danh-muc.csv", "/admin/kiem-tra.csv", "/admin/audit.xlsx"]) {
      const res = await get(server, path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
      await res.arrayBuffer();
    }
  });

  it("the pages link their downloads", async () => {
    const page = async (path: string, cookie: string) => decode(await (await get(server, path, { cookie })).text());
    expect(await page("/admin/procedure", editor)).toMatch(/href="\/admin\/danh-muc\.xlsx"[^>]*>Excel \(\.xlsx\)/);
    expect(await page("/admin/releases", editor)).toContain('href="/admin/releases/1/danh-muc.csv"');
    expect(await page("/admin/kiem-tra", editor)).toContain('href="/admin/kiem-tra.xlsx"');
    expect(await page("/admin/audit?action=auth.sign_in", auditor)).toContain('href="/admin/audit.xlsx?action=auth.sign_in"');
  });
});
