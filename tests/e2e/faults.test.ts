import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { TEST_ENGINE } from "../setup/engine";
import { addUser, cli, dbAll, dbCount, dbGet, decode, get, PASSWORD, post, signIn } from "./helpers";
import { CLI_BUNDLE, startServer, type RunningServer } from "./server";

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

/**
 * Waits for a moment inside another process's write transaction, then resolves; rejects when `child` exits first.
 * - "writing": it holds the write lock (SQLite: a BEGIN IMMEDIATE without waiting is refused) or has written in a
 *   transaction that has not ended (PostgreSQL: a backend of this database with a transaction id).
 * - "copying": it is copying the documents and their revisions (the units migration rebuilds both tables): SQLite
 *   has spilled 8 MB of uncommitted pages into the WAL while holding the lock; on PostgreSQL a backend is running
 *   an INSERT into the rebuilt documents or revisions table. Some statements of the migrations have run by then.
 */
async function waitForMoment(databasePath: string, child: ChildProcess, moment: "writing" | "copying", timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (TEST_ENGINE === "postgres") {
    const client = new pg.Client({ connectionString: databasePath });
    await client.connect();
    const condition = moment === "writing" ? "backend_xid is not null" : `state = 'active' and query ~* '^insert into "(documents|revisions)_v2"'`;
    try {
      while (Date.now() < deadline && !exited()) {
        const { rows } = await client.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and ${condition}`);
        if (rows[0].n > 0) return;
      }
    } finally {
      await client.end();
    }
  } else {
    let db: Database.Database | undefined;
    let walAtLock: number | undefined;
    const walSize = () => (existsSync(`${databasePath}-wal`) ? statSync(`${databasePath}-wal`).size : 0);
    try {
      while (Date.now() < deadline && !exited()) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!db) {
          if (!existsSync(databasePath) || statSync(databasePath).size === 0) continue;
          db = new Database(databasePath, { fileMustExist: true });
          db.pragma("busy_timeout = 0");
        }
        try {
          db.exec("begin immediate");
          db.exec("rollback");
          walAtLock = undefined;
        } catch (error) {
          if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
          if (moment === "writing") return;
          walAtLock ??= walSize();
          if (walSize() - walAtLock >= 8 * 1024 * 1024) return;
        }
      }
    } finally {
      db?.close();
    }
  }
  throw new Error(exited() ? `the process ended (${child.exitCode ?? child.signalCode}) before the moment (${moment})` : `no moment (${moment}) seen`);
}

/** Runs the built CLI and kills it (-9) at `moment` (see waitForMoment); its output and the signal it died of. */
async function killAt(moment: "writing" | "copying", databasePath: string, args: string[]): Promise<{ output: string; signal: string | null }> {
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { env: { ...process.env, DATABASE_URL: databasePath } });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exit = new Promise<string | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  try {
    await waitForMoment(databasePath, child, moment);
    child.kill("SIGKILL");
  } catch (error) {
    child.kill("SIGKILL");
    await exit;
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { signal: await exit, output };
}

/** A copy of the sample catalog with 1.500 more procedures: an import (or a migration) that takes a while. */
function largeCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), "niemyet-large-catalog-"));
  cpSync("catalog", dir, { recursive: true });
  const template = JSON.parse(readFileSync("catalog/procedures/1.001193.json", "utf8"));
  delete template.processCodes;
  for (let i = 0; i < 1_500; i++) {
    const code = `9.${String(100000 + i).slice(1)}`;
    writeFileSync(join(dir, "procedures", `${code}.json`), `${JSON.stringify({ ...template, code, name: `Thủ tục thử số ${i}` }, null, 2)}\n`);
  }
  return dir;
}

/** The tables (but Kysely's own) and the migrations recorded. */
async function schemaOf(at: { databasePath: string }): Promise<{ tables: string[]; migrations: string[] }> {
  const tables =
    TEST_ENGINE === "postgres"
      ? await dbAll<{ name: string }>(at, "select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely%' order by 1")
      : await dbAll<{ name: string }>(at, "select name from sqlite_master where type = 'table' and name not like 'kysely%' and name not like 'sqlite%' order by 1");
  const migrations = await dbAll<{ name: string }>(at, "select name from kysely_migration order by name");
  return { tables: tables.map((t) => t.name), migrations: migrations.map((m) => m.name) };
}

/** The database as a restarted app relies on it: every document at its latest revision, the audit chain whole, the file sound. */
async function expectConsistent(server: RunningServer, { audit = true } = {}): Promise<void> {
  const stale = await dbAll(
    server,
    `select d.unit_code, d.kind, d.key from documents d
      where d.current_revision <> (select max(r.revision) from revisions r where r.unit_code = d.unit_code and r.kind = d.kind and r.key = d.key)
         or d.body_hash <> (select r.body_hash from revisions r where r.unit_code = d.unit_code and r.kind = d.kind and r.key = d.key and r.revision = d.current_revision)`,
  );
  expect(stale).toEqual([]);
  if (audit) {
    const verify = cli(server, ["audit", "verify"]);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }
  if (TEST_ENGINE === "sqlite") expect(await dbAll(server, "pragma integrity_check")).toEqual([{ integrity_check: "ok" }]);
}

describe("kill -9 (the app and its commands stopped dead)", () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("during saves: every answered save is stored once, the rest not half; the app starts again on it and saves", async () => {
    server = await startServer();
    const codes = ["1.001193", "2.000815", "1.000656", "1.001022"];
    const editors = await Promise.all(
      codes.map(async (code, i) => {
        addUser(server!, `sua-${i}`, ["editor"]);
        const row = (await dbGet<{ current_revision: number; body: string }>(server!, "select current_revision, body from documents where kind = 'procedure' and key = ? and unit_code = '01'", code))!;
        return { code, cookie: await signIn(server!, `sua-${i}`, PASSWORD), revision: Number(row.current_revision), body: JSON.parse(row.body) };
      }),
    );
    const accepted: string[] = [];
    let cut = 0;
    let stop = false;
    const saving = editors.map(async (editor, i) => {
      for (let n = 0; !stop; n++) {
        const tag = `[sua-${i}-${n}]`;
        const res = await post(server!, `/admin/procedure/${editor.code}`, { body: JSON.stringify({ ...editor.body, notes: `Bản nháp ${tag}` }), note: tag, baseRevision: String(editor.revision) }, { cookie: editor.cookie }).catch(
          () => null,
        );
        if (!res) {
          cut++;
          return;
        }
        await res.arrayBuffer().catch(() => {});
        expect(res.status, tag).toBe(302);
        accepted.push(`${editor.code} ${tag}`);
        editor.revision++;
      }
    });
    await expect.poll(() => accepted.length, { timeout: 60_000, interval: 5 }).toBeGreaterThanOrEqual(12);
    await server.kill();
    stop = true;
    await Promise.all(saving);
    expect(cut).toBeGreaterThan(0);

    server = await startServer({ databasePath: server.databasePath, setup: false });
    expect((await get(server, "/readyz")).status).toBe(200);
    await expectConsistent(server);
    const stored = (await dbAll<{ key: string; note: string }>(server, "select key, note from revisions where note like '[sua-%'")).map((r) => `${r.key} ${r.note}`);
    for (const save of accepted) expect(stored.filter((s) => s === save), save).toHaveLength(1);
    // At most the one save an editor had in flight per document when the server died was stored without an answer.
    expect(stored.length - accepted.length).toBeLessThanOrEqual(editors.length);
    const editor = editors[0];
    const current = (await dbGet<{ current_revision: number }>(server, "select current_revision from documents where kind = 'procedure' and key = ? and unit_code = '01'", editor.code))!;
    const again = await post(server, `/admin/procedure/${editor.code}`, { body: JSON.stringify({ ...editor.body, notes: "Sau khi khởi động lại" }), note: "sau sự cố", baseRevision: String(current.current_revision) }, { cookie: await signIn(server, "sua-0", PASSWORD) });
    expect(again.status).toBe(302);
    await server.stop();
  });

  it("during an import: nothing of it is stored, the database is sound, the same import then completes", async () => {
    server = await startServer();
    const dir = largeCatalog();
    const tables = ["documents", "revisions", "audit_log"];
    const before = await Promise.all(tables.map((t) => dbCount(server!, t)));

    const killed = await killAt("writing", server.databasePath, ["import", dir, "--as", "admin"]);
    expect(killed.signal, killed.output).toBe("SIGKILL");
    expect(killed.output).not.toContain("Đã nạp");
    expect(await Promise.all(tables.map((t) => dbCount(server!, t)))).toEqual(before);
    await expectConsistent(server);
    expect((await get(server, "/thu-tuc/1.001193")).status).toBe(200);

    const again = cli(server, ["import", dir, "--as", "admin"]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("1.500 tài liệu mới");
    await expectConsistent(server);
    await server.stop();
  });

  it("during the migrations of an upgrade: the database stays at its version with its data; the app's start then migrates it and serves", async () => {
    // A commune's database from before communes had units (three migrations behind), with some 1.500 procedures.
    server = await startServer();
    const loaded = cli(server, ["import", largeCatalog(), "--as", "admin"]);
    expect(loaded.status, loaded.stderr).toBe(0);
    await server.stop();
    const at = { databasePath: server.databasePath };
    for (let i = 0; i < 3; i++) expect(cli(server, ["migrate", "--down"]).status).toBe(0);
    const before = await schemaOf(at);
    expect(before.migrations).toHaveLength(6);
    const documents = await dbCount(server, "documents");
    const revisions = await dbCount(server, "revisions");
    // The audit log as it is (`audit verify` is not used here: like every command it migrates first; and going down
    // past the units migration drops the unit codes the entries were hashed with, so this made-up old chain would
    // not verify anyway).
    const auditLog = () => dbAll(at, "select seq, hash from audit_log order by seq");
    const auditBefore = await auditLog();

    if (TEST_ENGINE === "sqlite") {
      // An empty WAL, so that its growth shows the migration's uncommitted pages (see waitForMoment).
      const file = new Database(at.databasePath);
      file.pragma("wal_checkpoint(TRUNCATE)");
      file.close();
    }
    const killed = await killAt("copying", at.databasePath, ["migrate"]);
    expect(killed.signal, killed.output).toBe("SIGKILL");
    expect(killed.output).not.toContain("Đã chạy");
    // The migrations' transaction was rolled back whole: the same tables, the same migrations, the same rows.
    expect(await schemaOf(at)).toEqual(before);
    expect(await dbCount(server, "documents")).toBe(documents);
    expect(await dbCount(server, "revisions")).toBe(revisions);
    if (TEST_ENGINE === "sqlite") expect(await dbAll(at, "pragma integrity_check")).toEqual([{ integrity_check: "ok" }]);
    expect(await auditLog()).toEqual(auditBefore);

    // What `npm start` does: setup (the pending migrations; the data stays) and serve.
    server = await startServer({ databasePath: at.databasePath });
    expect(server.setupOutput).toContain("đã có dữ liệu");
    expect((await get(server, "/readyz")).status).toBe(200);
    expect((await schemaOf(at)).migrations).toHaveLength(9);
    expect(await dbCount(server, "documents")).toBe(documents);
    expect((await get(server, "/thu-tuc/9.00007")).status).toBe(200);
    await expectConsistent(server, { audit: false });
  });
});

/** A raw connection to the server: what it is sent, what came back, and when the server closed it. */
function rawConnection(server: RunningServer) {
  const { port } = new URL(server.baseUrl);
  const socket = connect(Number(port), "127.0.0.1");
  const state = { received: "", closed: false };
  socket.on("data", (d) => (state.received += d));
  socket.on("error", () => {});
  socket.on("close", () => (state.closed = true));
  return { socket, state, send: (text: string) => socket.writable && socket.write(text) };
}

describe("slow clients", () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("a client that sends its headers or its body too slowly gets 408 and is cut off; the others are served meanwhile", async () => {
    // The timeouts shortened for the test (REQUEST_LIMITS has 20 s and 120 s).
    server = await startServer({ env: { ...process.env, HEADERS_TIMEOUT_S: "2", REQUEST_TIMEOUT_S: "4" } });
    const started = Date.now();
    const host = new URL(server.baseUrl).host;
    // 100 connections that send their headers a byte every 300 ms (slowloris), and one a body of 1.000 bytes likewise.
    const slowHeaders = Array.from({ length: 100 }, () => rawConnection(server!));
    for (const c of slowHeaders) c.send(`GET /thu-tuc HTTP/1.1\r\nHost: ${host}\r\nX-Cham: `);
    const slowBody = rawConnection(server);
    slowBody.send(`POST /login HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${server.baseUrl}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=`);
    const trickle = setInterval(() => [...slowHeaders, slowBody].forEach((c) => c.send("a")), 300);
    try {
      // Meanwhile citizens are served.
      for (let i = 0; i < 10; i++) expect((await get(server, `/thu-tuc?trang=${1 + (i % 2)}`)).status).toBe(200);
      await expect.poll(() => slowHeaders.filter((c) => c.state.closed).length, { timeout: 15_000, interval: 200 }).toBe(100);
      for (const c of slowHeaders) expect(c.state.received).toMatch(/^HTTP\/1\.1 408 /);
      // Not before the headers' time was up.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
      await expect.poll(() => slowBody.state.closed, { timeout: 15_000, interval: 200 }).toBe(true);
      expect(slowBody.state.received).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(trickle);
    }
    // An idle keep-alive connection is not a slow client: reused after longer than the headers' time, it is answered.
    const idle = rawConnection(server);
    idle.send(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    await expect.poll(() => idle.state.received.match(/HTTP\/1\.1 200/g)?.length ?? 0).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    idle.send(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    await expect.poll(() => idle.state.received.match(/HTTP\/1\.1 200/g)?.length ?? 0).toBe(2);
    expect(idle.state.closed).toBe(false);
    idle.socket.destroy();
  });
});
