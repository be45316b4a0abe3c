/**
 * `npm run bench` (third part): a national-size deployment on PostgreSQL, with one commune on SQLite beside it.
 *
 * The data set (generated here, deterministic): 34 provinces; 3.321 communes spread over them; each province's
 * catalog is the sample catalog's fields, fees, forms, processes and legal documents plus 400 procedures made from
 * the 30 sample procedures (new codes and names); each commune has its profile, overrides on 10% of its province's
 * procedures (the receiving place and hours of the first channel; one in ten of them not listed) and 20 accounts.
 * Rows are written in bulk (multi-row INSERTs in one transaction) with the same stored text and list columns as
 * every save (documentColumns), approved and in force at once, like a catalog import; accounts share one password
 * hash (hashing 66.420 passwords would measure scrypt, not the app), and the bulk load writes no audit entries.
 *
 * Measured against the built server (scripts/server.mjs) over HTTP, on each engine:
 * - a commune's public procedure page under load: 16 concurrent clients for 15 s, random communes and procedures
 *   (p50/p95/p99, requests per second, errors);
 * - the diacritics-insensitive search within a commune: the query itself (searchDocuments on the commune's scoped
 *   handle, goal p95 < 20 ms) and the admin list page with `?q=` over HTTP;
 * - a commune's admin list page (first page, no search);
 * - the server process's memory (resident now and peak) after the load.
 * PostgreSQL is the TEST_POSTGRES_URL server when set, else a throwaway cluster (scripts/pg-cluster.mjs); without
 * PostgreSQL binaries the PostgreSQL half is skipped with a note. BENCH_NATIONAL_PROVINCES=n loads fewer provinces.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { readCatalog } from "~/catalog/files.server";
import type { DocumentKind } from "~/domain/kinds";
import { overrideKey } from "~/domain/overrides";
import { documentColumns } from "~/models/document.server";
import { searchDocuments } from "~/models/search.server";
import { scopeOfUnit, getUnit } from "~/models/unit.server";
import { createAndPublish } from "~/models/release.server";
import { migrateToLatest, openDatabase, type DB } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { scoped } from "~/utils/unit-scope.server";
import { startServer, type RunningServer } from "../tests/e2e/server";
import { withBenchPostgres } from "./postgres";

const root = process.cwd();
if (!existsSync(join(root, "build", "server", "index.js"))) {
  const built = spawnSync(join(root, "node_modules", ".bin", "remix"), ["vite:build"], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const PROVINCES = Number(process.env.BENCH_NATIONAL_PROVINCES ?? 34);
const COMMUNES = Math.round((3321 * PROVINCES) / 34);
const PROCEDURES_PER_PROVINCE = 400;
const OVERRIDES_PER_COMMUNE = PROCEDURES_PER_PROVINCE / 10;
const USERS_PER_COMMUNE = 20;
const PASSWORD = "mat-khau-bench-quoc-gia-1";
const NOW = new Date().toISOString();

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const provinceCode = (p: number) => pad(p + 1, 2);
/** Commune j belongs to province j mod PROVINCES; its code is the province's and its number there. */
const communeOf = (j: number) => ({ province: j % PROVINCES, code: `${provinceCode(j % PROVINCES)}${pad(Math.floor(j / PROVINCES) + 1, 3)}` });
const procedureCode = (p: number, i: number) => `1.${provinceCode(p)}${pad(i + 1, 4)}`;
/** The 40 procedures commune j overrides (distinct: step 10 over 400), and whether it lists each. */
const overriddenIndex = (j: number, k: number) => (j * 7 + k * 10) % PROCEDURES_PER_PROVINCE;
const unlistedIndexes = (j: number) => new Set(Array.from({ length: OVERRIDES_PER_COMMUNE / 10 }, (_, k) => overriddenIndex(j, k * 10)));

// The sample catalog: the province's documents, and a commune profile to copy.
const sample = readCatalog("catalog").entries;
const templates = sample.filter((e) => e.kind === "procedure").map((e) => e.data);
const provinceDocuments = sample.filter((e) => e.kind !== "procedure");
const profile = JSON.parse(readFileSync("catalog/communes/00000/organization/00000.json", "utf8"));

