import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, dbAll, dbGet, decode, post, PASSWORD, signIn } from "./helpers";
import { adminPasswordOf, startServer, type RunningServer } from "./server";

/**
 * Three server processes sharing one database (on the PostgreSQL pass, one PostgreSQL database; on the SQLite
 * pass, one file), as a province's deployment behind a load balancer would run: saves still never overwrite each
 * other, and the audit chain and comment numbers stay whole when writers in different processes race.
 */

const OFFICERS = 12;

describe("several server processes on one database", () => {
  const servers: RunningServer[] = [];
  const cookies: string[] = [];
  const serverOf = (i: number) => servers[i % servers.length];

  beforeAll(async () => {
    const first = await startServer();
    servers.push(first, await startServer({ databasePath: first.databasePath, setup: false }), await startServer({ databasePath: first.databasePath, setup: false }));
    const admin = await signIn(first, "admin", adminPasswordOf(first));
    for (let i = 0; i < OFFICERS; i++) {
      const username = `nhieu-may-${i}`;
      const created = await post(first, "/admin/users", { intent: "create", username, displayName: `Cán bộ ${i}`, password: PASSWORD, roles: "editor" }, { cookie: admin });
      expect(created.status).toBe(302);
      // Each officer signs in on the process that will serve them (sessions live in the shared database).
      cookies.push(await signIn(serverOf(i), username, PASSWORD));
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  const stored = async (code: string) => {
    const row = (await dbGet<{ current_revision: number; body: string }>(servers[0], "SELECT current_revision, body FROM documents WHERE kind = 'procedure' AND key = ?", code))!;
    const revisions = await dbAll<{ revision: number; author: string }>(servers[0], "SELECT revision, author FROM revisions WHERE kind = 'procedure' AND key = ? ORDER BY revision", code);
    return { revision: row.current_revision, body: JSON.parse(row.body), revisions };
  };

  it("parallel saves on one revision through three processes: exactly one wins, the others get the conflict page", async () => {
    const code = "1.001193";
    const before = await stored(code);
    const responses = await Promise.all(
      cookies.map((cookie, i) =>
        post(
          serverOf(i),
          `/admin/procedure/${code}`,
          { body: JSON.stringify({ ...before.body, notes: `Bản của cán bộ số ${i}` }), note: "", baseRevision: String(before.revision) },
          { cookie },
        ),
      ),
    );
    const results = await Promise.all(responses.map(async (r) => ({ status: r.status, html: decode(await r.text()) })));
    expect(results.filter((r) => r.status === 302)).toHaveLength(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(OFFICERS - 1);
    for (const { html } of conflicts) expect(html).toContain("Có người đã lưu trước bạn");
    const after = await stored(code);
    expect(after.revisions.map((r) => r.revision)).toEqual([...before.revisions.map((r) => r.revision), before.revision + 1]);
    const winner = Number(/số (\d+)/.exec(after.body.notes)![1]);
    expect(after.revisions.at(-1)!.author).toBe(`nhieu-may-${winner}`);
  });

  it("parallel comments and saves of different documents through three processes: all kept, the audit chain verifies", async () => {
    const auditBefore = (await dbGet<{ n: number }>(servers[0], "SELECT COUNT(*) AS n FROM audit_log"))!.n;
    const code = "2.000815";
    const requests = cookies.map((cookie, i) => post(serverOf(i), `/admin/procedure/${code}`, { intent: "comment", text: `Góp ý số ${i}` }, { cookie }));
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.status)).toEqual(cookies.map(() => 302));
    const comments = await dbAll<{ seq: number; text: string }>(servers[0], "SELECT seq, text FROM document_comments WHERE key = ? ORDER BY seq", code);
    expect(comments.map((c) => c.text).sort()).toEqual(cookies.map((_, i) => `Góp ý số ${i}`).sort());
    const seqs = comments.map((c) => c.seq);
    expect(new Set(seqs).size).toBe(seqs.length);

    const auditAfter = (await dbGet<{ n: number }>(servers[0], "SELECT COUNT(*) AS n FROM audit_log"))!.n;
    expect(auditAfter - auditBefore).toBe(OFFICERS);
    const verify = cli(servers[0], ["audit", "verify"]);
    expect(verify.stdout).toContain(`Nhật ký toàn vẹn: ${auditAfter} mục`);
    expect(verify.status).toBe(0);
  });
});
