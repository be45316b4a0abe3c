import { readdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCUMENT_KINDS } from "~/domain/kinds";
import { can, ROLES, type Role } from "~/domain/permissions";
import { axeViolations, launchChromium } from "./chromium";
import { addUser, dbAll, dbGet, decode, get, PASSWORD, post, signedInPage, signIn } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * The admin lists and editors through real HTTP and a real browser: who may read and write, what a save
 * checks (the same schemas and catalog rules as `cli check`), and that a refused save stores nothing.
 */

const PROCEDURE = "2.000815";

async function storedProcedure(server: RunningServer, code = PROCEDURE) {
  const row = await dbGet<{ body: string; revision: number; status: string }>(
    server,
    "SELECT body, current_revision AS revision, status FROM documents WHERE kind = 'procedure' AND key = ?",
    code,
  );
  const revisions = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM revisions"))!.n;
  const audit = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log"))!.n;
  return { body: row ? JSON.parse(row.body) : null, revision: row?.revision, status: row?.status, revisions, audit };
}

/** The stored revision of the document an editor path names (0 for /new or an unknown one). */
async function currentRevision(server: RunningServer, path: string): Promise<number> {
  const [, , kind, key] = decodeURIComponent(path).split("/");
  const row = await dbGet<{ revision: number }>(server, "SELECT current_revision AS revision FROM documents WHERE kind = ? AND key = ?", kind, key);
  return row?.revision ?? 0;
}

/** Waits until React has hydrated the editor's form (before that, typing reaches plain HTML inputs). */
const editorReady = (page: Page) =>
  page.waitForFunction(() => Object.keys(document.querySelector("form.rjsf") ?? {}).some((k) => k.startsWith("__reactFiber")));

const catalogProcedure = () => JSON.parse(readFileSync(`catalog/procedures/${PROCEDURE}.json`, "utf8"));