function procedureBody(p: number, i: number): Record<string, any> {
  const template = templates[i % templates.length];
  return { ...template, code: procedureCode(p, i), name: `${template.name} (mẫu ${pad(i + 1, 3)})` };
}

type Row = Record<string, unknown>;

function rowsFor(unit: string, kind: DocumentKind, body: Record<string, unknown>): { document: Row; revision: Row } {
  const c = documentColumns(kind, body);
  return {
    document: {
      unit_code: unit,
      kind,
      ...c,
      status: "approved",
      current_revision: 1,
      created_at: NOW,
      updated_at: NOW,
      in_force_revision: 1,
      in_force_title: c.title,
      in_force_field_code: c.field_code,
      in_force_list_tags: c.list_tags,
      retired_from: null,
      retire_reason: null,
    },
    revision: {
      unit_code: unit,
      kind,
      key: c.key,
      revision: 1,
      status: "approved",
      body: c.body,
      body_hash: c.body_hash,
      author: "bench",
      note: "Dữ liệu thử quy mô quốc gia",
      created_at: NOW,
      approved_by: "bench",
      approved_at: NOW,
      approval_rule: "catalog_import",
      effective_from: null,
    },
  };
}

/** Multi-row INSERTs of at most `size` rows (PostgreSQL takes at most 65.535 parameters a statement). */
async function insertAll(db: DB, table: "documents" | "revisions" | "units" | "users" | "user_roles", rows: Row[], size = 400) {
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table).values(rows.slice(i, i + size) as never).execute();
}

/** Loads `provinces` provinces and `communes` communes into a migrated, empty database. */
async function load(db: DB, provinces: number, communes: number) {
  const passwordHash = await hashPassword(PASSWORD);
  const unitRow = (code: string, name: string, level: string, parent: string | null) => ({
    code,
    name,
    level,
    parent_code: parent,
    host_name: null,
    is_default: 0,
    retired_from: null,
    retire_reason: null,
    created_at: NOW,
    updated_at: NOW,
  });
  await db.transaction().execute(async (trx) => {
    await insertAll(
      trx,
      "units",
      Array.from({ length: provinces }, (_, p) => unitRow(provinceCode(p), `Tỉnh mẫu ${provinceCode(p)}`, "province", null)),
    );
    await insertAll(
      trx,
      "units",
      Array.from({ length: communes }, (_, j) => unitRow(communeOf(j).code, `Xã mẫu ${communeOf(j).code}`, "commune", provinceCode(communeOf(j).province))),
    );
    for (let p = 0; p < provinces; p++) {
      const rows = [
        ...provinceDocuments.map((e) => rowsFor(provinceCode(p), e.kind, e.data)),
        ...Array.from({ length: PROCEDURES_PER_PROVINCE }, (_, i) => rowsFor(provinceCode(p), "procedure", procedureBody(p, i))),
      ];
      await insertAll(trx, "documents", rows.map((r) => r.document));
      await insertAll(trx, "revisions", rows.map((r) => r.revision));
    }
    for (let j = 0; j < communes; j++) {
      const { province, code } = communeOf(j);
      const unlisted = unlistedIndexes(j);
      const docs = [rowsFor(code, "organization", { ...profile, code, name: `Ủy ban nhân dân xã mẫu ${code}`, isSample: true })];
      for (let k = 0; k < OVERRIDES_PER_COMMUNE; k++) {
        const i = overriddenIndex(j, k);
        const target = procedureBody(province, i);
        const place = target.channels[0].place as string | undefined;
        docs.push(
          rowsFor(code, "local-override", {
            code: overrideKey("procedure", target.code),
            target: { kind: "procedure", code: target.code, name: target.name, revision: 1 },
            listed: !unlisted.has(i),
            ...(unlisted.has(i) ? { unlistedReason: "Xã không giải quyết thủ tục này." } : {}),
            values: [
              { path: "/channels/0/place", value: `Bộ phận Một cửa Ủy ban nhân dân xã mẫu ${code}`, ...(place ? { provinceValue: place } : {}) },
              { path: "/channels/0/hours", value: "Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu" },
            ],
          }),
        );
      }
      const users = Array.from({ length: USERS_PER_COMMUNE }, (_, u) => ({
        id: randomUUID(),
        username: `cb-${code}-${pad(u + 1, 2)}`,
        display_name: `Cán bộ ${u + 1} xã mẫu ${code}`,
        unit_code: code,
        password_hash: passwordHash,
        is_active: 1,
        password_changed_at: NOW,
        created_at: NOW,
        updated_at: NOW,
      }));
      await insertAll(trx, "documents", docs.map((r) => r.document));
      await insertAll(trx, "revisions", docs.map((r) => r.revision));
      await insertAll(trx, "users", users);
      await insertAll(trx, "user_roles", users.map((u, n) => ({ user_id: u.id, role: n === 0 ? "approver" : "editor" })));
    }
  });
}

