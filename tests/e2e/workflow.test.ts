import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, ROLES, type Role } from "~/domain/permissions";
import { TRANSITIONS, WORKFLOW_ACTIONS, type WorkflowAction } from "~/domain/workflow";
import { axeViolations, launchChromium } from "./chromium";
import { addUser, cli, dbAll, dbGet, decode, followRedirect, get, PASSWORD, post, publishRelease, signedInPage, signIn } from "./helpers";
import { adminPasswordOf, startServer, type RunningServer } from "./server";

/**
 * The approval workflow through real HTTP and a real browser: who may take each step, the four-eyes rule, the
 * public page changing only at approval, and saves that never overwrite each other.
 */

interface Stored {
  status: string;
  revision: number;
  inForce: number | null;
  body: Record<string, any>;
  revisions: { revision: number; author: string; body_hash: string; status: string }[];
  comments: number;
  audit: number;
}

async function stored(server: RunningServer, code: string): Promise<Stored> {
  const row = (await dbGet<{ status: string; current_revision: number; in_force_revision: number | null; body: string }>(
    server,
    "SELECT status, current_revision, in_force_revision, body FROM documents WHERE kind = 'procedure' AND key = ?",
    code,
  ))!;
  const revisions = await dbAll<Stored["revisions"][number]>(
    server,
    "SELECT revision, author, body_hash, status FROM revisions WHERE kind = 'procedure' AND key = ? ORDER BY revision",
    code,
  );
  const comments = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM document_comments WHERE key = ?", code))!.n;
  const audit = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log"))!.n;
  return {
    status: row.status,
    revision: row.current_revision,
    inForce: row.in_force_revision,
    body: JSON.parse(row.body),
    revisions,
    comments,
    audit,
  };
}

const editorReady = (page: Page) =>
  page.waitForFunction(() => Object.keys(document.querySelector("form.rjsf") ?? {}).some((k) => k.startsWith("__reactFiber")));

