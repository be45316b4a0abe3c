/**
 * `npm run bench` (last part): the sample deployment under load, on SQLite and on PostgreSQL, against the built
 * server (scripts/server.mjs) on 127.0.0.1 only.
 * - Public pages: BENCH_LOAD_CLIENTS (default 200) concurrent clients for BENCH_LOAD_SECONDS (default 60), each
 *   sending its next request when the last one answered, over the home page, the search, the field filter and
 *   every procedure page: requests per second, p50/p95/p99, errors (any answer but 200, or no answer).
 * - Editors: 20 signed-in editors saving drafts of 3 shared procedures for BENCH_EDITOR_SECONDS (default 20), each
 *   with the revision it last read: every accepted save (302) must be in the history exactly once, every refused
 *   one must have had the conflict page (409), and the audit chain must verify afterwards.
 * Exits 1 when a public request failed or an editor's save was lost or got another answer.
 * The request log is off (REQUEST_LOG=off): its lines would be read by this process, which is also the load.
 * PostgreSQL is the TEST_POSTGRES_URL server when set, else a throwaway cluster (scripts/pg-cluster.mjs).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { withBenchPostgres } from "./postgres";
import { openDatabase } from "~/utils/db.server";
import { adminPasswordOf, CLI_BUNDLE, startServer, type RunningServer } from "../tests/e2e/server";

// The tests' helpers use vitest's expect; the few this needs, without it.
const PASSWORD = "mat-khau-cho-ban-do-bench-2026";

function post(server: RunningServer, path: string, form: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.baseUrl, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(form),
  });
}

async function signIn(server: RunningServer, username: string, password: string): Promise<string> {
  const res = await post(server, "/login", { username, password, redirectTo: "/admin" });
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("niemyet_session="));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in of ${username} answered ${res.status}`);
  return cookie.split(";")[0];
}

const root = process.cwd();
if (!existsSync(join(root, "build", "server", "index.js")) || !existsSync(join(root, "build", "cli", "main.mjs"))) {
  const built = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const EDITORS = 20;
const EDITOR_SECONDS = Number(process.env.BENCH_EDITOR_SECONDS ?? 20);
const SHARED = ["1.001193", "2.000815", "1.000656"];

interface Figures {
  requests: number;
  errors: number;
  /** What the errors were: a status code, or the client's error code (ECONNRESET, UND_ERR_CONNECT_TIMEOUT…). */
  kinds: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : NaN);

async function publicLoad(server: RunningServer): Promise<Figures> {
  // The procedures the sample ward lists, as a citizen finds them: the links of every page of the public list (the catalog has
  // one more, 1.008004, that Hòa An does not list and answers 404 for).
  const found = new Set<string>();
  for (let page = 1; page <= 10; page++) {
    const list = await fetch(`${server.baseUrl}/thu-tuc?trang=${page}`).then((r) => r.text());
    const before = found.size;
    for (const m of list.matchAll(/href="\/thu-tuc\/([0-9.]+)"/g)) found.add(m[1]);
    if (found.size === before) break;
  }
  const codes = [...found];
  if (codes.length < 20) throw new Error(`the public list links only ${codes.length} procedures`);
  console.log(`public pages: the home page, the list, a search, a filter and ${codes.length} procedure pages`);
  const paths = ["/", "/thu-tuc", "/thu-tuc?q=dang+ky+khai+sinh", "/thu-tuc?mien-phi=1", ...codes.map((c) => `/thu-tuc/${c}`)];
  let n = 0;
  const latencies: number[] = [];
  let errors = 0;
  const kinds: Record<string, number> = {};
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const url = `${server.baseUrl}${paths[n++ % paths.length]}`;
        const t = performance.now();
        let kind: string | null = null;
        const res = await fetch(url, { headers: { "Accept-Encoding": "gzip, br" } }).catch((error: { cause?: { code?: string }; name?: string }) => {
          kind = error.cause?.code ?? error.name ?? "error";
          return null;
        });
        if (res) await res.arrayBuffer().catch(() => (kind = "body"));
        if (res && res.status !== 200) kind = String(res.status);
        if (kind) {
          errors++;
          kinds[kind] = (kinds[kind] ?? 0) + 1;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, kinds, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), rps: latencies.length / seconds };
}

interface EditorFigures {
  accepted: number;
  conflicts: number;
  other: number;
  lost: number;
  duplicated: number;
  p95: number;
  auditOk: boolean;
}