describe("admin lists and editors over HTTP (built server)", () => {
  let server: RunningServer;
  const cookies = new Map<Role, string>();

  beforeAll(async () => {
    server = await startServer();
    for (const role of ROLES) {
      addUser(server, `sua-${role}`, [role]);
      cookies.set(role, await signIn(server, `sua-${role}`, PASSWORD));
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Saves as the editor page does: the body, a note, and the revision it started from (the stored one). */
  const save = async (role: Role, path: string, body: unknown, options: { origin?: string | null } = {}) =>
    post(
      server,
      path,
      { body: typeof body === "string" ? body : JSON.stringify(body), note: "thử nghiệm", baseRevision: String(await currentRevision(server, path)) },
      { cookie: cookies.get(role), ...options },
    );

  it("without a session, lists and editors redirect to sign-in and a save changes nothing", async () => {
    for (const path of ["/admin/procedure", `/admin/procedure/${PROCEDURE}`, "/admin/fee/new"]) {
      const res = await get(server, path);
      await res.arrayBuffer();
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    const before = await storedProcedure(server);
    const res = await post(server, `/admin/procedure/${PROCEDURE}`, { body: JSON.stringify({ ...catalogProcedure(), name: "Ẩn danh sửa" }) });
    await res.arrayBuffer();
    expect(res.status).toBe(302);
    expect(await storedProcedure(server)).toEqual(before);
  });

  it("every role may read lists and editors; only catalog:edit may save, and a refused save changes nothing", async () => {
    for (const role of ROLES) {
      const list = await get(server, "/admin/procedure", { cookie: cookies.get(role) });
      await list.arrayBuffer();
      expect(list.status, `${role} list`).toBe(200);
      const page = await get(server, `/admin/procedure/${PROCEDURE}`, { cookie: cookies.get(role) });
      await page.arrayBuffer();
      expect(page.status, `${role} editor`).toBe(200);
      const creating = await get(server, "/admin/fee/new", { cookie: cookies.get(role) });
      await creating.arrayBuffer();
      expect(creating.status, `${role} new`).toBe(can([role], "catalog:edit") ? 200 : 403);

      const before = await storedProcedure(server);
      const res = await save(role, `/admin/procedure/${PROCEDURE}`, { ...before.body, timeLimitNote: `Sửa bởi ${role}` });
      await res.arrayBuffer();
      if (can([role], "catalog:edit")) {
        expect(res.status, role).toBe(302);
        expect(res.headers.get("location")).toBe(`/admin/procedure/${PROCEDURE}`);
        const after = await storedProcedure(server);
        expect(after.revision).toBe((before.revision ?? 0) + 1);
        expect(after.body.timeLimitNote).toBe(`Sửa bởi ${role}`);
      } else {
        expect(res.status, role).toBe(403);
        expect(await storedProcedure(server)).toEqual(before);
      }
    }
  });

  it("a save from another site is refused (CSRF) and changes nothing", async () => {
    const before = await storedProcedure(server);
    const res = await save("editor", `/admin/procedure/${PROCEDURE}`, { ...before.body, name: "Giả mạo" }, { origin: "https://ke-gian.example" });
    await res.arrayBuffer();
    expect(res.status).toBe(403);
    expect(await storedProcedure(server)).toEqual(before);
  });

  it("after a save the page shows the flash message once, then never again", async () => {
    const before = await storedProcedure(server);
    const res = await save("editor", `/admin/procedure/${PROCEDURE}`, { ...before.body, timeLimitNote: "Lần lưu có thông báo" });
    expect(res.status).toBe(302);
    await res.arrayBuffer();
    const flash = res.headers
      .getSetCookie()
      .find((c) => c.startsWith("niemyet_flash="))!
      .split(";")[0];
    const cookie = `${cookies.get("editor")}; ${flash}`;
    const first = decode(await (await get(server, `/admin/procedure/${PROCEDURE}`, { cookie })).text());
    expect(first).toContain(`Đã lưu tài liệu (phiên bản ${(before.revision ?? 0) + 1}).`);
    const again = decode(await (await get(server, `/admin/procedure/${PROCEDURE}`, { cookie: cookies.get("editor") })).text());
    expect(again).not.toContain("Đã lưu tài liệu");
  });

  it("invalid, hostile or inconsistent input is refused with a Vietnamese message naming the field, and nothing is stored", async () => {
    const body = (await storedProcedure(server)).body;
    const cases: [string, unknown, string][] = [
      ["empty name", { ...body, name: "" }, "Tên thủ tục: «Tên thủ tục» không được để trống"],
      [
        "negative copies",
        { ...body, cases: [{ name: "Hồ sơ", components: [{ name: "Giấy tờ", originals: 1, copies: -1, required: true }] }] },
        "Số bản sao: «Số bản sao» phải lớn hơn hoặc bằng 0",
      ],
      ["wrong type", { ...body, channels: "trực tiếp" }, "«Cách thức thực hiện» phải là danh sách"],
      [
        "unknown fee",
        { ...body, channels: [{ ...body.channels[0], fees: [{ kind: "charge", feeCode: "khong-co-phi-nay" }] }] },
        "Không có phí, lệ phí mã «khong-co-phi-nay» trong danh mục",
      ],
      ["MDX expression", { ...body, requirements: "Nộp {alert(1)} hồ sơ" }, "không được dùng biểu thức JavaScript"],
      ["raw HTML in MDX", { ...body, notes: '<a href="javascript:alert(1)">bấm</a>' }, "không được dùng thẻ HTML <a>"],
      ["changed code", { ...body, code: "2.000884" }, "Không đổi được mã sau khi tạo"],
      ["not JSON", "{không phải json", "Không đọc được dữ liệu gửi lên"],
    ];
    for (const [label, input, message] of cases) {
      const before = await storedProcedure(server);
      const res = await save("editor", `/admin/procedure/${PROCEDURE}`, input);
      const html = decode(await res.text());
      expect(res.status, label).toBe(400);
      expect(html, label).toContain("Có lỗi cần sửa");
      expect(html, label).toContain(message);
      expect(await storedProcedure(server), label).toEqual(before);
    }
  });

  it("the MDX preview renders through the safe compiler for editors only, and reports unsafe text by line", async () => {
    const preview = (role: Role, source: string) => post(server, "/admin/mdx-preview", { source }, { cookie: cookies.get(role) });
    const refused = await preview("auditor", "**Đậm**");
    await refused.arrayBuffer();
    expect(refused.status).toBe(403);
    const ok = await preview("editor", "Nộp **bản chính** tại [Bộ phận một cửa](/)");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, html: '<p>Nộp <strong>bản chính</strong> tại <a href="/">Bộ phận một cửa</a></p>' });
    const unsafe = await preview("editor", "Dòng một\n\n<script>alert(1)</script>");
    expect(unsafe.status).toBe(400);
    const body = (await unsafe.json()) as { ok: boolean; issues: string[] };
    expect(body.ok).toBe(false);
    expect(body.issues[0]).toMatch(/^Dòng 3/);
  });

  it("an oversized save is refused with 413 before the route runs", async () => {
    const before = await storedProcedure(server);
    const res = await save("editor", `/admin/procedure/${PROCEDURE}`, { ...before.body, notes: "x".repeat(6 * 1024 * 1024) });
    await res.arrayBuffer();
    expect(res.status).toBe(413);
    expect(await storedProcedure(server)).toEqual(before);
  });

  it("creating checks the code: well-formed, unused and not reserved; a good one is stored as a draft", async () => {
    const fee = {
      code: "phi-thu-nghiem",
      name: "Phí thử nghiệm",
      kind: "fee",
      rates: [{ effectiveFrom: "2026-01-01", rule: { type: "fixed", amount: 5000, per: "bản" } }],
    };
    const refused: [unknown, string][] = [
      [{ ...fee, code: "mã có dấu" }, "«Mã phí, lệ phí» không đúng định dạng"],
      [{ ...fee, code: "new" }, "Mã «new» được dành cho trang tạo mới"],
      [{ ...fee, code: "phi-chung-thuc-chu-ky" }, "Mã «phi-chung-thuc-chu-ky» đã được dùng"],
    ];
    for (const [input, message] of refused) {
      const res = await save("editor", "/admin/fee/new", input);
      const html = decode(await res.text());
      expect(res.status, message).toBe(400);
      expect(html, message).toContain(message);
    }
    const created = await save("editor", "/admin/fee/new", fee);
    await created.arrayBuffer();
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/admin/fee/phi-thu-nghiem");
    const row = await dbGet(server, "SELECT status, title FROM documents WHERE kind = 'fee' AND key = 'phi-thu-nghiem'");
    expect(row).toEqual({ status: "draft", title: "Phí thử nghiệm" });
  });

  it("a draft nothing refers to can be deleted (confirmed, by an editor), recorded in the audit log; approved or referenced ones cannot", async () => {
    const fee = { code: "phi-tao-nham", name: "Phí tạo nhầm", kind: "fee", rates: [{ effectiveFrom: "2026-01-01", rule: { type: "free" } }] };
    const count = async (sql: string) => (await dbGet<{ n: number }>(server, sql))!.n;
    const documents = () => count("SELECT COUNT(*) AS n FROM documents WHERE kind = 'fee' AND key = 'phi-tao-nham'");
    const revisions = () => count("SELECT COUNT(*) AS n FROM revisions WHERE kind = 'fee' AND key = 'phi-tao-nham'");
    const created = await save("editor", "/admin/fee/new", fee);
    await created.arrayBuffer();
    expect(created.status).toBe(302);
    const path = "/admin/fee/phi-tao-nham";
    const asEditor = decode(await (await get(server, path, { cookie: cookies.get("editor") })).text());
    expect(asEditor).toContain("Xóa bản nháp");
    const asApprover = decode(await (await get(server, path, { cookie: cookies.get("approver") })).text());
    expect(asApprover).not.toContain("Xóa bản nháp");

    const unconfirmed = await post(server, path, { intent: "delete" }, { cookie: cookies.get("editor") });
    expect(unconfirmed.status).toBe(400);
    expect(decode(await unconfirmed.text())).toContain("Hãy đánh dấu «Tôi xác nhận xóa bản nháp này»");
    const refused = await post(server, path, { intent: "delete", confirm: "on" }, { cookie: cookies.get("approver") });
    await refused.arrayBuffer();
    expect(refused.status).toBe(403);
    const forged = await post(
      server,
      path,
      { intent: "delete", confirm: "on" },
      { cookie: cookies.get("editor"), origin: "https://ke-gian.example" },
    );
    await forged.arrayBuffer();
    expect(forged.status).toBe(403);
    expect(await documents()).toBe(1);

    const deleted = await post(server, path, { intent: "delete", confirm: "on" }, { cookie: cookies.get("editor") });
    await deleted.arrayBuffer();
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("location")).toBe("/admin/fee");
    expect(await documents()).toBe(0);
    expect(await revisions()).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.delete' AND doc_key = 'phi-tao-nham'")).toBe(1);
    const gone = await get(server, path, { cookie: cookies.get("editor") });
    await gone.arrayBuffer();
    expect(gone.status).toBe(404);
    // The code is free again.
    await (await save("editor", "/admin/fee/new", fee)).arrayBuffer();
    expect(await revisions()).toBe(1);

    // A draft a procedure refers to stays, and says why.
    const procedure = (await storedProcedure(server, "1.004884")).body;
    procedure.channels[0].fees = [{ kind: "fee", feeCode: "phi-tao-nham" }];
    const linked = await save("editor", "/admin/procedure/1.004884", procedure);
    await linked.arrayBuffer();
    expect(linked.status).toBe(302);
    const referenced = await post(server, path, { intent: "delete", confirm: "on" }, { cookie: cookies.get("editor") });
    expect(referenced.status).toBe(409);
    expect(decode(await referenced.text())).toContain("1 tài liệu đang tham chiếu đến bản nháp này nên không xóa được");
    expect(await documents()).toBe(1);
    // An approved document is never deleted.
    const approved = await post(server, "/admin/fee/phi-chung-thuc-chu-ky", { intent: "delete", confirm: "on" }, { cookie: cookies.get("editor") });
    expect(approved.status).toBe(409);
    expect(decode(await approved.text())).toContain("Chỉ xóa được bản nháp");
    expect(await currentRevision(server, "/admin/fee/phi-chung-thuc-chu-ky")).toBe(1);
  });

  it("unknown kinds and documents are 404; bad list parameters are 400 in Vietnamese", async () => {
    for (const path of ["/admin/khong-co-loai-nay", "/admin/procedure/9.999999"]) {
      const res = await get(server, path, { cookie: cookies.get("editor") });
      await res.arrayBuffer();
      expect(res.status, path).toBe(404);
    }
    const bad = await get(server, "/admin/procedure?page=0&status=xyz", { cookie: cookies.get("editor") });
    const html = decode(await bad.text());
    expect(bad.status).toBe(400);
    expect(html).toContain("Trang phải là số nguyên từ 1 đến 100.000");
    expect(html).toContain("Trạng thái không có trong danh sách để chọn");
  });

  it("the procedure list filters by level and by having an internal process or forms, as the records say", async () => {
    const procedures = readdirSync("catalog/procedures").map((f) => JSON.parse(readFileSync(`catalog/procedures/${f}`, "utf8")));
    const listed = async (query: string) => {
      const html = decode(await (await get(server, `/admin/procedure?${query}`, { cookie: cookies.get("auditor") })).text());
      return [...html.matchAll(/href="\/admin\/procedure\/([\d.]+)"/g)].map((m) => m[1]).sort();
    };
    const withProcess = procedures
      .filter((p) => (p.processCodes ?? []).length > 0)
      .map((p) => p.code)
      .sort();
    const hasForms = (p: { cases?: { components?: { formCode?: string }[] }[]; results?: { formCode?: string }[] }) =>
      [...(p.cases ?? []).flatMap((c) => c.components ?? []), ...(p.results ?? [])].some((x) => x.formCode);
    expect(withProcess.length).toBeGreaterThan(0);
    expect(await listed("process=yes")).toEqual(withProcess);
    expect(await listed("process=no")).toEqual(
      procedures
        .filter((p) => !(p.processCodes ?? []).length)
        .map((p) => p.code)
        .sort(),
    );
    expect(await listed("forms=yes&process=yes")).toEqual(
      procedures
        .filter((p) => (p.processCodes ?? []).length && hasForms(p))
        .map((p) => p.code)
        .sort(),
    );
    expect(await listed("level=commune")).toEqual(
      procedures
        .filter((p) => p.level === "commune")
        .map((p) => p.code)
        .sort(),
    );
    const bad = await get(server, "/admin/procedure?level=huyen", { cookie: cookies.get("auditor") });
    expect(bad.status).toBe(400);
    expect(decode(await bad.text())).toContain("Cấp thực hiện: Cấp thực hiện không có trong danh sách để chọn");
  });

  it("legal bases name their legal document through a picker of the catalog's legal documents", async () => {
    const procedure = catalogProcedure();
    const cited = procedure.legalBasis.findIndex((l: { documentCode?: string }) => l.documentCode);
    expect(cited).toBeGreaterThanOrEqual(0);
    const html = decode(await (await get(server, `/admin/procedure/${PROCEDURE}`, { cookie: cookies.get("editor") })).text());
    const select = new RegExp(`<select id="root_legalBasis_${cited}_documentCode"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
    expect(select).toContain(`value="${procedure.legalBasis[cited].documentCode}" selected=""`);
    expect(select).toContain("(chưa chọn văn bản pháp luật)");
  });

  it("a document's page lists who refers to it and says why it cannot be deleted", async () => {
    const html = decode(await (await get(server, "/admin/field/G15-TP03", { cookie: cookies.get("auditor") })).text());
    expect(html).toContain("Tài liệu tham chiếu đến lĩnh vực này");
    expect(html).toContain("đang dùng tài liệu này, nên không thể xóa");
    expect(html).toContain('href="/admin/procedure/2.000815"');
  });

  it("the list finds a procedure whatever the case and diacritics, đ matching d", async () => {
    for (const q of ["dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "đăng ký khai sinh", "Dang Ky Khai Sinh"]) {
      const html = decode(await (await get(server, `/admin/procedure?q=${encodeURIComponent(q)}`, { cookie: cookies.get("auditor") })).text());
      expect(html, q).toContain('href="/admin/procedure/1.001193">Đăng ký khai sinh</a>');
      expect(html, q).not.toContain("/admin/procedure/2.000884");
    }
  });
});

describe("an officer edits in a real browser (Debian Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    addUser(server, "lan.nt", ["editor"]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("finds a procedure without diacritics, adds a dossier component, picks its form by name, saves, and sees it when the document is opened again", async () => {
    const { context, page } = await signedInPage(browser, server, "lan.nt", PASSWORD);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.getByRole("link", { name: "Thủ tục", exact: true }).click();
    await page.waitForURL("**/admin/procedure");
    await page.getByLabel("Tìm theo tên hoặc mã").fill("chung thuc chu ky");
    await page.getByRole("button", { name: "Tìm" }).click();
    await page.getByRole("link", { name: "Chứng thực chữ ký", exact: false }).first().click();
    await page.waitForURL("**/admin/procedure/2.000884");
    await editorReady(page);
    expect(await axeViolations(page)).toEqual([]);

    const components = page.locator('[id^="root_cases_0_components_"][id$="_name"]');
    const count = await components.count();
    const componentsList = page.locator("#root_cases_0_components");
    await componentsList.locator("xpath=..").getByRole("button", { name: "Thêm mục" }).last().click();
    await expect.poll(() => components.count()).toBe(count + 1);
    await page.locator(`#root_cases_0_components_${count}_name`).fill("Giấy ủy quyền (nếu nộp thay)");
    await page.locator(`#root_cases_0_components_${count}_originals`).fill("1");
    await page.locator(`#root_cases_0_components_${count}_copies`).fill("0");
    // the form is picked by its name from the stored forms, and the picker offers to open it
    const form = JSON.parse(readFileSync(`catalog/forms/${readdirSync("catalog/forms")[0]}`, "utf8"));
    await page.locator(`#root_cases_0_components_${count}_formCode`).selectOption({ label: `${form.name} (${form.code})` });
    await expect(page.getByRole("link", { name: `Mở «${form.name}»` }).getAttribute("href")).resolves.toBe(`/admin/form/${form.code}`);
    await page.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu");

    await page.goto(`${server.baseUrl}/admin/procedure/2.000884`);
    await expect(page.locator(`#root_cases_0_components_${count}_name`).inputValue()).resolves.toBe("Giấy ủy quyền (nếu nộp thay)");
    await expect(page.locator(`#root_cases_0_components_${count}_formCode`).inputValue()).resolves.toBe(form.code);
    expect((await storedProcedure(server, "2.000884")).body.cases[0].components[count]).toMatchObject({
      name: "Giấy ủy quyền (nếu nộp thay)",
      formCode: form.code,
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("every kind's list, editor and new-document page has no axe violations and no script errors", async () => {
    const { context, page } = await signedInPage(browser, server, "lan.nt", PASSWORD);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // The province catalog's kinds, then the commune's own (profile, code of conduct, quality policy).
    const firstKeys = await dbAll<{ unit_code: string; kind: string; key: string }>(
      server,
      "SELECT unit_code, kind, MIN(key) AS key FROM documents WHERE unit_code IN ('01', '00000') GROUP BY unit_code, kind ORDER BY unit_code DESC, kind",
    );
    expect(firstKeys.map((k) => k.kind).sort()).toEqual([...DOCUMENT_KINDS].sort());
    const checked: string[] = [];
    let unit = "";
    for (const { unit_code, kind, key } of firstKeys) {
      if (unit_code !== unit) {
        // Through the unit switcher at the top of every admin page (it works without script too).
        await page.goto(`${server.baseUrl}/admin`);
        await page.locator("#admin-unit").selectOption(unit_code);
        await page.getByRole("button", { name: "Chuyển" }).click();
        await page.waitForLoadState("load");
        expect(await page.locator("#admin-unit").inputValue()).toBe(unit_code);
        unit = unit_code;
      }
      for (const path of [`/admin/${kind}`, `/admin/${kind}/${encodeURIComponent(key)}`, `/admin/${kind}/new`]) {
        await page.goto(`${server.baseUrl}${path}`);
        // A new override without its province document first lists the documents to adjust (no form yet).
        if (path === "/admin/local-override/new") await page.locator("#chon-tai-lieu").waitFor();
        else if (!path.endsWith(kind)) await editorReady(page);
        // A form page: check it once its builder is there.
        if (kind === "form" && !path.endsWith(kind)) await page.locator("#builder-title").waitFor();
        expect(await axeViolations(page), path).toEqual([]);
        checked.push(path);
      }
    }
    expect(checked.length).toBe(DOCUMENT_KINDS.length * 3);
    expect(errors).toEqual([]);
    await context.close();
    // Some thirty pages, each checked with axe.
  }, 150_000);

  it("creates a new fee with tiers, typing amounts in đồng with vi-VN grouping, stored as a draft", async () => {
    const { context, page } = await signedInPage(browser, server, "lan.nt", PASSWORD);
    await page.goto(`${server.baseUrl}/admin/fee`);
    await page.getByRole("link", { name: "Thêm phí, lệ phí" }).click();
    await page.waitForURL("**/admin/fee/new");
    await editorReady(page);
    await page.locator("#root_code").fill("phi-sao-y-thu-nghiem");
    await page.locator("#root_name").fill("Phí chứng thực bản sao từ bản chính (thử nghiệm)");
    await page.locator("#root_kind").selectOption({ label: "Phí" });
    // dates are typed as dd/mm/yyyy, whatever the browser's language
    await page.locator("#root_rates_0_effectiveFrom").fill("1/1/2026");
    await page.locator("#root_rates_0_rule__oneof_select").selectOption({ label: "Lũy tiến theo đơn vị" });
    await page.locator("#root_rates_0_rule_unit").fill("trang");
    await page.locator("#root_rates_0_rule_tiers__add").click();
    await page.locator("#root_rates_0_rule_tiers_0_from").fill("1");
    await page.locator("#root_rates_0_rule_tiers_0_to").fill("2");
    await page.locator("#root_rates_0_rule_tiers_0_amountPerUnit").fill("2.000");
    await page.locator("#root_rates_0_rule_tiers_1_from").fill("3");
    await page.locator("#root_rates_0_rule_tiers_1_amountPerUnit").fill("1000");
    await page.locator("#root_rates_0_rule_maxPerItem").fill("200.000");
    await page.locator("#root_rates_0_rule_item").fill("bản");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.waitForURL("**/admin/fee/phi-sao-y-thu-nghiem");
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("Đã tạo tài liệu (phiên bản 1).");
    await expect(page.locator("#root_rates_0_rule_tiers_1_amountPerUnit").inputValue()).resolves.toBe("1.000");
    await expect(page.locator("#root_rates_0_rule_maxPerItem").inputValue()).resolves.toBe("200.000");
    await expect(page.locator("#root_rates_0_effectiveFrom").inputValue()).resolves.toBe("01/01/2026");
    const row = (await dbGet<{ status: string; body: string }>(
      server,
      "SELECT status, body FROM documents WHERE kind = 'fee' AND key = 'phi-sao-y-thu-nghiem'",
    ))!;
    expect(row.status).toBe("draft");
    expect(JSON.parse(row.body).rates).toEqual([
      {
        effectiveFrom: "2026-01-01",
        rule: {
          type: "tiered",
          unit: "trang",
          tiers: [
            { from: 1, to: 2, amountPerUnit: 2000 },
            { from: 3, amountPerUnit: 1000 },
          ],
          maxPerItem: 200000,
          item: "bản",
        },
      },
    ]);
    // A draft made by mistake is deleted from its page, with the keyboard, after confirming.
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Xóa bản nháp" }).press("Enter");
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("Hãy đánh dấu «Tôi xác nhận xóa bản nháp này»");
    await page.getByLabel("Tôi xác nhận xóa bản nháp này").press("Space");
    await page.getByRole("button", { name: "Xóa bản nháp" }).press("Enter");
    await page.waitForURL("**/admin/fee");
    await expect
      .poll(() => page.getByRole("status").first().textContent())
      .toBe("Đã xóa bản nháp «Phí chứng thực bản sao từ bản chính (thử nghiệm)».");
    expect(await dbGet(server, "SELECT COUNT(*) AS n FROM documents WHERE kind = 'fee' AND key = 'phi-sao-y-thu-nghiem'")).toEqual({ n: 0 });
    await context.close();
  });

  it("an amount in words and an impossible date are refused by the server and kept as typed, each flagged", async () => {
    const { context, page } = await signedInPage(browser, server, "lan.nt", PASSWORD);
    await page.goto(`${server.baseUrl}/admin/fee/phi-chung-thuc-chu-ky`);
    await editorReady(page);
    await page.locator("#root_rates_0_rule_amount").fill("mười nghìn");
    await page.locator("#root_rates_0_effectiveFrom").fill("31/02/2026");
    await page.getByRole("button", { name: "Lưu" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary.textContent()).resolves.toContain("«Số tiền (đồng)» phải là số nguyên");
    await expect(summary.textContent()).resolves.toContain("ngày/tháng/năm có thật");
    await expect(page.locator("#root_rates_0_rule_amount").inputValue()).resolves.toBe("mười nghìn");
    await expect(page.locator("#root_rates_0_effectiveFrom").inputValue()).resolves.toBe("31/02/2026");
    await expect(page.locator("#root_rates_0_rule_amount__note").textContent()).resolves.toBe("đồng — chỉ nhập chữ số, ví dụ 10.000");
    await expect(page.locator("#root_rates_0_effectiveFrom__note").textContent()).resolves.toContain("Chưa phải một ngày có thật");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("a mistake shows the Vietnamese error summary and the message beside the field, keeps what was typed, stores nothing", async () => {
    const { context, page } = await signedInPage(browser, server, "lan.nt", PASSWORD);
    const before = await storedProcedure(server, "1.001193");
    await page.goto(`${server.baseUrl}/admin/procedure/1.001193`);
    await editorReady(page);
    await page.locator("#root_name").fill("");
    await page.locator("#root_timeLimitNote").fill("Ghi chú vẫn còn sau khi báo lỗi");
    await page.getByRole("button", { name: "Lưu" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary.textContent()).resolves.toContain("Tên thủ tục: Thiếu trường bắt buộc «Tên thủ tục»");
    await expect(page.locator(".error-detail").first().textContent()).resolves.toContain("Thiếu trường bắt buộc «Tên thủ tục»");
    await expect(summary.getByRole("link").first().getAttribute("href")).resolves.toBe("#root_name");
    await expect(page.locator("#root_timeLimitNote").inputValue()).resolves.toBe("Ghi chú vẫn còn sau khi báo lỗi");
    // the MDX field previews what the public page will show, or says what to fix
    const requirements = page.locator("#root_requirements");
    await requirements.fill("Mang theo **bản chính** {giấy tờ}");
    const previewButton = requirements.locator("xpath=ancestor::div[contains(@class,'mdx-field')]").getByRole("button", { name: "Xem trước" });
    await previewButton.click();
    await expect(page.locator(".mdx-preview--errors").textContent()).resolves.toContain("Dòng 1");
    await requirements.fill("Mang theo **bản chính** của giấy tờ");
    await previewButton.click();
    await expect(page.locator(".mdx-preview strong").textContent()).resolves.toBe("bản chính");
    expect(await axeViolations(page)).toEqual([]);
    expect(await storedProcedure(server, "1.001193")).toEqual(before);
    await context.close();
  });
  it("a time limit is one control: the amount typed as 2,5 with its unit beside it; a non-number is flagged beside it", async () => {
    const { context, page } = await signedInPage(browser, server, "lan.nt", PASSWORD);
    const code = "1.001570";
    const before = await storedProcedure(server, code);
    expect(before.body.channels[0].timeLimit).toEqual({ value: 3, unit: "working_days" });
    await page.goto(`${server.baseUrl}/admin/procedure/${code}`);
    await editorReady(page);
    const control = page.locator("fieldset#root_channels_0_timeLimit");
    await expect(control.locator("legend").textContent()).resolves.toContain("Thời hạn giải quyết");
    const amount = control.getByLabel("Giá trị");
    const unit = control.getByLabel("Đơn vị thời gian");
    await expect(amount.inputValue()).resolves.toBe("3");
    await expect(unit.inputValue()).resolves.toBe("working_days");
    await amount.fill("ba ngày");
    await page.getByRole("button", { name: "Lưu" }).click();
    await expect(page.locator(".error-summary").textContent()).resolves.toContain("«Giá trị» phải là số");
    await expect(page.locator(".error-summary").getByRole("link").first().getAttribute("href")).resolves.toBe("#root_channels_0_timeLimit_value");
    await expect(control.locator(".field-error").first().textContent()).resolves.toContain("«Giá trị» phải là số");
    await expect(amount.inputValue()).resolves.toBe("ba ngày");
    expect(await storedProcedure(server, code)).toEqual(before);
    expect(await axeViolations(page)).toEqual([]);

    await amount.fill("2,5");
    await unit.selectOption({ label: "Ngày" });
    await page.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu");
    expect((await storedProcedure(server, code)).body.channels[0].timeLimit).toEqual({ value: 2.5, unit: "days" });
    await page.goto(`${server.baseUrl}/admin/procedure/${code}`);
    await editorReady(page);
    await expect(page.locator("#root_channels_0_timeLimit_value").inputValue()).resolves.toBe("2,5");
    await context.close();
  });
});
