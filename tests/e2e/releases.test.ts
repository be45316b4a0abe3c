import { spawn } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveDocument } from "~/models/document.server";
import { openDatabase } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { tempDir } from "../setup/db";
import { TEST_ENGINE } from "../setup/engine";
import type { Browser } from "playwright-core";
import { axeViolations, launchChromium } from "./chromium";
import { cli, dbAll, dbGet, decode, get, PASSWORD, post, signedInPage, signIn } from "./helpers";
import { CLI_BUNDLE, startServer, type RunningServer } from "./server";

/**
 * Releases over HTTP on the sample province (docs/decisions/013-releases.md): citizens see only the live release;
 * an approver builds the next one, previews it marked as preview, publishes it, rolls back; a scheduled one goes
 * live by itself, also across a restart; a kill -9 in the middle of building one leaves the old one live and
 * nothing of the new one; public pages answer 304 while the release has not changed.
 */

const CODE = "2.000815";
const NEW_NAME = "Chứng thực bản sao từ bản chính giấy tờ, văn bản (tên sửa đổi để thử bản niêm yết)";

/** The province catalog with one procedure renamed, imported by the CLI as the admin (approved, in force). */
function importRenamed(server: RunningServer, name: string) {
  const dir = tempDir();
  cpSync("catalog", dir, { recursive: true });
  const file = join(dir, "procedures", `${CODE}.json`);
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), name }, null, 2));
  const imported = cli(server, ["import", dir, "--as", "admin"]);
  expect(imported.status, imported.stderr).toBe(0);
}