async function editorLoad(server: RunningServer): Promise<EditorFigures> {
  const admin = await signIn(server, "admin", adminPasswordOf(server));
  const db = openDatabase(server.databasePath);
  const cookies: string[] = [];
  for (let i = 0; i < EDITORS; i++) {
    const username = `tai-${i}`;
    const created = await post(server, "/admin/users", { intent: "create", username, displayName: `Cán bộ ${i}`, password: PASSWORD, roles: "editor" }, admin);
    if (created.status !== 302) throw new Error(`could not create ${username}: ${created.status}`);
    cookies.push(await signIn(server, username, PASSWORD));
  }
  const accepted: string[] = [];
  let conflicts = 0;
  let other = 0;
  const latencies: number[] = [];
  const end = performance.now() + EDITOR_SECONDS * 1000;
  await Promise.all(
    cookies.map(async (cookie, i) => {
      for (let n = 0; performance.now() < end; n++) {
        const code = SHARED[(i + n) % SHARED.length];
        const row = await db.selectFrom("documents").select(["current_revision", "body"]).where("kind", "=", "procedure").where("key", "=", code).executeTakeFirstOrThrow();
        const tag = `[tai-${i}-${n}]`;
        const body = { ...JSON.parse(row.body), notes: `Bản nháp ${tag}` };
        const t = performance.now();
        const res = await post(server, `/admin/procedure/${code}`, { body: JSON.stringify(body), note: tag, baseRevision: String(row.current_revision) }, cookie);
        const html = (await res.text()).replace(/<!-- -->/g, "");
        latencies.push(performance.now() - t);
        if (res.status === 302) accepted.push(`${code} ${tag}`);
        else if (res.status === 409 && html.includes("Có người đã lưu trước bạn")) conflicts++;
        else other++;
      }
    }),
  );
  // Every accepted save is one revision in the history, with its tag.
  const revisions = await db.selectFrom("revisions").select(["key", "note"]).where("kind", "=", "procedure").where("note", "like", "[tai-%").execute();
  await db.destroy();
  const stored = revisions.map((r) => `${r.key} ${r.note}`);
  const counts = new Map<string, number>();
  for (const s of stored) counts.set(s, (counts.get(s) ?? 0) + 1);
  const lost = accepted.filter((a) => !counts.has(a)).length;
  const duplicated = [...counts.values()].filter((c) => c > 1).length + stored.filter((s) => !accepted.includes(s)).length;
  const verify = spawnSync(process.execPath, [CLI_BUNDLE, "audit", "verify"], { env: { ...process.env, DATABASE_URL: server.databasePath }, encoding: "utf8" });
  latencies.sort((a, b) => a - b);
  return { accepted: accepted.length, conflicts, other, lost, duplicated, p95: quantile(latencies, 0.95), auditOk: verify.status === 0 };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
let failed = false;

async function measure(engine: string, databasePath?: string) {
  const server = await startServer({ databasePath, env: { ...process.env, REQUEST_LOG: "off" } });
  try {
    await fetch(`${server.baseUrl}/`).then((r) => r.arrayBuffer());
    const figures = await publicLoad(server);
    console.log(
      `${engine}: public pages, ${CLIENTS} clients × ${SECONDS} s: ${figures.requests.toLocaleString("vi-VN")} requests, ${figures.rps.toFixed(0)} req/s, ` +
        `p50 ${ms(figures.p50)}, p95 ${ms(figures.p95)}, p99 ${ms(figures.p99)}, errors ${figures.errors}${figures.errors ? ` ${JSON.stringify(figures.kinds)}` : ""}`,
    );
    const editors = await editorLoad(server);
    console.log(
      `${engine}: ${EDITORS} editors × ${EDITOR_SECONDS} s on ${SHARED.length} shared procedures: ${editors.accepted} saves accepted, ${editors.conflicts} conflict pages, ` +
        `${editors.other} other answers, ${editors.lost} lost, ${editors.duplicated} unexpected revisions, save p95 ${ms(editors.p95)}, audit chain ${editors.auditOk ? "verifies" : "BROKEN"}`,
    );
    if (figures.errors > 0 || editors.other > 0 || editors.lost > 0 || editors.duplicated > 0 || !editors.auditOk || editors.accepted === 0) failed = true;
  } finally {
    await server.stop();
  }
}

await measure("SQLite");

await withBenchPostgres("niemyet_load", (url) => measure("PostgreSQL", url));
process.exit(failed ? 1 : 0);
