import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, cli, dbGet, decode, get, PASSWORD, post, publishRelease, signIn } from "./helpers";
import { adminPasswordOf, startServer, type RunningServer } from "./server";

/**
 * Units over HTTP: the sample province (01) and its three communes. Data never crosses communes through any
 * URL; a commune reads (never changes) its province's catalog; a province account acts in its communes; each
 * commune has its public pages under /xa/<code>.
 */

const OWN_FIELD = "XA-HOA-BINH-RIENG";

/** A GET with another Host header (fetch does not let a page choose it), as a reverse proxy would pass it on. */
function hostGet(server: RunningServer, path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, server.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { Host: host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: decode(body) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("units: a province and its communes on one deployment", () => {
  let server: RunningServer;
  const cookies = new Map<string, string>();
  const as = (who: string) => ({ cookie: cookies.get(who)! });

  beforeAll(async () => {
    server = await startServer();
    const accounts: [string, string, string[]][] = [
      ["hoa-an-admin", "00000", ["admin", "editor", "auditor"]],
      ["hoa-binh-can-bo", "99901", ["editor"]],
      ["tinh-lanh-dao", "01", ["approver", "editor"]],
    ];
    for (const [username, unit, roles] of accounts) {
      const added = cli(server, ["user", "add", "--username", username, "--unit", unit, ...roles.flatMap((r) => ["--role", r])], {
        NIEMYET_PASSWORD: PASSWORD,
      });
      expect(added.status, added.stderr).toBe(0);
      cookies.set(username, await signIn(server, username, PASSWORD));
    }
    cookies.set("admin", await signIn(server, "admin", adminPasswordOf(server)));
    // Hòa Bình's officer makes a field of the commune's own (a draft) and comments on it.
    const created = await post(
      server,
      "/admin/field/new",
      { body: JSON.stringify({ code: OWN_FIELD, name: "Lĩnh vực riêng của phường Hòa Bình" }), note: "", baseRevision: "0" },
      as("hoa-binh-can-bo"),
    );
    expect(created.status).toBe(302);
    const commented = await post(
      server,
      `/admin/field/${OWN_FIELD}`,
      { intent: "comment", text: "Góp ý nội bộ của Hòa Bình" },
      as("hoa-binh-can-bo"),
    );
    expect(commented.status).toBe(302);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("`unit list` prints every unit with its parent", () => {
    const listed = cli(server, ["unit", "list"]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain("01\tThành phố Hà Nội\tTỉnh, thành phố\t—");
    expect(listed.stdout).toContain("99901\tPhường Hòa Bình (đơn vị mẫu)\tXã, phường, đặc khu\t01 Thành phố Hà Nội");
    expect(listed.stdout).toContain("4 đơn vị.");
  });

  it("another commune's draft, history, diff and comments are not found through any URL; nothing changes", async () => {
    const before = await dbGet<{ current_revision: number; unit_code: string }>(
      server,
      "SELECT current_revision, unit_code FROM documents WHERE key = ?",
      OWN_FIELD,
    );
    expect(before).toEqual({ current_revision: 1, unit_code: "99901" });
    for (const path of [`/admin/field/${OWN_FIELD}`, `/admin/field/${OWN_FIELD}/history`, `/admin/field/${OWN_FIELD}/diff?from=1&to=1`]) {
      const res = await get(server, path, as("hoa-an-admin"));
      expect(res.status, path).toBe(404);
      expect(decode(await res.text()), path).not.toContain("Góp ý nội bộ của Hòa Bình");
    }
    const list = decode(await (await get(server, "/admin/field", as("hoa-an-admin"))).text());
    expect(list).not.toContain(OWN_FIELD);
    const attempts: Record<string, string>[] = [
      { body: JSON.stringify({ code: OWN_FIELD, name: "Sửa trộm" }), note: "", baseRevision: "1" },
      { intent: "comment", text: "Góp ý từ xã khác" },
      { intent: "submit", revision: "1", text: "" },
      { intent: "delete" },
    ];
    for (const form of attempts) {
      const res = await post(server, `/admin/field/${OWN_FIELD}`, form, as("hoa-an-admin"));
      await res.arrayBuffer();
      expect(res.status, JSON.stringify(form)).toBe(404);
    }
    expect(await dbGet(server, "SELECT current_revision, unit_code FROM documents WHERE key = ?", OWN_FIELD)).toEqual(before);
    expect(await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM document_comments WHERE key = ?", OWN_FIELD)).toEqual({ n: 1 });
  });

  it("a commune cannot switch to another commune, nor see or change its accounts and audit entries", async () => {
    const switched = await post(server, "/admin/don-vi", { unit: "99901", redirectTo: "/admin" }, as("hoa-an-admin"));
    await switched.arrayBuffer();
    expect(switched.status).toBe(403);
    const users = decode(await (await get(server, "/admin/users", as("hoa-an-admin"))).text());
    expect(users).toContain("hoa-an-admin");
    expect(users).not.toContain("hoa-binh-can-bo");
    expect(users).not.toContain("tinh-lanh-dao");
    const target = (await dbGet<{ id: string }>(server, "SELECT id FROM users WHERE username = ?", "hoa-binh-can-bo"))!;
    const refused = await post(server, "/admin/users", { intent: "deactivate", userId: target.id }, as("hoa-an-admin"));
    expect(refused.status).toBe(400);
    expect(decode(await refused.text())).toContain("Không tìm thấy tài khoản");
    expect(await dbGet(server, "SELECT is_active FROM users WHERE id = ?", target.id)).toEqual({ is_active: 1 });
    // A new account is made in a unit the admin acts in only.
    const elsewhere = await post(
      server,
      "/admin/users",
      { intent: "create", username: "nguoi-la", displayName: "Người lạ", unitCode: "99901", password: PASSWORD, roles: "editor" },
      as("hoa-an-admin"),
    );
    expect(elsewhere.status).toBe(400);
    expect(decode(await elsewhere.text())).toContain("Chọn một đơn vị bạn đang quản lý");
    const audit = decode(await (await get(server, "/admin/audit", as("hoa-an-admin"))).text());
    expect(audit).toContain("«hoa-an-admin» đăng nhập");
    expect(audit).not.toContain("hoa-binh-can-bo");
    const csv = decode(await (await get(server, "/admin/audit.csv", as("hoa-an-admin"))).text());
    expect(csv).not.toContain("hoa-binh-can-bo");
    expect(csv).toContain("hoa-an-admin");
  });

  it("a commune reads its province's procedure, marked as the province's, and cannot change it", async () => {
    const page = decode(await (await get(server, "/admin/procedure/2.000815", as("hoa-binh-can-bo"))).text());
    expect(page).toContain("Tài liệu thuộc danh mục của Thành phố Hà Nội (01)");
    const before = await dbGet<{ current_revision: number }>(server, "SELECT current_revision FROM documents WHERE key = ?", "2.000815");
    const body = JSON.parse((await dbGet<{ body: string }>(server, "SELECT body FROM documents WHERE key = ?", "2.000815"))!.body);
    const res = await post(
      server,
      "/admin/procedure/2.000815",
      { body: JSON.stringify({ ...body, notes: "Xã sửa thủ tục của tỉnh" }), note: "", baseRevision: String(before!.current_revision) },
      as("hoa-binh-can-bo"),
    );
    expect(res.status).toBe(400);
    expect(decode(await res.text())).toContain("xã, phường xem và áp dụng, không sửa được");
    expect(await dbGet(server, "SELECT current_revision FROM documents WHERE key = ?", "2.000815")).toEqual(before);
  });

  it("a province cannot create a document with a key one of its communes already uses", async () => {
    const res = await post(
      server,
      "/admin/field/new",
      { body: JSON.stringify({ code: OWN_FIELD, name: "Lĩnh vực của tỉnh trùng mã" }), note: "", baseRevision: "0" },
      as("tinh-lanh-dao"),
    );
    expect(res.status).toBe(400);
    expect(decode(await res.text())).toContain(`Mã «${OWN_FIELD}» đã được đơn vị 99901 dùng cho tài liệu riêng của đơn vị đó`);
    expect(await dbGet(server, "SELECT COUNT(*) AS n FROM documents WHERE key = ?", OWN_FIELD)).toEqual({ n: 1 });
  });

  it("a province account switches to one of its communes and sees that commune's own draft", async () => {
    const switched = await post(server, "/admin/don-vi", { unit: "99901", redirectTo: "/admin/field" }, as("tinh-lanh-dao"));
    expect(switched.status).toBe(302);
    const unitCookie = switched.headers
      .getSetCookie()
      .find((c) => c.startsWith("niemyet_unit="))!
      .split(";")[0];
    const page = await get(server, `/admin/field/${OWN_FIELD}`, { cookie: `${cookies.get("tinh-lanh-dao")}; ${unitCookie}` });
    expect(page.status).toBe(200);
    expect(decode(await page.text())).toContain("Góp ý nội bộ của Hòa Bình");
    // Without the switch it works in the province, where the commune's draft is not found.
    const inProvince = await get(server, `/admin/field/${OWN_FIELD}`, as("tinh-lanh-dao"));
    await inProvince.arrayBuffer();
    expect(inProvince.status).toBe(404);
  });

  it("each commune has its own public pages under /xa/<code>; the default commune keeps the short URLs", async () => {
    const hoaBinh = decode(await (await get(server, "/xa/99901")).text());
    expect(hoaBinh).toContain("Ủy ban nhân dân phường Hòa Bình");
    expect(hoaBinh).toContain('href="/xa/99901/thu-tuc/2.000815"');
    const procedure = await get(server, "/xa/99902/thu-tuc/2.000815");
    expect(procedure.status).toBe(200);
    expect(decode(await procedure.text())).toContain("Ủy ban nhân dân xã An Phú");
    const short = decode(await (await get(server, "/")).text());
    expect(short).toContain("Ủy ban nhân dân phường Hòa An");
    expect(short).toContain('href="/thu-tuc/2.000815"');
    // A missing procedure of a commune leads back to that commune's list, under its name.
    const missing = await get(server, "/xa/99901/thu-tuc/9.999999");
    expect(missing.status).toBe(404);
    const missingPage = decode(await missing.text());
    expect(missingPage).toContain('<a data-discover="true" href="/xa/99901">Về danh mục thủ tục hành chính</a>');
    expect(missingPage).toContain("Ủy ban nhân dân phường Hòa Bình");
    for (const path of ["/xa/01", "/xa/12345", "/xa/abc/thu-tuc/2.000815"]) {
      const res = await get(server, path);
      await res.arrayBuffer();
      expect(res.status, path).toBe(404);
    }
  });

  it("units are added, moved to another province and retired from the CLI, each in the audit log", async () => {
    expect(cli(server, ["unit", "add", "--unit", "79", "--name", "Thành phố Hồ Chí Minh", "--level", "province"]).status).toBe(0);
    const bad = cli(server, ["unit", "add", "--unit", "1234", "--name", "Xã sai mã", "--level", "commune", "--parent", "01"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("Mã xã, phường gồm đúng 5 chữ số");
    expect(cli(server, ["unit", "add", "--unit", "99903", "--name", "Xã Mới (đơn vị mẫu)", "--level", "commune", "--parent", "01"]).status).toBe(0);
    const moved = cli(server, ["unit", "move", "--unit", "99903", "--parent", "79"]);
    expect(moved.stdout).toContain("Đã chuyển 99903 Xã Mới (đơn vị mẫu) sang 79");
    const impossible = cli(server, ["unit", "retire", "--unit", "99903", "--from", "31/02/2027"]);
    expect(impossible.status).toBe(1);
    expect(impossible.stderr).toContain("--from: «31/02/2027» không phải một ngày có thật");
    const retired = cli(server, ["unit", "retire", "--unit", "99903", "--from", "01/01/2027", "--reason", "Sáp nhập"]);
    expect(retired.stdout).toContain("ngừng hoạt động từ 01/01/2027");
    expect(cli(server, ["unit", "list"]).stdout).toContain(
      "99903\tXã Mới (đơn vị mẫu)\tXã, phường, đặc khu\t79 Thành phố Hồ Chí Minh\tngừng hoạt động từ 01/01/2027",
    );
    // A host name mapped to a commune shows it on the short URLs, whatever the default commune is.
    const addWithHost = (host: string) =>
      cli(server, ["unit", "add", "--unit", "99904", "--name", "Xã Tên Miền (đơn vị mẫu)", "--level", "commune", "--parent", "01", "--host", host]);
    const badHost = addWithHost("không hợp lệ");
    expect(badHost.status).toBe(1);
    expect(badHost.stderr).toContain("Tên miền của một xã, phường, dạng xa-hoa-an.hanoi.gov.vn");
    expect(addWithHost("Xa-Ten-Mien.example.vn").status).toBe(0);
    expect((await hostGet(server, "/", "xa-ten-mien.example.vn:3000")).body).toContain("chưa công bố bản niêm yết thủ tục hành chính nào");
    await publishRelease(server, "99904");
    const byHost = await hostGet(server, "/", "xa-ten-mien.example.vn:3000");
    expect(byHost.status).toBe(200);
    expect(byHost.body).toContain('href="/thu-tuc/2.000815"');
    expect(byHost.body).not.toContain("Ủy ban nhân dân phường Hòa An");
    const res = await get(server, "/xa/99903");
    await res.arrayBuffer();
    expect(res.status).toBe(404);
    const actions = await dbGet<{ n: number }>(
      server,
      "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('unit.create', 'unit.move', 'unit.retire') AND unit_code IN ('79', '99903')",
    );
    expect(actions).toEqual({ n: 4 });
    // A dozen CLI runs, each starting Node.
  }, 150_000);
});
