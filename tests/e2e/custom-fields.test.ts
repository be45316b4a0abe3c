import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, ROLES, type Role } from "~/domain/permissions";
import { axeViolations, launchChromium } from "./chromium";
import { addUser, dbAll, dbGet, decode, get, PASSWORD, post, publishRelease, signedInPage, signIn } from "./helpers";
import { adminPasswordOf, startServer, type RunningServer } from "./server";

/**
 * Custom fields without code, through real HTTP and a real browser: only an admin changes a kind's field list,
 * every change is checked and versioned, and a field appears in the editor, in storage and (when public) on the
 * public page; retiring it keeps the values.
 */

const PROCEDURE = "2.000815";

async function snapshot(server: RunningServer) {
  const lists = await dbAll<{ kind: string; version: number; body: string }>(
    server,
    "SELECT kind, version, body FROM custom_field_lists ORDER BY kind, version",
  );
  const audit = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log"))!.n;
  const row = (await dbGet<{ body: string }>(server, "SELECT body FROM documents WHERE kind = 'procedure' AND key = ?", PROCEDURE))!;
  return { lists, audit, custom: JSON.parse(row.body).custom as Record<string, unknown> | undefined };
}

async function currentRevision(server: RunningServer): Promise<number> {
  return (await dbGet<{ n: number }>(server, "SELECT current_revision AS n FROM documents WHERE kind = 'procedure' AND key = ?", PROCEDURE))!.n;
}

const editorReady = (page: Page) =>
  page.waitForFunction(() => Object.keys(document.querySelector("form.rjsf") ?? {}).some((k) => k.startsWith("__reactFiber")));

