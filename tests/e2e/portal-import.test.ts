import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { IMPORT_LIMITS, BODY_LIMITS } from "~/domain/limits";
import { PORTAL_IMPORT_PATHS } from "~/domain/paths";
import { axeViolations } from "./chromium";
import { addUser, dbAll, dbGet, decode, get, PASSWORD, post, signedInPage, signIn } from "./helpers";
import { useServerAndBrowser } from "./hooks";
import type { RunningServer } from "./server";
import { makeZip } from "../setup/zip";

/**
 * The admin import of national-portal records (app/routes/admin/imports), in a real browser and over plain HTTP
 * against the built server: upload, preview (outcome, diff, warnings), confirm into drafts in review, a second
 * import of the same records changing nothing, hostile files refused with their name, and who may import.
 * The record mapping is still being refined, so the checks are on codes, names, outcomes and the presence of
 * each section, not on the words of warnings.
 */

const FIXTURES = "tests/fixtures/portal";
const FIXTURE_FILES = ["1.001193-wrapped.json", "2.000815-bare.json", "legacy-upper.json"];
const UPDATED = ["1.001193", "2.000815", "2.000884"];
/** A procedure the catalog does not have: the bare fixture under a new code and portal id. */
const NEW_CODE = "2.999991";
const NEW_NAME = "Thủ tục thử nghiệm nhập từ Cổng";
const NEW_FILE = `${NEW_CODE}-moi.json`;

const fixture = (name: string) => readFileSync(`${FIXTURES}/${name}`);

function newRecord(): Buffer {
  const record = JSON.parse(fixture("2.000815-bare.json").toString("utf8"));
  record.code = NEW_CODE;
  record.name = NEW_NAME;
  record.id = "019d2c22-0000-7000-8000-000000000001";
  return Buffer.from(JSON.stringify(record), "utf8");
}

/** Everything an import could write. */
async function catalogSnapshot(server: RunningServer) {
  return {
    documents: await dbAll(server, "SELECT kind, key, status, current_revision FROM documents ORDER BY kind, key"),
    revisions: (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM revisions"))!.n,
    audit: (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log"))!.n,
  };
}

const pendingCount = async (server: RunningServer) => (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM pending_imports"))!.n;

/** The multipart POST the upload form sends. */
function upload(server: RunningServer, cookie: string, files: { name: string; bytes: Buffer }[]): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append("tep", new File([new Uint8Array(f.bytes)], f.name, { type: "application/octet-stream" }));
  return fetch(`${server.baseUrl}${PORTAL_IMPORT_PATHS.upload}`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookie, Origin: server.baseUrl } });
}

async function uploadInBrowser(page: Page, server: RunningServer, files: { name: string; bytes: Buffer }[]) {
  await page.goto(`${server.baseUrl}${PORTAL_IMPORT_PATHS.upload}`);
  await page.getByLabel("Tệp bản ghi").setInputFiles(files.map((f) => ({ name: f.name, mimeType: "application/json", buffer: f.bytes })));
  await page.getByRole("button", { name: "Tải lên và xem trước" }).click();
}

const recordHeading = (page: Page, code: string) => page.getByRole("heading", { level: 3, name: new RegExp(code.replace(".", "\\.")) });

