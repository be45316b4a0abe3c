import Database from "better-sqlite3";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { addUser, dbGet, decode, get, PASSWORD, post, signIn } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * Faults (issue 16): the embedded database full — DATABASE_MAX_MB caps it as a full disk would stop it — gives a
 * clear Vietnamese page, loses nothing already stored, writes nothing half, and leaves a database that passes
 * `PRAGMA integrity_check`; once there is room again the same save goes through. SQLite's own size limit is what
 * is tested, so this uses a SQLite file on both passes of the suite.
 */
describe("a full database (SQLite)", () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("a save that does not fit: 507 with the reason in Vietnamese, nothing written, integrity_check ok; with room again it is saved", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "niemyet-full-")), "app.sqlite");
    server = await startServer({ databasePath: file });
    addUser(server, "can-bo-day", ["editor"]);
    const cookie = await signIn(server, "can-bo-day", PASSWORD);
    const code = "1.001193";
    const before = (await dbGet<{ current_revision: number; body: string }>(server, "SELECT current_revision, body FROM documents WHERE kind = 'procedure' AND key = ?", code))!;
    const revisionsBefore = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM revisions"))!.n;
    const auditBefore = (await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log"))!.n;
    await server.stop();

    // The cap: the database as it is now; the save below needs some 60 KB more (the note is 45.000 characters).
    const checkpoint = new Database(file);
    checkpoint.pragma("wal_checkpoint(TRUNCATE)");
    checkpoint.close();
    const capMb = statSync(file).size / 1024 / 1024;
    server = await startServer({ databasePath: file, setup: false, env: { ...process.env, DATABASE_MAX_MB: String(capMb) } });
    const save = () =>
      post(
        server!,
        `/admin/procedure/${code}`,
        { body: JSON.stringify({ ...JSON.parse(before.body), notes: `Ghi chú dài: ${"thủ tục hành chính ".repeat(2_300)}` }), note: "lưu khi đầy", baseRevision: String(before.current_revision) },
        { cookie },
      );
    const refused = await save();
    expect(refused.status, server.log().slice(-3000)).toBe(507);
    const html = decode(await refused.text());
    expect(html).toContain("<h1>Cơ sở dữ liệu đã đầy</h1>");
    expect(html).toContain("thay đổi vừa gửi chưa được lưu, và không có dữ liệu nào bị ghi dở");
    expect(html).not.toContain("<script");
    expect(server.log()).toContain("[db] database full: POST /admin/procedure/1.001193");
    // Reading still works, and nothing of the save is stored.
    expect((await get(server, `/thu-tuc/${code}`)).status).toBe(200);
    expect(await dbGet(server, "SELECT current_revision, body FROM documents WHERE kind = 'procedure' AND key = ?", code)).toEqual(before);
    expect((await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM revisions"))!.n).toBe(revisionsBefore);
    expect((await dbGet<{ n: number }>(server, "SELECT COUNT(*) AS n FROM audit_log"))!.n).toBe(auditBefore);
    await server.stop();
    const check = new Database(file, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();

    // Room again (no cap): the same save is stored.
    server = await startServer({ databasePath: file, setup: false });
    const saved = await save();
    expect(saved.status).toBe(302);
    expect((await dbGet<{ current_revision: number }>(server, "SELECT current_revision FROM documents WHERE kind = 'procedure' AND key = ?", code))!.current_revision).toBe(
      before.current_revision + 1,
    );
  });
});