describe("custom fields over HTTP (built server)", () => {
  let server: RunningServer;
  const cookies = new Map<Role, string>();
  beforeAll(async () => {
    server = await startServer();
    for (const role of ROLES) {
      addUser(server, `tbs-${role}`, [role]);
      cookies.set(role, await signIn(server, `tbs-${role}`, PASSWORD));
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  const add = (role: Role | null, form: Record<string, string>, options: { origin?: string | null; kind?: string } = {}) =>
    post(
      server,
      `/admin/custom-fields/${options.kind ?? "procedure"}`,
      { intent: "add", type: "text", ...form },
      {
        cookie: role ? cookies.get(role) : null,
        origin: options.origin,
      },
    );

  it("only schema:extend (admins) may see or change the field lists; every refused attempt changes nothing", async () => {
    const refusals: string[] = [];
    for (const role of ROLES) {
      for (const path of ["/admin/custom-fields", "/admin/custom-fields/procedure"]) {
        const res = await get(server, path, { cookie: cookies.get(role) });
        await res.arrayBuffer();
        expect(res.status, `${role} GET ${path}`).toBe(can([role], "schema:extend") ? 200 : 403);
      }
      if (can([role], "schema:extend")) continue;
      for (const intent of ["add", "retire", "restore"]) {
        const before = await snapshot(server);
        const res = await post(
          server,
          "/admin/custom-fields/procedure",
          { intent, title: `Của ${role}`, type: "text", name: "x" },
          { cookie: cookies.get(role) },
        );
        const body = await res.text();
        expect(res.status, `${role} ${intent}`).toBe(403);
        expect(body).toContain("Bạn không có quyền thực hiện thao tác này.");
        expect(await snapshot(server)).toEqual(before);
        refusals.push(`${role}:${intent}`);
      }
    }
    expect(refusals.length).toBe(9);
    // Without a session: to the sign-in page, nothing stored.
    const before = await snapshot(server);
    const anonymous = await add(null, { title: "Ẩn danh" });
    await anonymous.arrayBuffer();
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(await snapshot(server)).toEqual(before);
    // From another site (CSRF): refused, nothing stored.
    const forged = await add("admin", { title: "Giả mạo" }, { origin: "https://ke-gian.example" });
    await forged.arrayBuffer();
    expect(forged.status).toBe(403);
    expect(await snapshot(server)).toEqual(before);
  });

  it("bad input gets Vietnamese messages naming the input, keeps what was typed, and stores nothing", async () => {
    const before = await snapshot(server);
    const cases: { form: Record<string, string>; message: string }[] = [
      { form: { title: "" }, message: "«Tên trường» không được để trống" },
      { form: { title: "x".repeat(201) }, message: "«Tên trường» không được dài quá 200 ký tự (hiện có 201 ký tự)" },
      {
        form: { title: "Kênh ưu tiên", type: "choice", options: " \n " },
        message: "Trường kiểu «Chọn một trong danh sách» cần ít nhất một lựa chọn",
      },
      { form: { title: "Kênh ưu tiên", type: "choice", options: "A\nA" }, message: "«Các lựa chọn» có mục bị trùng" },
      { form: { title: "Số quầy", type: "số" }, message: "Hãy chọn «Kiểu dữ liệu» trong danh sách" },
      { form: { title: "Ghi chú", help: "y".repeat(1001) }, message: "«Hướng dẫn nhập» không được dài quá 1.000 ký tự" },
    ];
    for (const { form, message } of cases) {
      const res = await add("admin", form);
      const html = decode(await res.text());
      expect(res.status, message).toBe(400);
      expect(html, message).toContain(message);
      expect(html).toContain('href="#');
      if (form.title) expect(html, "the title stays as typed").toContain(`value="${form.title}"`);
      expect(await snapshot(server)).toEqual(before);
    }
    const wrongKind = await get(server, "/admin/custom-fields/khong-co", { cookie: cookies.get("admin") });
    await wrongKind.arrayBuffer();
    expect(wrongKind.status).toBe(404);
    // A commune's overrides take no custom fields: their form is built from the province document.
    const notExtensible = await get(server, "/admin/custom-fields/local-override", { cookie: cookies.get("admin") });
    expect(notExtensible.status).toBe(404);
    expect(decode(await notExtensible.text())).toContain("Loại tài liệu này không thêm trường bổ sung được");
    expect(decode(await (await get(server, "/admin/custom-fields", { cookie: cookies.get("admin") })).text())).not.toContain("/admin/custom-fields/local-override");
  });

  it("a field's title with markup is stored as text and shown escaped; each change is a version and an audit entry", async () => {
    const before = await snapshot(server);
    const res = await add("admin", { title: '<img src=x onerror="alert(1)"> Mã hồ sơ nội bộ' });
    await res.arrayBuffer();
    expect(res.status).toBe(302);
    const after = await snapshot(server);
    expect(after.audit).toBe(before.audit + 1);
    const list = JSON.parse(after.lists.at(-1)!.body);
    expect(list.fields.at(-1)).toEqual({
      name: "img_src_x_onerror_alert_1_ma_ho_so_noi_bo",
      title: '<img src=x onerror="alert(1)"> Mã hồ sơ nội bộ',
      type: "text",
    });
    const page = await get(server, res.headers.get("location")!, {
      cookie: `${cookies.get("admin")}; ${res.headers.getSetCookie()[0].split(";")[0]}`,
    });
    const html = await page.text();
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Mã hồ sơ nội bộ");
    expect(html).not.toContain("<img src=x");
    expect(decode(html)).toContain("Đã thêm trường «<img");
    // Retiring it is another version; the editor then shows it read-only, the value is kept.
    const retire = await post(
      server,
      "/admin/custom-fields/procedure",
      { intent: "retire", name: list.fields.at(-1).name },
      { cookie: cookies.get("admin") },
    );
    await retire.arrayBuffer();
    expect(retire.status).toBe(302);
    const retired = await snapshot(server);
    expect(retired.lists.length).toBe(after.lists.length + 1);
    expect(JSON.parse(retired.lists.at(-1)!.body).fields.at(-1).retired).toBe(true);
  });
});

describe("an admin adds a custom field and an officer fills it in (Debian Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    addUser(server, "hoa.tt", ["editor"]);
    addUser(server, "lanh-dao", ["approver"]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the field appears in the editor, is stored, shows on the public page; once retired it stays read-only and leaves the public page", async () => {
    const admin = await signedInPage(browser, server, "admin", adminPasswordOf(server));
    const errors: string[] = [];
    admin.page.on("pageerror", (e) => errors.push(e.message));
    await admin.page.getByRole("link", { name: "Trường bổ sung" }).click();
    // The dashboard has a "Thủ tục hành chính" link too: click the custom-fields page's one, once it is there.
    await admin.page.waitForURL("**/admin/custom-fields");
    await admin.page.getByRole("link", { name: "Thủ tục hành chính" }).click();
    await admin.page.waitForURL("**/admin/custom-fields/procedure");
    expect(await axeViolations(admin.page)).toEqual([]);
    await admin.page.getByLabel("Tên trường").fill("Nơi trả kết quả tại phường");
    await admin.page.getByLabel("Kiểu dữ liệu").selectOption({ label: "Văn bản ngắn" });
    await admin.page.getByLabel("Hướng dẫn nhập (không bắt buộc)").fill("Ví dụ: Quầy số 2, Bộ phận Một cửa");
    await admin.page.getByLabel("Hiện trên trang công khai").check();
    await admin.page.getByRole("button", { name: "Thêm trường" }).click();
    await expect.poll(() => admin.page.getByRole("status").textContent()).toContain("Đã thêm trường «Nơi trả kết quả tại phường»");
    await expect(admin.page.getByRole("row", { name: /Nơi trả kết quả tại phường/ }).textContent()).resolves.toContain("Văn bản ngắn");
    expect(await axeViolations(admin.page)).toEqual([]);

    // The officer sees it in the editor of every procedure, fills it in and saves.
    const officer = await signedInPage(browser, server, "hoa.tt", PASSWORD);
    officer.page.on("pageerror", (e) => errors.push(e.message));
    await officer.page.goto(`${server.baseUrl}/admin/procedure/${PROCEDURE}`);
    await editorReady(officer.page);
    const input = officer.page.getByLabel("Nơi trả kết quả tại phường");
    await input.fill("Quầy số 2, Bộ phận Một cửa phường");
    await officer.page.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => officer.page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu");
    await officer.page.goto(`${server.baseUrl}/admin/procedure/${PROCEDURE}`);
    await editorReady(officer.page);
    await expect(officer.page.getByLabel("Nơi trả kết quả tại phường").inputValue()).resolves.toBe("Quầy số 2, Bộ phận Một cửa phường");
    expect(await axeViolations(officer.page)).toEqual([]);
    const stored = await snapshot(server);
    expect(stored.custom).toEqual({ noi_tra_ket_qua_tai_phuong: "Quầy số 2, Bộ phận Một cửa phường" });

    // Public once a leader approves it: the officer submits it, a leader approves.
    const before = decode(await (await get(server, `/thu-tuc/${PROCEDURE}`)).text());
    expect(before).not.toContain("Nơi trả kết quả tại phường");
    await officer.page.getByRole("button", { name: "Gửi duyệt" }).click();
    await expect.poll(() => officer.page.getByRole("status").first().textContent()).toContain("Đã gửi duyệt");
    const leader = await signIn(server, "lanh-dao", PASSWORD);
    const approved = await post(
      server,
      `/admin/procedure/${PROCEDURE}`,
      { intent: "approve", revision: String(await currentRevision(server)), text: "" },
      { cookie: leader },
    );
    await approved.arrayBuffer();
    expect(approved.status).toBe(302);
    await publishRelease(server);
    // Citizens read it on the procedure's public page (no script there).
    const publicPage = await get(server, `/thu-tuc/${PROCEDURE}`);
    const publicHtml = decode(await publicPage.text());
    expect(publicHtml).toContain("Thông tin khác");
    expect(publicHtml).toMatch(/<dt>Nơi trả kết quả tại phường<\/dt><dd>Quầy số 2, Bộ phận Một cửa phường<\/dd>/);

    // The admin retires it: the value stays stored and shows read-only as retired; the public page drops it.
    await admin.page.getByRole("button", { name: "Ngừng sử dụng trường Nơi trả kết quả tại phường" }).click();
    await expect.poll(() => admin.page.getByRole("status").textContent()).toContain("Giá trị đã lưu trong các tài liệu vẫn được giữ");
    await officer.page.goto(`${server.baseUrl}/admin/procedure/${PROCEDURE}`);
    await editorReady(officer.page);
    const retired = officer.page.getByLabel("Nơi trả kết quả tại phường (đã ngừng sử dụng)");
    await expect(retired.inputValue()).resolves.toBe("Quầy số 2, Bộ phận Một cửa phường");
    await expect(retired.isEditable()).resolves.toBe(false);
    expect((await snapshot(server)).custom).toEqual({ noi_tra_ket_qua_tai_phuong: "Quầy số 2, Bộ phận Một cửa phường" });
    await publishRelease(server);
    const after = decode(await (await get(server, `/thu-tuc/${PROCEDURE}`)).text());
    expect(after).not.toContain("Nơi trả kết quả tại phường");
    expect(errors).toEqual([]);
    await admin.context.close();
    await officer.context.close();
  });

  it("a required field added later must be filled at the next save: the summary names it, nothing is stored", async () => {
    const admin = await signedInPage(browser, server, "admin", adminPasswordOf(server));
    await admin.page.goto(`${server.baseUrl}/admin/custom-fields/procedure`);
    await admin.page.getByLabel("Tên trường").fill("Ngày áp dụng tại phường");
    await admin.page.getByLabel("Kiểu dữ liệu").selectOption({ label: "Ngày" });
    await admin.page.getByRole("checkbox", { name: /Bắt buộc/ }).check();
    await admin.page.getByRole("button", { name: "Thêm trường" }).click();
    await expect.poll(() => admin.page.getByRole("status").textContent()).toContain("Đã thêm trường «Ngày áp dụng tại phường»");

    const officer = await signedInPage(browser, server, "hoa.tt", PASSWORD);
    await officer.page.goto(`${server.baseUrl}/admin/procedure/${PROCEDURE}`);
    await editorReady(officer.page);
    const before = await snapshot(server);
    await officer.page.getByRole("button", { name: "Lưu" }).click();
    const summary = officer.page.getByRole("alert");
    await expect(summary.textContent()).resolves.toContain("Thiếu trường bắt buộc «Ngày áp dụng tại phường»");
    expect(await snapshot(server)).toEqual(before);
    await officer.page.getByLabel("Ngày áp dụng tại phường").fill("22/11/2026");
    await officer.page.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => officer.page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu");
    expect((await snapshot(server)).custom).toMatchObject({ ngay_ap_dung_tai_phuong: "2026-11-22" });
    await admin.context.close();
    await officer.context.close();
  });
});