describe("releases: what citizens read is the live release", () => {
  let server: RunningServer;
  let leader: string;
  let editor: string;
  const page = async (path: string, cookie?: string) => {
    const res = await get(server, path, cookie ? { cookie } : {});
    return { status: res.status, html: decode(await res.text()), headers: res.headers };
  };

  beforeAll(async () => {
    server = await startServer();
    for (const [username, role] of [
      ["hoa-an-lanh-dao", "approver"],
      ["hoa-an-can-bo", "editor"],
    ] as const) {
      const added = cli(server, ["user", "add", "--username", username, "--unit", "00000", "--role", role], { NIEMYET_PASSWORD: PASSWORD });
      expect(added.status, added.stderr).toBe(0);
    }
    leader = await signIn(server, "hoa-an-lanh-dao", PASSWORD);
    editor = await signIn(server, "hoa-an-can-bo", PASSWORD);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("setup published each sample commune's first release; the home page names it and its date", async () => {
    const rows = await dbAll<{ unit_code: string; number: number; status: string }>(
      server,
      "select unit_code, number, status from releases order by unit_code",
    );
    expect(rows).toEqual([
      { unit_code: "00000", number: 1, status: "live" },
      { unit_code: "99901", number: 1, status: "live" },
      { unit_code: "99902", number: 1, status: "live" },
    ]);
    const home = await page("/");
    const today = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date());
    expect(home.html).toContain(`Bản niêm yết số 1, hiệu lực từ ${today}`);
    const listed = cli(server, ["release", "list", "--unit", "00000"]);
    expect(listed.stdout).toMatch(/^Bản số 1 — đang niêm yết, niêm yết từ \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}; 29 thủ tục \(29 bổ sung, 0 sửa đổi, 0 bãi bỏ\)/);
  });

  it("an approved change stays out of the public pages until a release; the preview shows it marked; publishing shows it", async () => {
    const before = await page(`/thu-tuc/${CODE}`);
    const oldName = /<h1 id="procedure-title">([^<]+)<\/h1>/.exec(before.html)![1];
    importRenamed(server, NEW_NAME);
    // Approved in the catalog, but release 1 is what citizens read.
    expect((await page(`/thu-tuc/${CODE}`)).html).toContain(`<h1 id="procedure-title">${oldName}</h1>`);

    // The leader's home says a release is due.
    expect((await page("/admin", leader)).html).toContain("Đang niêm yết: bản số 1. 1 tài liệu được duyệt sau khi tạo bản đang niêm yết, chưa lên trang công khai.");
    // An editor may look but not publish.
    expect((await post(server, "/admin/releases", { intent: "create", note: "" }, { cookie: editor })).status).toBe(403);
    const created = await post(server, "/admin/releases", { intent: "create", note: "Theo Quyết định số 12/QĐ-UBND", effectiveDate: "", effectiveTime: "" }, { cookie: leader });
    expect(created.status).toBe(302);
    const admin = await page("/admin/releases", leader);
    expect(admin.html).toContain("Bản số 2");
    expect(admin.html).toContain("Bản nháp");
    expect(admin.html).toMatch(/Sửa đổi thủ tục hành chính:<\/strong> Chứng thực bản sao từ bản chính giấy tờ, văn bản \(tên sửa đổi để thử bản niêm yết\) – Tên thủ tục/);

    // The preview: the same pages, marked, for staff only.
    const preview = await page(`/xem-truoc/00000/2/thu-tuc/${CODE}`, editor);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain(`<h1 id="procedure-title">${NEW_NAME}</h1>`);
    expect(preview.html).toContain("BẢN XEM TRƯỚC.");
    expect(preview.headers.get("cache-control")).toBe("no-store");
    expect(preview.html).toContain('href="/xem-truoc/00000/2"'); // its links stay in the preview
    const anonymous = await get(server, `/xem-truoc/00000/2/thu-tuc/${CODE}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect((await page(`/thu-tuc/${CODE}`)).html).toContain(`<h1 id="procedure-title">${oldName}</h1>`);

    const published = await post(server, "/admin/releases", { intent: "publish", number: "2", effectiveDate: "", effectiveTime: "" }, { cookie: leader });
    expect(published.status).toBe(302);
    const live = await page(`/thu-tuc/${CODE}`);
    expect(live.html).toContain(`<h1 id="procedure-title">${NEW_NAME}</h1>`);
    expect(live.html).toContain("cập nhật trong bản niêm yết số 2");
    expect(live.html).not.toContain("BẢN XEM TRƯỚC");
    // Another procedure, unchanged, still says it was last updated in release 1.
    expect((await page("/thu-tuc/1.000656")).html).toContain("cập nhật trong bản niêm yết số 1");
    // The neighbouring commune keeps its own release 1.
    expect((await page(`/xa/99901/thu-tuc/${CODE}`)).html).toContain(`<h1 id="procedure-title">${oldName}</h1>`);

    const changes = await page("/thay-doi");
    expect(changes.html).toContain("Bản niêm yết số 2, hiệu lực từ");
    expect(changes.html).toContain("Theo Quyết định số 12/QĐ-UBND");
    expect(changes.html).toContain(`Tên thủ tục: «${oldName}» → «${NEW_NAME}»`);
    expect((await page("/")).html).toMatch(/Thay đổi mới nhất[\s\S]*Sửa đổi thủ tục hành chính:/);
    const audit = await dbAll<{ action: string; actor: string }>(server, "select action, actor from audit_log where action like 'release.%' and unit_code = '00000' order by seq");
    expect(audit.slice(-2)).toEqual([
      { action: "release.create", actor: "hoa-an-lanh-dao" },
      { action: "release.publish", actor: "hoa-an-lanh-dao" },
    ]);
  });

  it("an unchanged page costs a 304; a new live release changes its validators", async () => {
    const first = await get(server, `/thu-tuc/${CODE}`);
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    await first.arrayBuffer();
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("public, no-cache");
    const again = await get(server, `/thu-tuc/${CODE}`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const since = await get(server, `/thu-tuc/${CODE}`, { headers: { "If-Modified-Since": lastModified } });
    expect(since.status).toBe(304);
    // Compressed forms carry the same bytes.
    const br = await fetch(`${server.baseUrl}/thu-tuc/${CODE}`, { headers: { "Accept-Encoding": "br" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(decode(await br.text())).toContain(NEW_NAME);

    // Rollback to release 1 (a recorded act with its reason): the old page, with new validators.
    const rolledBack = await post(server, "/admin/releases", { intent: "rollback", number: "1", reason: "" }, { cookie: leader });
    expect(rolledBack.status).toBe(400);
    expect(decode(await rolledBack.text())).toContain("Hãy ghi lý do quay lại bản niêm yết cũ.");
    const done = await post(server, "/admin/releases", { intent: "rollback", number: "1", reason: "Quyết định 12 bị tạm dừng" }, { cookie: leader });
    expect(done.status).toBe(302);
    const after = await get(server, `/thu-tuc/${CODE}`, { headers: { "If-None-Match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(decode(await after.text())).not.toContain(NEW_NAME);
    const entry = await dbGet<{ summary: string; actor: string }>(server, "select summary, actor from audit_log where action = 'release.rollback' order by seq desc");
    expect(entry).toEqual({ actor: "hoa-an-lanh-dao", summary: "Quay lại bản niêm yết số 1 (thay cho bản số 2). Lý do: Quyết định 12 bị tạm dừng" });
    // And forward again, through the CLI.
    const forward = cli(server, ["release", "rollback", "--unit", "00000", "--number", "2", "--as", "hoa-an-lanh-dao", "--reason", "Quyết định 12 tiếp tục"]);
    expect(forward.status, forward.stderr).toBe(0);
    expect(decode(await (await get(server, `/thu-tuc/${CODE}`)).text())).toContain(NEW_NAME);
  });

  it("a scheduled release goes live at its time by itself, also when the server was stopped across it", async () => {
    importRenamed(server, `${NEW_NAME} – bản hẹn giờ`);
    // Far enough ahead that the CLI call and a page request end before it, on a loaded machine too.
    const at = new Date(Date.now() + 10_000).toISOString();
    const scheduled = cli(server, ["release", "create", "--unit", "00000", "--as", "hoa-an-lanh-dao", "--note", "Hẹn giờ", "--at", at]);
    expect(scheduled.status, scheduled.stderr).toBe(0);
    expect(scheduled.stdout).toContain("Bản số 3 — đã hẹn ngày hiệu lực");
    expect(decode(await (await get(server, `/thu-tuc/${CODE}`)).text())).not.toContain("bản hẹn giờ");
    // The server stops before the time and starts after it: the release is live, activated by the system.
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(at) - Date.now()) + 500));
    server = await startServer({ databasePath: server.databasePath, setup: false });
    expect(decode(await (await get(server, `/thu-tuc/${CODE}`)).text())).toContain("bản hẹn giờ");
    expect(await dbGet(server, "select status, effective_at from releases where unit_code = '00000' and number = 3")).toEqual({ status: "live", effective_at: at });
    expect(await dbGet(server, "select actor from audit_log where action = 'release.activate' order by seq desc")).toEqual({ actor: "system" });
    leader = await signIn(server, "hoa-an-lanh-dao", PASSWORD);
  });

  it("kill -9 while a release is being written leaves the live release and no trace of the new one; the next run completes", async () => {
    // A catalog large enough that building takes a while: 3.000 more approved procedures in the province.
    const db = openDatabase(server.databasePath);
    try {
      const province = scoped(db, { unit: "01", readable: ["01"] });
      const template = JSON.parse(readFileSync(`catalog/procedures/${CODE}.json`, "utf8"));
      await province.transaction().execute(async (trx) => {
        for (let i = 0; i < 3_000; i++) {
          const code = `9.${String(100000 + i).slice(1)}`;
          const saved = await saveDocument(trx, { kind: "procedure", body: { ...template, code, name: `Thủ tục thử số ${i}` }, author: "admin", note: "", mode: "approved" });
          expect(saved.outcome).toBe("created");
        }
      });
    } finally {
      await db.destroy();
    }
    const liveBefore = await dbGet(server, "select live_release from units where code = '00000'");
    const output = await new Promise<string>((resolve) => {
      // The built CLI's own Node process (no wrapper that would outlive a kill of itself).
      const child = spawn(process.execPath, [CLI_BUNDLE, "release", "create", "--unit", "00000", "--as", "hoa-an-lanh-dao", "--note", "bị ngắt"], {
        env: { ...process.env, DATABASE_URL: server.databasePath },
      });
      let out = "";
      child.stderr.on("data", (d) => (out += d));
      child.stdout.on("data", (d) => {
        out += d;
        // Killed once some batches are written inside the transaction, before it commits.
        const written = [...out.matchAll(/Ghi bản niêm yết: ([\d.]+)\/([\d.]+)/g)].at(-1);
        if (written && Number(written[1].replace(/\./g, "")) >= 1_000 && child.exitCode === null) child.kill("SIGKILL");
      });
      child.on("exit", (_code, signal) => resolve(`${out}\n[${signal}]`));
    });
    expect(output).toContain("[SIGKILL]");
    expect(output).not.toContain("Đã công bố");
    expect(await dbGet(server, "select live_release from units where code = '00000'")).toEqual(liveBefore);
    const count = async (table: string) => Number((await dbGet<{ n: unknown }>(server, `select count(*) as n from ${table} where unit_code = '00000' and number = 4`))!.n);
    expect(await count("releases")).toBe(0);
    expect(await count("release_documents")).toBe(0);
    if (TEST_ENGINE === "sqlite") expect(await dbAll(server, "pragma integrity_check")).toEqual([{ integrity_check: "ok" }]);
    // The public pages still read release 3, whole.
    expect(decode(await (await get(server, `/thu-tuc/${CODE}`)).text())).toContain("bản hẹn giờ");
    expect((await get(server, "/thu-tuc/9.00007")).status).toBe(404);

    const again = cli(server, ["release", "create", "--unit", "00000", "--as", "hoa-an-lanh-dao", "--note", "chạy lại"]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("Bản số 4 — đang niêm yết");
    expect(again.stdout).toContain("3.029 thủ tục (3.000 bổ sung, 0 sửa đổi, 0 bãi bỏ)");
    expect((await get(server, "/thu-tuc/9.00007")).status).toBe(200);
  });
});

describe("releases in a real browser (Debian Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    const added = cli(server, ["user", "add", "--username", "lanh-dao-hoa-an", "--unit", "00000", "--role", "approver"], { NIEMYET_PASSWORD: PASSWORD });
    expect(added.status, added.stderr).toBe(0);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a leader builds a draft, previews it marked as preview, and publishes it; citizens then read release 2", async () => {
    const { context, page } = await signedInPage(browser, server, "lanh-dao-hoa-an", PASSWORD);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.getByRole("link", { name: "Niêm yết", exact: true }).click();
    await page.waitForURL("**/admin/releases");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Bản niêm yết – Phường Hòa An (đơn vị mẫu)");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Ghi chú (ví dụ: theo Quyết định số …)").fill("Theo Quyết định số 15/QĐ-UBND");
    await page.getByRole("button", { name: "Tạo bản nháp để xem trước" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã tạo bản nháp số 2");
    await expect(page.getByRole("row", { name: /Bản số 2/ }).textContent()).resolves.toContain("Bản nháp");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("row", { name: /Bản số 2/ }).getByRole("link", { name: "Xem trước" }).click();
    await page.waitForURL("**/xem-truoc/00000/2");
    // The preview is a public page (no script): loaded as a whole document.
    await page.getByRole("note").filter({ hasText: "BẢN XEM TRƯỚC" }).waitFor();
    await page.getByText("Bản niêm yết số 2 (xem trước).").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goBack();
    await page.waitForURL("**/admin/releases");
    await page.getByRole("row", { name: /Bản số 2/ }).getByRole("button", { name: "Công bố" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã công bố bản niêm yết số 2");
    await expect(page.getByRole("row", { name: /Bản số 2/ }).textContent()).resolves.toContain("Đang niêm yết");
    expect(errors).toEqual([]);
    await context.close();

    const home = decode(await (await get(server, "/")).text());
    expect(home).toMatch(/Bản niêm yết số 2, hiệu lực từ \d{2}\/\d{2}\/\d{4}/);
    expect(decode(await (await get(server, "/thay-doi")).text())).toContain("Theo Quyết định số 15/QĐ-UBND");
  });
});