describe("workflow over HTTP (built server)", () => {
  let server: RunningServer;
  const cookies = new Map<string, string>();
  const cookie = (who: string) => cookies.get(who)!;
  beforeAll(async () => {
    server = await startServer();
    for (const role of ROLES) {
      addUser(server, `qt-${role}`, [role]);
      cookies.set(role, await signIn(server, `qt-${role}`, PASSWORD));
    }
    addUser(server, "qt-lanh-dao-2", ["approver"]);
    cookies.set("approver2", await signIn(server, "qt-lanh-dao-2", PASSWORD));
    addUser(server, "qt-mot-minh", ["editor", "approver"]);
    cookies.set("both", await signIn(server, "qt-mot-minh", PASSWORD));
    cookies.set("admin-account", await signIn(server, "admin", adminPasswordOf(server)));
  });
  afterAll(async () => {
    await server?.stop();
  });

  const saveAs = async (who: string, code: string, change: Record<string, unknown>, base?: number) => {
    const current = await stored(server, code);
    return post(
      server,
      `/admin/procedure/${code}`,
      { body: JSON.stringify({ ...current.body, ...change }), note: "", baseRevision: String(base ?? current.revision) },
      { cookie: cookie(who) },
    );
  };
  const stepAs = async (who: string, code: string, intent: WorkflowAction | "comment", text = "", extra: Record<string, string> = {}) =>
    post(
      server,
      `/admin/procedure/${code}`,
      { intent, revision: String((await stored(server, code)).revision), text, ...extra },
      { cookie: cookie(who) },
    );
  const ok = async (res: Promise<Response>) => {
    const r = await res;
    const body = await r.text();
    expect(r.status, body.slice(0, 300)).toBe(302);
  };

  /** Puts a procedure in the status an action starts from. */
  async function prepare(code: string, action: WorkflowAction | "comment") {
    const from = action === "comment" ? "approved" : TRANSITIONS[action].from;
    if (from === "approved") return;
    await ok(saveAs("editor", code, { notes: `Sửa để thử ${action}` }));
    if (from === "in_review") await ok(stepAs("editor", code, "submit", "Đề nghị duyệt"));
  }

  it("every workflow step answers as each role's permissions say; a refused step changes nothing", async () => {
    const codes: Record<WorkflowAction | "comment", string> = {
      submit: "1.001193",
      withdraw: "1.000656",
      approve: "2.000884",
      return: "1.001022",
      retire: "1.004884",
      comment: "2.000635",
    };
    let refused = 0;
    for (const action of [...WORKFLOW_ACTIONS, "comment" as const]) {
      const code = codes[action];
      await prepare(code, action);
      const allowedRole = (role: Role) =>
        action === "comment" ? can([role], "catalog:edit") || can([role], "catalog:approve") : can([role], TRANSITIONS[action].permission);
      for (const role of ROLES.filter((r) => !allowedRole(r))) {
        const before = await stored(server, code);
        const res = await stepAs(role, code, action, "Lý do", { effectiveFrom: "01/01/2027" });
        const html = await res.text();
        expect(res.status, `${role} ${action}`).toBe(403);
        expect(html).toContain("Bạn không có quyền thực hiện thao tác này.");
        expect(await stored(server, code), `${role} ${action} changed something`).toEqual(before);
        refused += 1;
      }
      const role = ROLES.find(allowedRole)!;
      const before = await stored(server, code);
      const page = await followRedirect(server, await stepAs(role, code, action, "Lý do", { effectiveFrom: "01/01/2027" }), cookie(role));
      const after = await stored(server, code);
      expect(after.comments).toBe(before.comments + 1);
      expect(after.audit).toBe(before.audit + 1);
      if (action !== "comment") {
        expect(after.status, action).toBe(TRANSITIONS[action].to);
        expect(page).toContain(TRANSITIONS[action].done);
      } else {
        expect(page).toContain("Đã thêm góp ý.");
      }
    }
    expect(refused).toBeGreaterThan(6);
    // Anonymous: to sign-in, nothing stored.
    const before = await stored(server, "1.001193");
    const anonymous = await post(server, "/admin/procedure/1.001193", { intent: "approve", revision: String(before.revision) });
    await anonymous.arrayBuffer();
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    // From another site: refused (CSRF).
    const forged = await post(
      server,
      "/admin/procedure/1.001193",
      { intent: "approve", revision: String(before.revision) },
      { cookie: cookie("approver"), origin: "https://ke-gian.example" },
    );
    await forged.arrayBuffer();
    expect(forged.status).toBe(403);
    expect(await stored(server, "1.001193")).toEqual(before);
  });

  it("a return needs its comment, a retirement its reason and a real date; the messages are in Vietnamese", async () => {
    const code = "1.001570";
    await prepare(code, "return");
    const before = await stored(server, code);
    const noComment = await stepAs("approver", code, "return", "  ");
    expect(noComment.status).toBe(400);
    expect(decode(await noComment.text())).toContain("Hãy ghi «Nội dung cần sửa»");
    expect(await stored(server, code)).toEqual(before);
    await ok(stepAs("approver", code, "approve"));
    const badDate = await stepAs("approver", code, "retire", "Bãi bỏ", { effectiveFrom: "31/02/2027" });
    expect(badDate.status).toBe(400);
    expect(decode(await badDate.text())).toContain("«Ngừng áp dụng từ ngày» là một ngày có thật");
    const stale = await post(
      server,
      `/admin/procedure/${code}`,
      { intent: "retire", revision: "1", text: "Bãi bỏ", effectiveFrom: "01/01/2027" },
      { cookie: cookie("approver") },
    );
    expect(stale.status).toBe(409);
    expect(decode(await stale.text())).toContain("hãy tải lại trang");
    expect((await stored(server, code)).status).toBe("approved");
  });

  it("the four-eyes rule refuses self-approval until an admin allows it, and records the rule", async () => {
    const code = "1.001731";
    await ok(saveAs("both", code, { notes: "Tôi soạn và muốn tự duyệt" }));
    await ok(stepAs("both", code, "submit"));
    const refused = await stepAs("both", code, "approve");
    expect(refused.status).toBe(409);
    expect(decode(await refused.text())).toContain("quy tắc bốn mắt");
    expect(await stored(server, code)).toMatchObject({ status: "in_review", inForce: 1 });

    // Only an admin changes the rule.
    const notAdmin = await post(server, "/admin/settings", { allowSelfApproval: "on" }, { cookie: cookie("approver") });
    await notAdmin.arrayBuffer();
    expect(notAdmin.status).toBe(403);
    expect(
      await followRedirect(
        server,
        await post(server, "/admin/settings", { allowSelfApproval: "on" }, { cookie: cookie("admin-account") }),
        cookie("admin-account"),
      ),
    ).toContain("Đã cho phép người soạn tự phê duyệt.");
    await ok(stepAs("both", code, "approve"));
    expect(await dbGet(server, "SELECT approved_by, approval_rule FROM revisions WHERE key = ? AND revision = 2", code)).toEqual({
      approved_by: "qt-mot-minh",
      approval_rule: "self_approval_allowed",
    });
    await ok(post(server, "/admin/settings", {}, { cookie: cookie("admin-account") }));
  });

  it("an approved revision never changes: a save after approval is a new draft; approving twice is refused", async () => {
    const code = "2.000913";
    await prepare(code, "approve");
    await ok(stepAs("approver", code, "approve"));
    const approved = await stored(server, code);
    const twice = await post(
      server,
      `/admin/procedure/${code}`,
      { intent: "approve", revision: String(approved.revision) },
      { cookie: cookie("approver2") },
    );
    expect(twice.status).toBe(409);
    await twice.arrayBuffer();
    await ok(saveAs("editor", code, { notes: "Sửa tiếp sau khi duyệt" }));
    const after = await stored(server, code);
    expect(after).toMatchObject({ status: "draft", revision: approved.revision + 1, inForce: approved.revision });
    expect(after.revisions.slice(0, approved.revisions.length)).toEqual(approved.revisions);
    // The next release carries the approved text, not the draft after it.
    await publishRelease(server);
    const page = decode(await (await get(server, `/thu-tuc/${code}`)).text());
    expect(page).not.toContain("Sửa tiếp sau khi duyệt");
    expect(page).toContain("Sửa để thử approve");
  });

  it("20 parallel saves from 20 officers on one revision: exactly one wins, 19 get the conflict, no gap and no lost text", async () => {
    const code = "2.000744";
    // 20 accounts made by the admin on the accounts page (as an office would), each signed in.
    for (let i = 0; i < 20; i++) {
      const username = `qt-song-song-${i}`;
      await ok(
        post(
          server,
          "/admin/users",
          { intent: "create", username, displayName: `Cán bộ ${i}`, password: PASSWORD, roles: "editor" },
          { cookie: cookie("admin-account") },
        ),
      );
      cookies.set(`p${i}`, await signIn(server, username, PASSWORD));
    }
    const before = await stored(server, code);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(
          server,
          `/admin/procedure/${code}`,
          { body: JSON.stringify({ ...before.body, notes: `Bản của cán bộ số ${i}` }), note: "", baseRevision: String(before.revision) },
          { cookie: cookie(`p${i}`) },
        ),
      ),
    );
    const statuses = await Promise.all(responses.map(async (r) => [r.status, decode(await r.text())] as const));
    expect(statuses.filter(([s]) => s === 302).length).toBe(1);
    const conflicts = statuses.filter(([s]) => s === 409);
    expect(conflicts.length).toBe(19);
    for (const [, html] of conflicts) expect(html).toContain("Có người đã lưu trước bạn");
    const after = await stored(server, code);
    expect(after.revisions.map((r) => r.revision)).toEqual([...before.revisions.map((r) => r.revision), before.revision + 1]);
    const winner = Number(/số (\d+)/.exec(after.body.notes)![1]);
    expect(after.revisions.at(-1)!.author).toBe(`qt-song-song-${winner}`);
  });

  it("any revision can be restored as a new draft by an editor; history is never rewritten", async () => {
    const code = "2.000355";
    await ok(saveAs("editor", code, { notes: "Sửa lần một" }));
    await ok(saveAs("editor", code, { notes: "Sửa lần hai" }));
    const before = await stored(server, code);
    const refused = await post(
      server,
      `/admin/procedure/${code}/history`,
      { revision: "1", baseRevision: String(before.revision) },
      { cookie: cookie("auditor") },
    );
    await refused.arrayBuffer();
    expect(refused.status).toBe(403);
    expect(await stored(server, code)).toEqual(before);
    const page = await followRedirect(
      server,
      await post(server, `/admin/procedure/${code}/history`, { revision: "1", baseRevision: String(before.revision) }, { cookie: cookie("editor") }),
      cookie("editor"),
    );
    expect(page).toContain("Đã khôi phục nội dung phiên bản 1 thành bản nháp mới (phiên bản 4)");
    const after = await stored(server, code);
    expect(after.revisions.slice(0, 3)).toEqual(before.revisions);
    expect(after.revisions[3].body_hash).toBe(before.revisions[0].body_hash);
    const diff = decode(await (await get(server, `/admin/procedure/${code}/diff?from=3&to=4`, { cookie: cookie("auditor") })).text());
    expect(diff).toContain("Sửa lần hai");
    const bad = await get(server, `/admin/procedure/${code}/diff?from=0&to=99`, { cookie: cookie("auditor") });
    expect(bad.status).toBe(400);
    expect(decode(await bad.text())).toContain("Từ phiên bản phải là số nguyên từ 1 đến 4");
  });

  it("every step is in the audit chain and `audit verify` passes", async () => {
    const actions = (await dbAll<{ action: string }>(server, "SELECT DISTINCT action FROM audit_log WHERE action LIKE 'document.%'")).map(
      (r) => r.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["document.submit", "document.withdraw", "document.approve", "document.return", "document.retire", "document.comment"]),
    );
    const verify = cli(server, ["audit", "verify"]);
    expect(verify.status, verify.stderr).toBe(0);
  });
});

