import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium } from "./chromium";
import { cli, dbGet, decode, get, PASSWORD, post, publishRelease, signedInPage, signIn } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * A commune's local overrides of its province's documents, over HTTP on the sample province: the commune sets
 * the fields the province lets vary and which procedures it lists, through the normal draft → review → approval;
 * its public pages show its values, the other communes keep the province's; when the province approves a new
 * version, the commune is told what changed under its values.
 */

const CERTIFY = "2.000815"; // Chứng thực bản sao từ bản chính: in the province catalog, no override in Hòa Bình
const PROVINCE_PLACE = "Bộ phận Một cửa của Ủy ban nhân dân cấp xã";
const HOA_BINH_PLACE = "Quầy số 3, Bộ phận Một cửa Ủy ban nhân dân phường Hòa Bình, số 5 phố Hòa Bình";

/** Waits until React has hydrated the editor's form (before that, typing reaches plain HTML inputs). */
const editorReady = (page: Page) =>
  page.waitForFunction(() => Object.keys(document.querySelector("form.rjsf") ?? {}).some((k) => k.startsWith("__reactFiber")));

describe("local overrides: what a commune sets in the province's documents", () => {
  let server: RunningServer;
  let browser: Browser;
  const cookies = new Map<string, string>();
  const as = (who: string) => ({ cookie: cookies.get(who)! });
  const page = async (path: string, who?: string) => {
    const res = await get(server, path, who ? as(who) : {});
    return { status: res.status, html: decode(await res.text()) };
  };
  const step = async (who: string, path: string, intent: "submit" | "approve", revision: number) => {
    const res = await post(server, path, { intent, revision: String(revision), text: "", effectiveFrom: "" }, as(who));
    expect(res.status, decode(await res.text())).toBe(302);
  };

  beforeAll(async () => {
    server = await startServer();
    const accounts: [string, string, string[]][] = [
      ["hoa-binh-can-bo", "99901", ["editor"]],
      ["hoa-binh-lanh-dao", "99901", ["approver"]],
      ["tinh-can-bo", "01", ["editor"]],
      ["tinh-lanh-dao", "01", ["approver"]],
    ];
    for (const [username, unit, roles] of accounts) {
      const added = cli(server, ["user", "add", "--username", username, "--unit", unit, ...roles.flatMap((r) => ["--role", r])], {
        NIEMYET_PASSWORD: PASSWORD,
      });
      expect(added.status, added.stderr).toBe(0);
      cookies.set(username, await signIn(server, username, PASSWORD));
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the sample commune with overrides shows its own desk, hours and agency; its neighbour the province's", async () => {
    const hoaAn = await page("/thu-tuc/1.001193");
    expect(hoaAn.status).toBe(200);
    expect(hoaAn.html).toContain("Bộ phận Một cửa Ủy ban nhân dân phường Hòa An, số 1 phố Hòa An");
    expect(hoaAn.html).toContain("Thời gian tiếp nhận: Sáng 7 giờ 30 – 11 giờ 30");
    expect(hoaAn.html).toContain("Ủy ban nhân dân phường Hòa An");
    expect(hoaAn.html).not.toContain("Giờ hành chính các ngày làm việc");
    const hoaBinh = await page("/xa/99901/thu-tuc/1.001193");
    expect(hoaBinh.status).toBe(200);
    expect(hoaBinh.html).toContain(`${PROVINCE_PLACE}</p>`);
    expect(hoaBinh.html).toContain("Thời gian tiếp nhận: Giờ hành chính các ngày làm việc");
    expect(hoaBinh.html).not.toContain("phường Hòa An, số 1");
  });

  it("a procedure the commune does not list leaves its list, and its page says why; other communes list it", async () => {
    const home = await page("/");
    expect(home.html).toContain("/thu-tuc/1.001193");
    expect(home.html).not.toContain("/thu-tuc/1.008004");
    const unlisted = await page("/thu-tuc/1.008004");
    expect(unlisted.status).toBe(404);
    expect(unlisted.html).toContain("Thủ tục không niêm yết tại đơn vị này");
    expect(unlisted.html).toContain("Phường Hòa An không còn đất trồng lúa");
    expect((await page("/xa/99902")).html).toContain("/xa/99902/thu-tuc/1.008004");
    expect((await page("/xa/99902/thu-tuc/1.008004")).status).toBe(200);
  });

  it("a commune officer sets the receiving place through draft, review and approval; only then its page shows it", async () => {
    const inherited = await page(`/admin/procedure/${CERTIFY}`, "hoa-binh-can-bo");
    expect(inherited.status).toBe(200);
    expect(inherited.html).toContain("Đơn vị đang dùng nguyên bản của tỉnh.");
    expect(inherited.html).toContain(`/admin/local-override/new?target=procedure.${CERTIFY}`);
    const form = await page(`/admin/local-override/new?target=procedure.${CERTIFY}`, "hoa-binh-can-bo");
    expect(form.status).toBe(200);
    expect(form.html).toContain("Cách thức thực hiện › 1 › Địa điểm tiếp nhận (Trực tiếp)");
    expect(form.html).toContain(`Của tỉnh: «${PROVINCE_PLACE}»`);

    const saved = await post(
      server,
      "/admin/local-override/new",
      {
        target: `procedure.${CERTIFY}`,
        // The hours typed as the province has them are not an override: only the place is stored.
        body: JSON.stringify({ listed: true, values: { "channels.0.place": HOA_BINH_PLACE, "channels.0.hours": "Giờ hành chính các ngày làm việc" } }),
        note: "Địa điểm của phường",
        baseRevision: "0",
      },
      as("hoa-binh-can-bo"),
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/admin/local-override/procedure.${CERTIFY}`);
    const stored = await dbGet<{ unit_code: string; status: string; body: string }>(
      server,
      "SELECT unit_code, status, body FROM documents WHERE unit_code = '99901' AND kind = 'local-override' AND key = ?",
      `procedure.${CERTIFY}`,
    );
    const province = await dbGet<{ title: string }>(server, "SELECT title FROM documents WHERE unit_code = '01' AND kind = 'procedure' AND key = ?", CERTIFY);
    expect(stored?.unit_code).toBe("99901");
    expect(stored?.status).toBe("draft");
    expect(JSON.parse(stored!.body)).toEqual({
      code: `procedure.${CERTIFY}`,
      target: { kind: "procedure", code: CERTIFY, name: province!.title, revision: 1 },
      listed: true,
      values: [{ path: "/channels/0/place", value: HOA_BINH_PLACE, provinceValue: PROVINCE_PLACE }],
    });
    // A draft is not what citizens read.
    expect((await page(`/xa/99901/thu-tuc/${CERTIFY}`)).html).not.toContain(HOA_BINH_PLACE);

    const path = `/admin/local-override/procedure.${CERTIFY}`;
    await step("hoa-binh-can-bo", path, "submit", 1);
    await step("hoa-binh-lanh-dao", path, "approve", 1);
    // Approved: citizens read it once the commune's next release carries it.
    expect((await page(`/xa/99901/thu-tuc/${CERTIFY}`)).html).not.toContain(HOA_BINH_PLACE);
    await publishRelease(server, "99901");
    const live = await page(`/xa/99901/thu-tuc/${CERTIFY}`);
    expect(live.html).toContain(HOA_BINH_PLACE);
    expect(live.html).toContain("Thời gian tiếp nhận: Giờ hành chính các ngày làm việc");
    // Hòa An keeps its own override; An Phú, with none, the province's.
    expect((await page(`/thu-tuc/${CERTIFY}`)).html).toContain("(quầy số 2, chứng thực)");
    expect((await page(`/xa/99902/thu-tuc/${CERTIFY}`)).html).toContain(`${PROVINCE_PLACE}</p>`);
    // The province document itself is untouched; its page in the commune shows both sources and the difference.
    expect(await dbGet(server, "SELECT current_revision, unit_code FROM documents WHERE kind = 'procedure' AND key = ?", CERTIFY)).toEqual({
      current_revision: 1,
      unit_code: "01",
    });
    const summary = await page(`/admin/procedure/${CERTIFY}`, "hoa-binh-can-bo");
    expect(summary.html).toContain("phiên bản 1 đang áp dụng");
    expect(summary.html).toContain("Tài liệu áp dụng tại đơn vị so với bản của tỉnh");
    expect(summary.html).toContain(HOA_BINH_PLACE);
    // The commune's list marks the province's procedures, and the one it adjusted.
    const list = (await page("/admin/procedure", "hoa-binh-can-bo")).html;
    const row = (code: string) => list.slice(list.indexOf(`<td class="code">${code}</td>`), list.indexOf("</tr>", list.indexOf(`<td class="code">${code}</td>`)));
    expect(row(CERTIFY)).toContain('<span class="document-meta">Của tỉnh · có điều chỉnh tại đơn vị</span>');
    expect(row("1.001193")).toContain('<span class="document-meta">Của tỉnh</span>');
  });

  it("in a real browser, an officer opens the adjustment from the province's procedure, types the commune's desk and saves a draft", async () => {
    const { context, page } = await signedInPage(browser, server, "hoa-binh-can-bo", PASSWORD);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/admin/procedure/1.000656`);
    await page.getByRole("link", { name: /Điều chỉnh tại đơn vị/ }).click();
    await page.waitForURL("**/admin/local-override/new?target=procedure.1.000656");
    await editorReady(page);
    expect(await axeViolations(page)).toEqual([]);
    const place = "Bộ phận Một cửa phường Hòa Bình, số 5 phố Hòa Bình";
    await page.getByLabel("Cách thức thực hiện › 1 › Địa điểm tiếp nhận (Trực tiếp)").fill(place);
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.waitForURL("**/admin/local-override/procedure.1.000656");
    await page.getByText("Đã tạo tài liệu (phiên bản 1).").waitFor();
    expect(await page.getByLabel("Cách thức thực hiện › 1 › Địa điểm tiếp nhận (Trực tiếp)").inputValue()).toBe(place);
    const stored = await dbGet<{ body: string }>(server, "SELECT body FROM documents WHERE unit_code = '99901' AND kind = 'local-override' AND key = 'procedure.1.000656'");
    expect(JSON.parse(stored!.body).values).toEqual([{ path: "/channels/0/place", value: place, provinceValue: PROVINCE_PLACE }]);
    // Too long: the error shows beside the field, nothing more is stored.
    await page.getByLabel("Cách thức thực hiện › 1 › Địa điểm tiếp nhận (Trực tiếp)").fill("x".repeat(1001));
    await page.getByRole("button", { name: "Lưu" }).click();
    await page.getByText("«Địa điểm tiếp nhận» không được dài quá 1.000 ký tự (hiện có 1.001 ký tự)").first().waitFor();
    expect(await dbGet(server, "SELECT current_revision FROM documents WHERE unit_code = '99901' AND kind = 'local-override' AND key = 'procedure.1.000656'")).toEqual({
      current_revision: 1,
    });
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses a value too long with the field named, and overrides of what is not the province's", async () => {
    const tooLong = await post(
      server,
      "/admin/local-override/new",
      { target: "procedure.1.001193", body: JSON.stringify({ listed: true, values: { "channels.0.place": "x".repeat(1001) } }), note: "", baseRevision: "0" },
      as("hoa-binh-can-bo"),
    );
    expect(tooLong.status).toBe(400);
    const html = decode(await tooLong.text());
    expect(html).toContain("Cách thức thực hiện › 1 › Địa điểm tiếp nhận (giá trị của đơn vị)");
    expect(html).toContain("«Địa điểm tiếp nhận» không được dài quá 1.000 ký tự (hiện có 1.001 ký tự)");
    expect(await dbGet(server, "SELECT COUNT(*) AS n FROM documents WHERE unit_code = '99901' AND kind = 'local-override' AND key = 'procedure.1.001193'")).toEqual({ n: 0 });
    // The province has nothing to override in its own catalog; a commune's override is not another commune's.
    expect((await page(`/admin/local-override/new?target=procedure.${CERTIFY}`, "tinh-can-bo")).status).toBe(404);
    expect((await page("/admin/local-override/procedure.1.001193", "hoa-binh-can-bo")).status).toBe(404);
    const foreign = await post(
      server,
      "/admin/local-override/procedure.1.001193",
      { target: "procedure.1.001193", body: JSON.stringify({ listed: false, values: {} }), note: "", baseRevision: "1" },
      as("hoa-binh-can-bo"),
    );
    await foreign.arrayBuffer();
    expect(foreign.status).toBe(404);
    expect(await dbGet(server, "SELECT unit_code, current_revision FROM documents WHERE kind = 'local-override' AND key = 'procedure.1.001193'")).toEqual({
      unit_code: "00000",
      current_revision: 1,
    });
  });

  it("when the province approves a new version, the commune sees what changed under its values", async () => {
    const row = await dbGet<{ body: string }>(server, "SELECT body FROM documents WHERE kind = 'procedure' AND key = ?", CERTIFY);
    const body = JSON.parse(row!.body);
    const newPlace = "Bộ phận Một cửa của Ủy ban nhân dân cấp xã hoặc tổ chức hành nghề công chứng";
    body.channels[0].place = newPlace;
    const edited = await post(server, `/admin/procedure/${CERTIFY}`, { body: JSON.stringify(body), note: "Thêm nơi chứng thực", baseRevision: "1" }, as("tinh-can-bo"));
    expect(edited.status).toBe(302);
    await step("tinh-can-bo", `/admin/procedure/${CERTIFY}`, "submit", 2);
    await step("tinh-lanh-dao", `/admin/procedure/${CERTIFY}`, "approve", 2);
    await publishRelease(server, "99901");
    await publishRelease(server, "99902");

    const dashboard = await page("/admin", "hoa-binh-can-bo");
    expect(dashboard.html).toContain("Tỉnh có phiên bản mới dưới điều chỉnh của đơn vị (1)");
    expect(dashboard.html).toContain("tỉnh đang áp dụng phiên bản 2, đơn vị điều chỉnh theo phiên bản 1 · 1 giá trị cần xem lại");
    const override = await page(`/admin/local-override/procedure.${CERTIFY}`, "hoa-binh-can-bo");
    expect(override.html).toContain("Tỉnh đã duyệt phiên bản 2; điều chỉnh này được lưu theo phiên bản 1.");
    expect(override.html).toContain(`/admin/procedure/${CERTIFY}/diff?from=1&to=2`);
    expect(override.html).toContain("Tỉnh đã đổi giá trị gốc: giá trị của đơn vị vẫn áp dụng, hãy xem lại");
    expect(override.html).toContain(newPlace);
    // The commune's value still applies on its page; the other communes read the province's new one.
    expect((await page(`/xa/99901/thu-tuc/${CERTIFY}`)).html).toContain(HOA_BINH_PLACE);
    expect((await page(`/xa/99902/thu-tuc/${CERTIFY}`)).html).toContain(newPlace);
    // An Phú has no overrides: nothing to review there.
    cookies.set("an-phu", await signInAs("99902"));
    expect((await page("/admin", "an-phu")).html).not.toContain("Tỉnh có phiên bản mới dưới điều chỉnh");

    // Saved again (the same place), the override records the province version it was reviewed against.
    const resaved = await post(
      server,
      `/admin/local-override/procedure.${CERTIFY}`,
      { target: `procedure.${CERTIFY}`, body: JSON.stringify({ listed: true, values: { "channels.0.place": HOA_BINH_PLACE } }), note: "Đã xem bản mới của tỉnh", baseRevision: "1" },
      as("hoa-binh-can-bo"),
    );
    expect(resaved.status).toBe(302);
    const reviewed = await dbGet<{ body: string }>(server, "SELECT body FROM documents WHERE unit_code = '99901' AND kind = 'local-override' AND key = ?", `procedure.${CERTIFY}`);
    expect(JSON.parse(reviewed!.body).target.revision).toBe(2);
    expect(JSON.parse(reviewed!.body).values).toEqual([{ path: "/channels/0/place", value: HOA_BINH_PLACE, provinceValue: newPlace }]);
    expect((await page(`/admin/local-override/procedure.${CERTIFY}`, "hoa-binh-can-bo")).html).not.toContain("Tỉnh đã duyệt phiên bản 2;");
  });

  async function signInAs(unit: string): Promise<string> {
    const username = `can-bo-${unit}`;
    const added = cli(server, ["user", "add", "--username", username, "--unit", unit, "--role", "editor"], { NIEMYET_PASSWORD: PASSWORD });
    expect(added.status, added.stderr).toBe(0);
    return signIn(server, username, PASSWORD);
  }
});
