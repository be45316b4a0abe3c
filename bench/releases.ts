/**
 * `npm run bench` (second part): releases and the public pages at 10.000 procedures in one commune (SQLite).
 *
 * - publishing a release of the commune (build the snapshot, change log, write it, make it live; goal < 10 s);
 * - the procedure page under load (autocannon, 50 connections, 10 s) from the built server, against the same
 *   HTML bytes from a static file server (express.static) on this machine in the same run (goal ≥ 50% of it);
 * - the public search (/thu-tuc?q=…) over HTTP with a different query each time, so every one is rendered
 *   (p50/p95, goal p95 < 20 ms);
 * - the procedure page's weight (HTML and CSS, goal ≤ 60 KB) and the server's memory after the load (goal < 300 MB);
 * - the static site export of the commune (npm run cli -- export-site): time and peak memory, whole and again unchanged.
 * Everything runs on 127.0.0.1.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { importCatalog } from "~/catalog/import.server";
import { saveDocument } from "~/models/document.server";
import { createAndPublish } from "~/models/release.server";
import { addUnit, getUnit, scopeOfUnit } from "~/models/unit.server";
import { migrateToLatest, openDatabase } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";
import { startServer } from "../tests/e2e/server";

const root = process.cwd();
if (!existsSync(join(root, "build", "server", "index.js"))) {
  const built = spawnSync(join(root, "node_modules", ".bin", "remix"), ["vite:build"], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const PROCEDURES = Number(process.env.BENCH_RELEASES_PROCEDURES ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), "niemyet-bench-releases-"));
const file = join(dir, "releases.sqlite");
const fmt = (n: number, digits = 0) => new Intl.NumberFormat("vi-VN", { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);

// One commune on its own with the sample catalog and 10.000 generated procedures, approved and in force.
const db = openDatabase(file);
await migrateToLatest(db);
for (const unit of [
  { code: "01", name: "Tỉnh thử", level: "province" as const },
  { code: "00000", name: "Phường thử", level: "commune" as const, parentCode: "01" },
]) {
  const added = await addUnit(db, { ...unit, actor: { name: "bench" } });
  if (!added.ok) throw new Error(added.message);
}
await db.updateTable("units").set({ is_default: 1 }).where("code", "=", "00000").execute();
const commune = (await getUnit(db, "00000"))!;
const communeDb = scoped(db, scopeOfUnit(commune));
const loaded = await importCatalog(communeDb, { dir: "catalog", author: "bench" });
if (!loaded.ok) throw new Error("sample catalog did not load");
const template = JSON.parse(readFileSync("catalog/procedures/1.001193.json", "utf8"));
const words = ["Đăng ký", "Cấp", "Chứng thực", "Thay đổi", "Xác nhận", "Hỗ trợ", "Thông báo", "Gia hạn"];
const objects = ["khai sinh", "kết hôn", "hộ kinh doanh", "bản sao", "chữ ký", "lễ hội", "trợ cấp xã hội", "tình trạng hôn nhân"];
await communeDb.transaction().execute(async (trx) => {
  for (let i = 0; i < PROCEDURES; i++) {
    const code = `9.${String(100000 + i).slice(1)}`;
    const name = `${words[i % words.length]} ${objects[Math.floor(i / words.length) % objects.length]} (mẫu ${i})`;
    await saveDocument(trx, { kind: "procedure", body: { ...template, code, name }, author: "bench", note: "", mode: "approved" });
  }
});

let started = performance.now();
const first = await createAndPublish(db, { unit: commune, actor: "bench", note: "bench: bản đầu" });
if (!first.ok) throw new Error(first.message);
const publishSeconds = (performance.now() - started) / 1000;
// The next release after one procedure changed: the change log compares 10.000 documents.
await saveDocument(communeDb, { kind: "procedure", body: { ...template, code: "9.00001", name: "Đăng ký khai sinh (đổi tên)" }, author: "bench", note: "", mode: "approved" });
started = performance.now();
const second = await createAndPublish(db, { unit: commune, actor: "bench", note: "bench: một thay đổi" });
if (!second.ok) throw new Error(second.message);
const republishSeconds = (performance.now() - started) / 1000;
const documents = first.release.documentCount;
await db.destroy();

const server = await startServer({ databasePath: file, setup: false });
const pagePath = `/thu-tuc/9.${String(100000 + Math.floor(PROCEDURES / 2)).slice(1)}`;
const html = await (await fetch(`${server.baseUrl}${pagePath}`)).text();
const cssHref = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
const css = cssHref ? await (await fetch(`${server.baseUrl}${cssHref}`)).text() : "";

// The same bytes from a static file server, in a process of its own like ours.
const staticDir = join(dir, "static", "thu-tuc");
mkdirSync(staticDir, { recursive: true });
writeFileSync(join(staticDir, pagePath.split("/").pop()!), html);
const staticPort = 40000 + Math.floor(Math.random() * 10000);
const staticServer = spawn(
  process.execPath,
  [
    "-e",
    `const express = require("express"); const app = express(); app.use(express.static(${JSON.stringify(join(dir, "static"))}, { setHeaders: (res) => res.setHeader("Content-Type", "text/html; charset=utf-8") })); app.listen(${staticPort}, "127.0.0.1", () => console.log("ready"));`,
  ],
  { stdio: ["ignore", "pipe", "inherit"], cwd: root },
);
await new Promise<void>((resolve) => staticServer.stdout!.once("data", () => resolve()));

async function load(url: string) {
  await autocannon({ url, connections: 10, duration: 2 }); // warm-up
  const r = await autocannon({ url, connections: 50, duration: 10 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, bytes: r.throughput.average };
}
const ours = await load(`${server.baseUrl}${pagePath}`);
const theirs = await load(`http://127.0.0.1:${staticPort}${pagePath}`);
const status = readFileSync(`/proc/${server.pid}/status`, "utf8");
const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);

// Search: a different query each time (never served from memory).
const times: number[] = [];
for (let i = 0; i < 200; i++) {
  const q = `${["dang ky", "cap", "chung thuc", "xac nhan"][i % 4]} ${objects[i % objects.length].normalize("NFD").replace(/\p{M}/gu, "")} ${i}`;
  const t = performance.now();
  const res = await fetch(`${server.baseUrl}/thu-tuc?q=${encodeURIComponent(q)}`);
  await res.arrayBuffer();
  times.push(performance.now() - t);
  if (res.status !== 200) throw new Error(`search answered ${res.status}`);
}
times.sort((a, b) => a - b);
staticServer.kill();
await server.stop();

// The static site of the commune (npm run cli -- export-site), then again unchanged (incremental).
function exportSite(into: string) {
  const t = performance.now();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", join(root, "node_modules", ".bin", "tsx"), "app/cli/main.ts", "export-site", into, "--unit", "00000", "--base-url", "https://bench.example.vn"], {
    env: { ...process.env, DATABASE_URL: file },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`export-site failed:\n${run.stderr.slice(-2000)}`);
  const peakKib = Number(run.stderr.trim().split("\n").pop());
  return { seconds: (performance.now() - t) / 1000, peakMib: peakKib / 1024, summary: run.stdout.trim().split("\n").pop() ?? "" };
}
const siteDir = join(dir, "site");
const exported = exportSite(siteDir);
const reexported = exportSite(siteDir);
const searchData = readFileSync(join(siteDir, "assets", "tim-kiem-du-lieu.js"));

const ratio = ours.rps / theirs.rps;
console.log(`\nReleases and public pages, ${fmt(PROCEDURES)} generated procedures in one commune (SQLite, ${fmt(documents)} documents in the release)`);
console.log(`publish the first release                     ${fmt(publishSeconds, 2)} s   (goal < 10 s)`);
console.log(`publish the next release (1 change)           ${fmt(republishSeconds, 2)} s`);
console.log(`procedure page, 50 connections × 10 s         ${fmt(ours.rps)} req/s   p50 ${ours.p50} ms   p99 ${ours.p99} ms   errors ${ours.errors}`);
console.log(`same HTML from express.static                 ${fmt(theirs.rps)} req/s   p50 ${theirs.p50} ms   p99 ${theirs.p99} ms   errors ${theirs.errors}`);
console.log(`ratio                                         ${fmt(ratio * 100, 1)}%   (goal ≥ 50%)`);
console.log(`search /thu-tuc?q=…, 200 distinct queries     p50 ${fmt(times[100], 1)} ms   p95 ${fmt(times[190], 1)} ms   (goal p95 < 20 ms)`);
console.log(`procedure page weight                         HTML ${fmt(Buffer.byteLength(html) / 1024, 1)} KB + CSS ${fmt(Buffer.byteLength(css) / 1024, 1)} KB (goal ≤ 60 KB)`);
console.log(`static site export (CLI, whole)               ${fmt(exported.seconds, 1)} s, peak ${fmt(exported.peakMib)} MiB: ${exported.summary}`);
console.log(`static site export again (unchanged)          ${fmt(reexported.seconds, 1)} s: ${reexported.summary}`);
console.log(`static site search data (loaded by tim-kiem)  ${fmt(searchData.length / 1024)} KB`);
console.log(`server memory after the load                  resident ${fmt(kib("VmRSS") / 1024)} MiB, peak ${fmt(kib("VmHWM") / 1024)} MiB (goal < 300 MB)`);