describe("importing national-portal records in the admin (built server, browser)", () => {
  const env = useServerAndBrowser();
  let editorCookie: string;
  let approverCookie: string;
  let auditorCookie: string;

  beforeAll(async () => {
    addUser(env.server, "nhap-can-bo", ["editor"]);
    addUser(env.server, "nhap-lanh-dao", ["approver"]);
    addUser(env.server, "nhap-kiem-tra", ["auditor"]);
    editorCookie = await signIn(env.server, "nhap-can-bo", PASSWORD);
    approverCookie = await signIn(env.server, "nhap-lanh-dao", PASSWORD);
    auditorCookie = await signIn(env.server, "nhap-kiem-tra", PASSWORD);
  });

  it("the upload limit of one file stays inside the admin request body limit, so an oversized file is named, not refused unread", () => {
    expect(BODY_LIMITS.admin).toBeGreaterThan(IMPORT_LIMITS.fileBytes + 64 * 1024);
  });

  it("an account without catalog:edit is refused the upload, preview and result pages and stores nothing", async () => {
    for (const cookie of [approverCookie, auditorCookie]) {
      for (const path of Object.values(PORTAL_IMPORT_PATHS)) {
        const res = await get(env.server, path, { cookie });
        expect(res.status, path).toBe(403);
        expect(decode(await res.text())).toContain("Bạn không có quyền thực hiện thao tác này.");
      }
      const res = await upload(env.server, cookie, [{ name: FIXTURE_FILES[0], bytes: fixture(FIXTURE_FILES[0]) }]);
      expect(res.status).toBe(403);
      await res.arrayBuffer();
      const confirm = await post(env.server, PORTAL_IMPORT_PATHS.preview, { intent: "confirm", fingerprint: "0".repeat(64) }, { cookie });
      expect(confirm.status).toBe(403);
      await confirm.arrayBuffer();
    }
    expect(await pendingCount(env.server)).toBe(0);
  });

  it("upload, preview with the field-level diff and warnings, confirm: drafts in review; the same records again change nothing", async () => {
    const { context, page } = await signedInPage(env.browser, env.server, "nhap-can-bo", PASSWORD);
    try {
      await page.goto(`${env.server.baseUrl}/admin/procedure`);
      await page.getByRole("link", { name: "Nhập từ Cổng Dịch vụ công quốc gia" }).click();
      await page.waitForURL(`**${PORTAL_IMPORT_PATHS.upload}`);
      expect(await axeViolations(page)).toEqual([]);

      const before = await catalogSnapshot(env.server);
      const files = [...FIXTURE_FILES.map((name) => ({ name, bytes: fixture(name) })), { name: NEW_FILE, bytes: newRecord() }];
      await uploadInBrowser(page, env.server, files);
      await page.waitForURL(`**${PORTAL_IMPORT_PATHS.preview}`);
      expect(await catalogSnapshot(env.server), "the preview writes nothing").toEqual(before);
      expect(await pendingCount(env.server)).toBe(1);
      const main = page.locator("main");
      for (const code of UPDATED) await expect.poll(() => recordHeading(page, code).textContent()).toContain("Cập nhật");
      expect(await recordHeading(page, NEW_CODE).textContent()).toContain(`Tạo mới ${NEW_CODE} – ${NEW_NAME}`);
      expect(await main.textContent()).toContain("4 bản ghi đọc được: 1 tạo mới, 3 cập nhật, 0 không đổi.");
      // Each update shows its changes with the revision pages' diff list; warnings and cleaned text are there.
      expect(await page.getByRole("heading", { level: 4, name: /^Thay đổi so với danh mục/ }).count()).toBe(3);
      expect(await page.locator("ol.changes li.change").count()).toBeGreaterThan(0);
      expect(await page.getByRole("heading", { level: 4, name: /^Cảnh báo cần xem lại/ }).count()).toBeGreaterThan(0);
      expect(await page.getByText(/^Nội dung sau khi làm sạch/).count()).toBe(4);
      expect(await page.getByText(/^Đã nhập, chưa ánh xạ/).count()).toBeGreaterThan(0);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole("button", { name: "Xác nhận nhập và gửi duyệt" }).click();
      await page.waitForURL(`**${PORTAL_IMPORT_PATHS.result}?**`);
      // The address changes as the navigation starts; the result page's heading says it has been rendered.
      await page.getByRole("heading", { level: 1, name: "Kết quả lần nhập" }).waitFor();
      await expect.poll(() => main.textContent()).toContain("1 thủ tục mới, 3 cập nhật, 0 không đổi");
      const result = (await main.textContent()) ?? "";
      expect(result).toContain("các bản nháp đã gửi duyệt");
      for (const code of [...UPDATED, NEW_CODE]) {
        expect(await page.getByRole("link", { name: new RegExp(`^${code.replace(".", "\\.")} – `) }).getAttribute("href")).toBe(`/admin/procedure/${code}`);
        const row = await dbGet<{ status: string; revision: number }>(env.server, "SELECT status, current_revision AS revision FROM documents WHERE kind = 'procedure' AND key = ?", code);
        expect(row?.status, code).toBe("in_review");
      }
      expect(await pendingCount(env.server)).toBe(0);

      // The approver approves the drafts; importing the same records again finds nothing to change.
      for (const code of [...UPDATED, NEW_CODE]) {
        const row = await dbGet<{ revision: number }>(env.server, "SELECT current_revision AS revision FROM documents WHERE kind = 'procedure' AND key = ?", code);
        const res = await post(env.server, `/admin/procedure/${code}`, { intent: "approve", revision: String(row!.revision), text: "Đồng ý" }, { cookie: approverCookie });
        expect(res.status, `${code}: ${(await res.text()).slice(0, 300)}`).toBe(302);
      }
      const approved = await catalogSnapshot(env.server);
      await uploadInBrowser(page, env.server, files);
      await page.waitForURL(`**${PORTAL_IMPORT_PATHS.preview}`);
      for (const code of [...UPDATED, NEW_CODE]) await expect.poll(() => recordHeading(page, code).textContent()).toContain("Không đổi");
      expect(await main.textContent()).toContain("Không có gì thay đổi");
      expect(await page.getByRole("button", { name: "Xác nhận nhập và gửi duyệt" }).count()).toBe(0);
      await page.getByRole("button", { name: "Bỏ lần nhập này" }).click();
      await page.waitForURL(`**${PORTAL_IMPORT_PATHS.upload}`);
      expect(await main.textContent()).toContain("Đã hủy lần nhập: không ghi gì vào danh mục.");
      expect(await pendingCount(env.server)).toBe(0);
      expect(await catalogSnapshot(env.server)).toEqual(approved);
    } finally {
      await context.close();
    }
  });

  it("a file that is not JSON: the preview names it, offers no confirmation and nothing is written", async () => {
    const { context, page } = await signedInPage(env.browser, env.server, "nhap-can-bo", PASSWORD);
    try {
      const before = await catalogSnapshot(env.server);
      await uploadInBrowser(page, env.server, [{ name: "khong-phai-json.json", bytes: Buffer.from("Đây không phải JSON {", "utf8") }]);
      await page.waitForURL(`**${PORTAL_IMPORT_PATHS.preview}`);
      const alert = (await page.getByRole("alert").textContent()) ?? "";
      expect(alert).toContain("khong-phai-json.json");
      expect(alert).toContain("không nhập gì");
      expect(await page.getByRole("button", { name: "Xác nhận nhập và gửi duyệt" }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      // A forged confirmation is refused too.
      const forged = await post(env.server, PORTAL_IMPORT_PATHS.preview, { intent: "confirm", fingerprint: "a".repeat(64) }, { cookie: editorCookie });
      expect(forged.status).toBe(409);
      await forged.arrayBuffer();
      expect(await catalogSnapshot(env.server)).toEqual(before);
    } finally {
      await context.close();
    }
  });

  it("a zip with a path-traversal entry and a file over the limit are refused with their names, and nothing is stored", async () => {
    const before = await catalogSnapshot(env.server);
    await post(env.server, PORTAL_IMPORT_PATHS.preview, { intent: "cancel" }, { cookie: editorCookie }).then((r) => r.arrayBuffer());
    const traversal = makeZip([
      { name: "1.001193.json", data: fixture(FIXTURE_FILES[0]) },
      { name: "../../etc/thu-tuc.json", data: fixture(FIXTURE_FILES[1]) },
    ]);
    const zipped = await upload(env.server, editorCookie, [{ name: "ho-so.zip", bytes: traversal }]);
    expect(zipped.status).toBe(400);
    const zipPage = decode(await zipped.text());
    expect(zipPage).toContain("ho-so.zip › ../../etc/thu-tuc.json");
    expect(zipPage).toContain("Không ghi gì.");

    const large = Buffer.alloc(IMPORT_LIMITS.fileBytes + 1, 0x20);
    const oversized = await upload(env.server, editorCookie, [{ name: "qua-lon.json", bytes: large }]);
    expect(oversized.status).toBe(400);
    const largePage = decode(await oversized.text());
    expect(largePage).toContain("qua-lon.json: Tệp dài hơn 4 MB");
    expect(await pendingCount(env.server)).toBe(0);
    expect(await catalogSnapshot(env.server)).toEqual(before);

    // In the browser the page's script names the file before anything is sent.
    const { context, page } = await signedInPage(env.browser, env.server, "nhap-can-bo", PASSWORD);
    try {
      await page.goto(`${env.server.baseUrl}${PORTAL_IMPORT_PATHS.upload}`);
      await page.waitForFunction(() => Object.keys(document.querySelector("input[type=file]") ?? {}).some((k) => k.startsWith("__reactFiber")));
      await page.getByLabel("Tệp bản ghi").setInputFiles([{ name: "qua-lon.json", mimeType: "application/json", buffer: large }]);
      await expect.poll(() => page.locator("#tep-size").textContent()).toContain("qua-lon.json: tệp dài");
      await page.getByRole("button", { name: "Tải lên và xem trước" }).click();
      expect(page.url()).toBe(`${env.server.baseUrl}${PORTAL_IMPORT_PATHS.upload}`);
      expect(await pendingCount(env.server)).toBe(0);
    } finally {
      await context.close();
    }
  });
});