// ------------------------------------------------------------------------------------------------
// Measuring

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN;

interface Figures {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

function figuresOf(latencies: number[], errors: number, startedAt: number): Figures {
  const seconds = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, errors, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), rps: latencies.length / seconds };
}

/** `concurrency` clients, each sending its next request when the last one answered, for `seconds`. */
async function underLoad(next: () => string, options: { concurrency: number; seconds: number; headers?: Record<string, string> }): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await fetch(next(), { headers: options.headers }).catch(() => null);
        if (res) await res.arrayBuffer();
        if (!res || res.status !== 200) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return figuresOf(latencies, errors, started);
}

/** One request after another (what one officer sees). */
async function sequential(url: string, runs: number, headers?: Record<string, string>): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) errors++;
    latencies.push(performance.now() - t);
  }
  return figuresOf(latencies, errors, started);
}

async function queryTimes(fn: () => Promise<unknown>, runs: number): Promise<Figures> {
  await fn();
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    latencies.push(performance.now() - t);
  }
  return figuresOf(latencies, 0, started);
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

async function signIn(server: RunningServer, username: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.baseUrl },
    body: new URLSearchParams({ username, password: PASSWORD, redirectTo: "/admin" }),
  });
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("niemyet_session="));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in of ${username} answered ${res.status}`);
  return cookie.split(";")[0];
}

const results: { engine: string; label: string; figures: Figures }[] = [];
const memory: { engine: string; rss: number; peak: number }[] = [];

/** Public pages read a commune's live release: the first PUBLISHED communes publish theirs (timed), and are read. */
const PUBLISHED = 60;

async function publishReleases(engine: string, databaseUrl: string, communes: number): Promise<number> {
  const db = openDatabase(databaseUrl);
  const count = Math.min(communes, PUBLISHED);
  const times: number[] = [];
  try {
    for (let j = 0; j < count; j++) {
      const unit = await getUnit(db, communeOf(j).code);
      if (!unit) throw new Error(`no unit ${communeOf(j).code}`);
      const started = performance.now();
      const published = await createAndPublish(db, { unit, actor: "bench", note: "bench" });
      if (!published.ok) throw new Error(published.message);
      times.push(performance.now() - started);
    }
  } finally {
    await db.destroy();
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))];
  const total = times.reduce((a, b) => a + b, 0);
  results.push({
    engine,
    label: `publish a commune's release (${count} communes)`,
    figures: { requests: count, errors: 0, p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), rps: (count * 1000) / total },
  });
  return count;
}

