import { afterAll, describe, expect, it } from "vitest";
import { startCluster } from "../../scripts/pg-cluster.mjs";
import { addUser, dbGet, decode, get, PASSWORD, post, signIn } from "./helpers";
import { startServer, type RunningServer } from "./server";

/**
 * Faults (issue 16): the PostgreSQL server going away under a running app — stopped as an operator's restart or
 * its crash would stop it, every open connection ended — and coming back. The app must answer 503 with a page
 * that says so in Vietnamese (not crash, not hang, not a stack trace), write nothing half, and serve again by
 * itself once the database is back, with the sessions it had. The test needs a PostgreSQL server it may stop, so
 * it starts its own throwaway cluster (scripts/pg-cluster.mjs) on both passes of the suite. Public pages read before
 * the outage are still sent from the server's memory (the last published listing rather than an error).
 */
describe("the PostgreSQL server going away and coming back", () => {
  let server: RunningServer | undefined;
  let cluster: Awaited<ReturnType<typeof startCluster>> = null;
  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
  });

  it("while it is down: public pages read before from memory, the rest 503 «Hệ thống tạm thời gián đoạn»; the app keeps running and recovers by itself", async () => {
    cluster = await startCluster({ database: "niemyet_outage" });
    if (!cluster) throw new Error("This test needs PostgreSQL's server binaries (Debian's postgresql package; .ci/run installs it).");
    server = await startServer({ databasePath: cluster.url });
    addUser(server, "can-bo-gian-doan", ["editor"]);
    const cookie = await signIn(server, "can-bo-gian-doan", PASSWORD);
    const code = "1.001193";
    const row = (await dbGet<{ current_revision: number; body: string }>(server, "select current_revision, body from documents where kind = 'procedure' and key = ?", code))!;
    const save = (note: string) =>
      post(server!, `/admin/procedure/${code}`, { body: JSON.stringify({ ...JSON.parse(row.body), notes: note }), note, baseRevision: String(row.current_revision) }, { cookie });
    expect((await get(server, "/admin", { cookie })).status).toBe(200);
    // A citizen read this procedure's page before the outage (the server keeps it for the live release).
    const page = await get(server, `/thu-tuc/${code}`);
    expect(page.status).toBe(200);
    const pageHtml = await page.text();

    expect(await cluster.halt()).toBe(true);

    // The public page read before is still sent, as it was, marked stale and not to be kept by other caches; one
    // nobody read yet cannot be rendered and gets the page below.
    const stale = await get(server, `/thu-tuc/${code}`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get("x-niemyet-stale")).toBe("database-unavailable");
    expect(stale.headers.get("cache-control")).toBe("no-store");
    expect(await stale.text()).toBe(pageHtml);
    expect((await get(server, "/thu-tuc/2.000815")).status).toBe(503);

    // Reading a page that needs the database (the signed-in officer's session is in it) and saving.
    for (const res of [await get(server, "/admin", { cookie }), await save("lưu khi mất kết nối")]) {
      expect(res.status, server.log().slice(-2000)).toBe(503);
      expect(res.headers.get("retry-after")).toBe("30");
      expect(res.headers.get("cache-control")).toContain("no-store");
      const html = decode(await res.text());
      expect(html).toContain("<h1>Hệ thống tạm thời gián đoạn</h1>");
      expect(html).not.toContain("<script");
      expect(html).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
    }
    const ready = await get(server, "/readyz");
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain("database unavailable");
    // The process lives on: liveness still answers.
    expect((await get(server, "/healthz")).status).toBe(200);

    await cluster.resume();
    // Back by itself: no restart of the app, the pool reconnects on the next request.
    await expect.poll(async () => (await get(server!, "/readyz")).status, { timeout: 30_000, interval: 250 }).toBe(200);
    expect((await get(server, "/admin", { cookie })).status).toBe(200);
    // The save refused during the outage left nothing; made again, it is stored as the next revision.
    expect((await dbGet<{ current_revision: number }>(server, "select current_revision from documents where kind = 'procedure' and key = ?", code))!.current_revision).toBe(
      row.current_revision,
    );
    expect((await save("lưu lại sau khi có kết nối")).status).toBe(302);
    expect((await dbGet<{ current_revision: number }>(server, "select current_revision from documents where kind = 'procedure' and key = ?", code))!.current_revision).toBe(
      row.current_revision + 1,
    );
    expect(server.log()).toContain("[db]");
  });
});
