import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import mammoth from "mammoth";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../setup/db";
import { axeViolations } from "./chromium";
import { cli, dbGet, decode, get, PASSWORD, post, signedInPage, signIn } from "./helpers";
import { useServerAndBrowser } from "./hooks";
import { readPdf } from "./pdf";

/**
 * ISO documents in the admin, against the built server and Debian's Chromium: the list with the review dates,
 * a process's page (accessible, its downloads), the PDF and DOCX as downloaded, and document control — a
 * superseded issue is for auditors (HẾT HIỆU LỰC), an officer gets the issue in force only.
 */

const EDITOR = "hoa-an-soan-iso";
const AUDITOR = "hoa-an-danh-gia-iso";
const PAGE = "/admin/tai-lieu-iso/process/QT-HT-01";
const nfc = (s: string) => s.normalize("NFC").replace(/\s+/g, " ");

describe("ISO documents in the admin", () => {
  const env = useServerAndBrowser();
  let editor = "";
  let auditor = "";
  let browserContext: BrowserContext;

  beforeAll(async () => {
    for (const [username, role] of [
      [EDITOR, "editor"],
      [AUDITOR, "auditor"],
    ]) {
      const added = cli(env.server, ["user", "add", "--username", username!, "--unit", "00000", "--role", role!], { NIEMYET_PASSWORD: PASSWORD });
      expect(added.status, added.stderr).toBe(0);
    }
    editor = await signIn(env.server, EDITOR, PASSWORD);
    auditor = await signIn(env.server, AUDITOR, PASSWORD);
    browserContext = (await signedInPage(env.browser, env.server, AUDITOR, PASSWORD)).context;
  });
  afterAll(() => browserContext?.close());

  it("lists the unit's documents with their review dates, and a process's page has no accessibility violations", async () => {
    const page = await browserContext.newPage();
    await page.goto(`${env.server.baseUrl}/admin/tai-lieu-iso`);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Tài liệu ISO của Phường Hòa An (đơn vị mẫu)");
    const row = page.getByRole("row").filter({ hasText: "QT-01/HT" }).first();
    await expect(row.textContent()).resolves.toContain("05/01/2027");
    expect(await axeViolations(page)).toEqual([]);

    await row.getByRole("link").click();
    await page.waitForURL(`**${PAGE}`);
    await page.getByRole("heading", { level: 1, name: "QT-01/HT – Quy trình giải quyết thủ tục đăng ký khai sinh – Lần ban hành 00" }).waitFor();
    // The commune's staff, from its override of the province's process, in the step table and the flowchart.
    await expect(page.locator(".iso-document").textContent()).resolves.toContain("Công chức Tư pháp – Hộ tịch phường Hòa An");
    await expect(page.locator(".iso-flowchart svg").getAttribute("role")).resolves.toBe("img");
    await expect(page.getByRole("link", { name: "Tải PDF" }).getAttribute("href")).resolves.toBe(`${PAGE}/pdf?ban=1`);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("downloads the PDF and the DOCX with the same content, the print-ready page needs a session, the audit pack is the auditor's", async () => {
    const pdfRes = await get(env.server, `${PAGE}/pdf`, { cookie: editor });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get("content-type")).toBe("application/pdf");
    expect(pdfRes.headers.get("content-disposition")).toBe('attachment; filename="QT-01-HT-lan-00.pdf"');
    const pdf = await readPdf(new Uint8Array(await pdfRes.arrayBuffer()));
    pdf.pageTexts.forEach((text, i) => expect(text).toContain(`Trang ${i + 1}/${pdf.pages}`));
    expect(nfc(pdf.text)).toContain("Chủ tịch hoặc Phó Chủ tịch UBND phường Hòa An");

    const docxRes = await get(env.server, `${PAGE}/docx`, { cookie: editor });
    expect(docxRes.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const text = nfc((await mammoth.extractRawText({ buffer: Buffer.from(await docxRes.arrayBuffer()) })).value);
    expect(text).toContain("Chủ tịch hoặc Phó Chủ tịch UBND phường Hòa An");

    expect((await get(env.server, `${PAGE}/trang-in`)).status).toBe(302);
    const print = await get(env.server, `${PAGE}/trang-in`, { cookie: editor });
    const html = decode(await print.text());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<link rel="stylesheet" href="/tai-lieu-iso.css"/>');
    expect((await get(env.server, "/tai-lieu-iso.css")).headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await get(env.server, `${PAGE}/odt`, { cookie: editor })).status).toBe(404);
    // Bad addresses get a Vietnamese answer, not a server error.
    for (const [path, status, text] of [
      [`${PAGE}?ban=abc`, 400, "Số phiên bản không hợp lệ"],
      [`${PAGE}?ban=99`, 404, "Không tìm thấy tài liệu hoặc phiên bản số 99 của tài liệu"],
      ["/admin/tai-lieu-iso/procedure/1.001193", 404, "Chỉ quy trình nội bộ và chính sách chất lượng có tài liệu ISO"],
      ["/admin/tai-lieu-iso/process/QT-KHONG-CO/pdf", 404, "Không tìm thấy tài liệu"],
    ] as const) {
      const res = await get(env.server, path, { cookie: editor });
      expect([path, res.status]).toEqual([path, status]);
      expect(decode(await res.text())).toContain(text);
    }
    // The public page of the process names its branches too.
    const publicPage = decode(await (await get(env.server, "/quy-trinh/QT-HT-01")).text());
    expect(publicPage).toContain("Hồ sơ chưa đầy đủ, chưa hợp lệ → Hướng dẫn bổ sung, hoàn thiện bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ");
    expect(publicPage).toContain("Cần xác minh thêm → Gia hạn, gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả, chuyển bước 2");

    // The audit pack is for auditors.
    expect((await get(env.server, "/admin/ho-so-danh-gia.zip", { cookie: editor })).status).toBe(403);
    const pack = await get(env.server, "/admin/ho-so-danh-gia.zip", { cookie: auditor });
    expect([pack.status, pack.headers.get("content-type")]).toEqual([200, "application/zip"]);
    expect(pack.headers.get("content-disposition")).toMatch(/^attachment; filename="ho-so-danh-gia-iso-00000-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(Buffer.from(await pack.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
  });

  it("a new issue supersedes the old one: auditors read it marked HẾT HIỆU LỰC, officers are refused it", async () => {
    const dir = tempDir();
    cpSync("catalog", dir, { recursive: true });
    const file = join(dir, "processes", "QT-HT-01.json");
    const process = JSON.parse(readFileSync(file, "utf8"));
    process.documentControl.issue = "01";
    process.documentControl.changes.push({ issue: "01", date: "2026-12-01", description: "Bổ sung nhánh xác minh hồ sơ", by: "Công chức Tư pháp – Hộ tịch" });
    writeFileSync(file, JSON.stringify(process, null, 2));
    const imported = cli(env.server, ["import", dir, "--as", "admin"]);
    expect(imported.status, imported.stderr).toBe(0);

    const current = decode(await (await get(env.server, PAGE, { cookie: editor })).text());
    expect(current).toContain("Lần ban hành 01");
    const refused = await get(env.server, `${PAGE}?ban=1`, { cookie: editor });
    expect(refused.status).toBe(403);
    expect(decode(await refused.text())).toContain("Lần ban hành này đã hết hiệu lực");
    expect((await get(env.server, `${PAGE}/pdf?ban=1`, { cookie: editor })).status).toBe(403);

    const old = await get(env.server, `${PAGE}?ban=1`, { cookie: auditor });
    expect(old.status).toBe(200);
    const oldHtml = decode(await old.text());
    expect(oldHtml).toContain("HẾT HIỆU LỰC");
    expect(oldHtml).toContain(`href="/admin/process/QT-HT-01/diff?from=1&to=2"`);
    const oldPdf = await readPdf(new Uint8Array(await (await get(env.server, `${PAGE}/pdf?ban=1`, { cookie: auditor })).arrayBuffer()));
    for (const text of oldPdf.pageTexts) expect(nfc(text)).toContain("HẾT HIỆU LỰC");
  });
});

/** Every table a write could touch (sessions and sign-in failures aside: signing in is not a write to the record). */
const TABLES = ["documents", "revisions", "document_comments", "releases", "release_documents", "users", "user_roles", "units", "settings", "custom_field_lists", "audit_log"];

describe("the auditor's workspace is read-only", () => {
  const env = useServerAndBrowser();

  it("every write the admin offers is refused with 403 for an auditor, and nothing in the database changes", async () => {
    const added = cli(env.server, ["user", "add", "--username", "kiem-toan-vien", "--unit", "00000", "--role", "auditor"], { NIEMYET_PASSWORD: PASSWORD });
    expect(added.status, added.stderr).toBe(0);
    const cookie = await signIn(env.server, "kiem-toan-vien", PASSWORD);
    const counts = async () => Promise.all(TABLES.map(async (t) => [t, Number((await dbGet<{ n: number }>(env.server, `SELECT COUNT(*) AS n FROM ${t}`))!.n)]));
    const before = await counts();
    const doc = "/admin/procedure/1.001193";
    const writes: [string, Record<string, string>][] = [
      [doc, { intent: "save", body: "{}", baseRevision: "1", note: "thử" }],
      ...["submit", "withdraw", "approve", "return", "retire", "comment", "delete"].map((intent) => [doc, { intent, revision: "1", text: "thử" }] as [string, Record<string, string>]),
      ["/admin/process/QT-HT-01", { intent: "save", body: "{}", baseRevision: "1", note: "thử" }],
      ["/admin/process/QT-HT-01/history", { revision: "1", baseRevision: "1" }],
      ["/admin/procedure/new", { intent: "save", body: "{}", baseRevision: "0" }],
      ["/admin/releases", { intent: "create", note: "thử" }],
      ["/admin/users", { intent: "create", username: "ke-la", password: "mat-khau-ke-la-2026", roles: "admin" }],
      ["/admin/units", { intent: "add", code: "77777", name: "Xã lạ", level: "commune" }],
      ["/admin/settings", { allowSelfApproval: "on" }],
      ["/admin/custom-fields/procedure", { intent: "save", fields: "[]" }],
      ["/admin/mdx-preview", { source: "**thử**" }],
    ];
    for (const [path, form] of writes) {
      const res = await post(env.server, path, form, { cookie });
      expect(res.status, `${path} ${form.intent ?? ""}`).toBe(403);
      await res.arrayBuffer();
    }
    expect(await counts()).toEqual(before);
    // What an auditor is there for still works: the ISO documents, the audit log, the audit pack.
    for (const path of ["/admin/tai-lieu-iso", "/admin/audit", "/admin/kiem-tra", "/admin/process/QT-HT-01/history"]) {
      const res = await get(env.server, path, { cookie });
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
  });
});