async function measureEngine(engine: string, databaseUrl: string, allCommunes: number) {
  const communes = await publishReleases(engine, databaseUrl, allCommunes);
  const server = await startServer({ databasePath: databaseUrl, setup: false });
  try {
    // The measured officer works in the first commune (any commune's page is served the same way).
    const officerCommune = communeOf(0).code;
    const cookie = await signIn(server, `cb-${officerCommune}-02`);
    const headers = { Cookie: cookie };
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pageUrl = () => {
      const j = random(communes);
      const { province, code } = communeOf(j);
      let i = random(PROCEDURES_PER_PROVINCE);
      while (unlistedIndexes(j).has(i)) i = (i + 1) % PROCEDURES_PER_PROVINCE;
      return `${server.baseUrl}/xa/${code}/thu-tuc/${procedureCode(province, i)}`;
    };
    await underLoad(pageUrl, { concurrency: 4, seconds: 2 }); // warm-up
    results.push({ engine, label: "public procedure page, 16 clients × 15 s", figures: await underLoad(pageUrl, { concurrency: 16, seconds: 15 }) });
    memory.push({ engine, ...memoryOf(server.pid) });
    const db = openDatabase(databaseUrl);
    try {
      const unit = await getUnit(db, officerCommune);
      if (!unit) throw new Error(`no unit ${officerCommune}`);
      const communeDb = scoped(db, scopeOfUnit(unit));
      results.push({
        engine,
        label: 'search query in a commune ("dang ky khai sinh")',
        figures: await queryTimes(() => searchDocuments(communeDb, { kind: "procedure", q: "dang ky khai sinh", sort: "title", page: 1, pageSize: 50 }), 100),
      });
    } finally {
      await db.destroy();
    }
    results.push({
      engine,
      label: "admin list page with ?q=dang ky khai sinh",
      figures: await sequential(`${server.baseUrl}/admin/procedure?q=dang+ky+khai+sinh`, 100, headers),
    });
    results.push({ engine, label: "admin list page 1 (no search)", figures: await sequential(`${server.baseUrl}/admin/procedure`, 100, headers) });
  } finally {
    await server.stop();
  }
}

async function prepare(databaseUrl: string, provinces: number, communes: number) {
  const db = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    const started = performance.now();
    await load(db, provinces, communes);
    const seconds = (performance.now() - started) / 1000;
    const counts = await db
      .selectFrom("documents")
      .select((eb) => [eb.fn.countAll<number | string>().as("n")])
      .executeTakeFirstOrThrow();
    return { seconds, documents: Number(counts.n) };
  } finally {
    await db.destroy();
  }
}

// PostgreSQL: the whole country.
await withBenchPostgres("niemyet_national", async (url) => {
  console.log(`› Loading ${PROVINCES} provinces, ${COMMUNES} communes into PostgreSQL…`);
  const loaded = await prepare(url, PROVINCES, COMMUNES);
  // What autovacuum would do soon after a load: planner statistics for the new rows.
  const analyze = new pg.Client({ connectionString: url });
  await analyze.connect();
  const analyzeStart = performance.now();
  await analyze.query("ANALYZE");
  const size = (await analyze.query("SELECT pg_size_pretty(pg_database_size(current_database())) AS size")).rows[0].size;
  await analyze.end();
  console.log(
    `  ${loaded.documents.toLocaleString("vi-VN")} documents (and as many revisions), ${(COMMUNES * USERS_PER_COMMUNE).toLocaleString("vi-VN")} accounts: ` +
      `loaded in ${loaded.seconds.toFixed(1)} s, ANALYZE ${((performance.now() - analyzeStart) / 1000).toFixed(1)} s, database ${size}`,
  );
  await measureEngine("PostgreSQL", url, COMMUNES);
});

// SQLite: one province's catalog and one commune, as a single-commune deployment holds them.
const sqliteFile = join(mkdtempSync(join(tmpdir(), "niemyet-bench-national-")), "one-commune.sqlite");
const loaded = await prepare(sqliteFile, 1, 1);
console.log(`› SQLite, one province and one commune: ${loaded.documents.toLocaleString("vi-VN")} documents loaded in ${loaded.seconds.toFixed(1)} s`);
await measureEngine("SQLite", sqliteFile, 1);

console.log(`\n${"engine".padEnd(11)} ${"measure".padEnd(50)} ${"requests".padStart(8)} ${"errors".padStart(6)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"req/s".padStart(8)}`);
for (const { engine, label, figures: f } of results) {
  console.log(
    `${engine.padEnd(11)} ${label.padEnd(50)} ${String(f.requests).padStart(8)} ${String(f.errors).padStart(6)} ${f.p50.toFixed(2).padStart(8)} ${f.p95.toFixed(2).padStart(8)} ${f.p99.toFixed(2).padStart(8)} ${f.rps.toFixed(0).padStart(8)}`,
  );
}
for (const m of memory) console.log(`${m.engine}: server process after the page load: resident ${m.rss.toFixed(0)} MiB, peak ${m.peak.toFixed(0)} MiB`);