describe("an officer and a leader in real browsers (Debian Chromium)", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    addUser(server, "tuan.nv", ["editor"]);
    addUser(server, "mai.lt", ["editor"]);
    addUser(server, "lanh-dao.hung", ["approver"]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("edit → submit → return with a comment → fix → resubmit → approve; the public page changes only with the release after approval", async () => {
    const code = "1.004837";
    const errors: string[] = [];
    const officer = await signedInPage(browser, server, "tuan.nv", PASSWORD);
    officer.page.on("pageerror", (e) => errors.push(e.message));
    await officer.page.goto(`${server.baseUrl}/admin/procedure/${code}`);
    await editorReady(officer.page);
    await officer.page.locator("#root_timeLimitNote").fill("Trả kết quả trong ngày nếu nộp trước 10 giờ");
    await officer.page.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => officer.page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu");
    await officer.page.getByLabel("Ghi chú cho người duyệt (không bắt buộc)").fill("Đề nghị cập nhật thời hạn");
    await officer.page.getByRole("button", { name: "Gửi duyệt" }).click();
    await expect.poll(() => officer.page.getByRole("status").first().textContent()).toContain("Đã gửi duyệt");
    expect(decode(await (await get(server, `/thu-tuc/${code}`)).text())).not.toContain("Trả kết quả trong ngày nếu nộp trước 10 giờ");

    const leader = await signedInPage(browser, server, "lanh-dao.hung", PASSWORD);
    leader.page.on("pageerror", (e) => errors.push(e.message));
    const waiting = leader.page.getByRole("region", { name: /Chờ tôi duyệt/ });
    await expect(waiting.textContent()).resolves.toContain("Đề nghị cập nhật thời hạn");
    expect(await axeViolations(leader.page)).toEqual([]);
    await waiting.getByRole("link").first().click();
    await leader.page.waitForURL(`**/admin/procedure/${code}`);
    // The leader reads what changed against the version in force, in the domain's words.
    await leader.page.getByRole("link", { name: "Xem thay đổi so với phiên bản đang áp dụng" }).click();
    await leader.page.waitForURL(`**/admin/procedure/${code}/diff?from=1&to=2`);
    await leader.page.locator("ol.changes").waitFor();
    const diff = await leader.page.locator("ol.changes").textContent();
    expect(diff).toContain("Ghi chú về thời hạn");
    expect(diff).toContain("Trả kết quả trong ngày nếu nộp trước 10 giờ");
    expect(await axeViolations(leader.page)).toEqual([]);
    await leader.page.goBack();
    await leader.page.getByLabel("Nội dung cần sửa (bắt buộc)").fill("Ghi rõ căn cứ pháp lý của mốc 10 giờ");
    await leader.page.getByRole("button", { name: "Trả lại để sửa" }).click();
    await expect.poll(() => leader.page.getByRole("status").first().textContent()).toContain("Đã trả lại để sửa");
    expect(await axeViolations(leader.page)).toEqual([]);

    await officer.page.goto(`${server.baseUrl}/admin`);
    const returned = officer.page.getByRole("region", { name: /Bị trả lại để sửa/ });
    await expect(returned.textContent()).resolves.toContain("Ghi rõ căn cứ pháp lý của mốc 10 giờ");
    await returned.getByRole("link").first().click();
    await officer.page.waitForURL(`**/admin/procedure/${code}`);
    await editorReady(officer.page);
    await officer.page.locator("#root_timeLimitNote").fill("Trả kết quả trong ngày nếu nộp trước 10 giờ (theo Quy chế một cửa của UBND phường)");
    await officer.page.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => officer.page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu");
    await officer.page.getByRole("button", { name: "Gửi duyệt" }).click();
    await expect.poll(() => officer.page.getByRole("status").first().textContent()).toContain("Đã gửi duyệt");

    await leader.page.goto(`${server.baseUrl}/admin/procedure/${code}`);
    await leader.page.getByRole("button", { name: "Phê duyệt" }).click();
    await expect.poll(() => leader.page.getByRole("status").first().textContent()).toContain("Đã phê duyệt");
    // Approved: citizens see it in the next release.
    expect(decode(await (await get(server, `/thu-tuc/${code}`)).text())).not.toContain("Trả kết quả trong ngày nếu nộp trước 10 giờ");
    await publishRelease(server);
    const publicPage = decode(await (await get(server, `/thu-tuc/${code}`)).text());
    expect(publicPage).toContain("Trả kết quả trong ngày nếu nộp trước 10 giờ (theo Quy chế một cửa của UBND phường)");
    const thread = await leader.page.locator(".comments").textContent();
    for (const words of ["Đề nghị cập nhật thời hạn", "Ghi rõ căn cứ pháp lý của mốc 10 giờ", "phê duyệt"]) expect(thread).toContain(words);
    // The history holds every revision, the newest in force; any two compare.
    await leader.page.getByRole("link", { name: "Lịch sử phiên bản" }).click();
    await leader.page.waitForURL(`**/admin/procedure/${code}/history`);
    const rows = leader.page.locator("table.history tbody tr");
    // Client-side navigation: the URL changes first, then the page renders.
    await expect.poll(() => rows.count()).toBe(3);
    await expect(rows.first().textContent()).resolves.toContain("Đang áp dụng");
    await expect(rows.first().textContent()).resolves.toContain("duyệt bởi lanh-dao.hung");
    expect(await axeViolations(leader.page)).toEqual([]);
    await leader.page.getByRole("radio", { name: "So sánh từ phiên bản 1" }).check();
    await leader.page.getByRole("button", { name: "So sánh hai phiên bản đã chọn" }).click();
    await leader.page.waitForURL(
      (url) => url.pathname.endsWith("/diff") && url.searchParams.get("from") === "1" && url.searchParams.get("to") === "3",
    );
    await expect.poll(() => leader.page.locator("ol.changes").textContent()).toContain("(theo Quy chế một cửa của UBND phường)");
    expect(errors).toEqual([]);
    await officer.context.close();
    await leader.context.close();
  });

  it("two officers edit the same procedure: the second save gets the conflict page, merges and saves; nothing is lost", async () => {
    const code = "1.003622";
    const a = await signedInPage(browser, server, "tuan.nv", PASSWORD);
    const b = await signedInPage(browser, server, "mai.lt", PASSWORD);
    for (const { page } of [a, b]) {
      await page.goto(`${server.baseUrl}/admin/procedure/${code}`);
      await editorReady(page);
    }
    await a.page.locator("#root_timeLimitNote").fill("Thời hạn ghi theo Nghị định 110/2018/NĐ-CP");
    await a.page.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => a.page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu");

    await b.page.locator("#root_notes").fill("Lễ hội cấp xã phải thông báo trước ít nhất 20 ngày.");
    await b.page.getByRole("button", { name: "Lưu" }).click();
    const panel = b.page.getByRole("region", { name: "Có người đã lưu trước bạn" });
    await expect(panel.textContent()).resolves.toContain("tuan.nv đã lưu phiên bản 2");
    const theirRow = panel.getByRole("row", { name: /Ghi chú về thời hạn/ });
    await expect(theirRow.textContent()).resolves.toContain("Thời hạn ghi theo Nghị định 110/2018/NĐ-CP");
    await expect(panel.getByRole("columnheader", { name: "Phiên bản 1 (bạn bắt đầu từ đây)" }).count()).resolves.toBe(1);
    expect(await axeViolations(b.page)).toEqual([]);
    // What B typed is still on the page; saving plainly again is refused again (the base did not move).
    await expect(b.page.locator("#root_notes").inputValue()).resolves.toBe("Lễ hội cấp xã phải thông báo trước ít nhất 20 ngày.");
    await b.page.getByRole("button", { name: "Gộp và lưu" }).click();
    await expect.poll(() => b.page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu (phiên bản 3)");
    const after = await stored(server, code);
    expect(after.body.timeLimitNote).toBe("Thời hạn ghi theo Nghị định 110/2018/NĐ-CP");
    expect(after.body.notes).toBe("Lễ hội cấp xã phải thông báo trước ít nhất 20 ngày.");
    expect(after.revisions.map((r) => [r.revision, r.author])).toEqual([
      [1, "admin"],
      [2, "tuan.nv"],
      [3, "mai.lt"],
    ]);
    // The history shows both officers; the diff of the merge shows B's change, A's is in the one before.
    await b.page.goto(`${server.baseUrl}/admin/procedure/${code}/history`);
    const history = await b.page.locator("table.history").textContent();
    expect(history).toContain("tuan.nv");
    expect(history).toContain("mai.lt");
    await b.page.goto(`${server.baseUrl}/admin/procedure/${code}/diff?from=2&to=3`);
    await expect(b.page.locator("ol.changes").textContent()).resolves.toContain("Lễ hội cấp xã phải thông báo trước ít nhất 20 ngày.");
    await b.page.goto(`${server.baseUrl}/admin/procedure/${code}/diff?from=1&to=2`);
    await expect(b.page.locator("ol.changes").textContent()).resolves.toContain("Thời hạn ghi theo Nghị định 110/2018/NĐ-CP");

    // Both change the same field: B must choose which to keep.
    await a.page.goto(`${server.baseUrl}/admin/procedure/${code}`);
    await editorReady(a.page);
    await b.page.goto(`${server.baseUrl}/admin/procedure/${code}`);
    await editorReady(b.page);
    await a.page.locator("#root_timeLimitNote").fill("Bản của Tuấn");
    await a.page.getByRole("button", { name: "Lưu" }).click();
    await expect.poll(() => a.page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu (phiên bản 4)");
    await b.page.locator("#root_timeLimitNote").fill("Bản của Mai");
    await b.page.getByRole("button", { name: "Lưu" }).click();
    const second = b.page.getByRole("region", { name: "Có người đã lưu trước bạn" });
    await expect(second.getByRole("button", { name: "Gộp và lưu" }).isDisabled()).resolves.toBe(true);
    await second.getByRole("radio", { name: "Của bạn" }).check();
    await second.getByRole("button", { name: "Gộp và lưu" }).click();
    await expect.poll(() => b.page.getByRole("status").first().textContent()).toContain("Đã lưu tài liệu (phiên bản 5)");
    expect((await stored(server, code)).body.timeLimitNote).toBe("Bản của Mai");
    expect((await stored(server, code)).revisions.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5]);
    await a.context.close();
    await b.context.close();
  });
});
