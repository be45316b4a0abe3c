/**
 * `npm run bench`: reproducible figures for the catalog pipeline on this machine.
 * Measures checking the sample catalog, importing it into a fresh SQLite file, re-importing it unchanged, and
 * the two public page queries, the sign-in throttle check and the audit log. Prints a table of median times and the process's peak memory.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { checkCatalog } from "~/catalog/check.server";
import { importCatalog } from "~/catalog/import.server";
import { appendAudit, listAudit, verifyAuditChain } from "~/models/audit.server";
import { getPublishedProcedure, listPublishedProceduresByField } from "~/models/procedure.server";
import { saveDocument } from "~/models/document.server";
import { searchDocuments } from "~/models/search.server";
import { recordLoginFailure, throttleState } from "~/models/session.server";
import { addUnit, getUnit, scopeOfUnit } from "~/models/unit.server";
import { createAndPublish, liveCatalog } from "~/models/release.server";
import { migrateToLatest, openDatabase } from "~/utils/db.server";
import { scoped } from "~/utils/unit-scope.server";

async function measure(label: string, runs: number, fn: () => unknown | Promise<unknown>) {
  await fn(); // warm-up: compiles validators, fills caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.min(times.length - 1, Math.floor(times.length * 0.95))];
  console.log(
    `${label.padEnd(44)} ${String(runs).padStart(5)} runs   median ${median.toFixed(2).padStart(8)} ms   p95 ${p95.toFixed(2).padStart(8)} ms`,
  );
}

const dir = mkdtempSync(join(tmpdir(), "niemyet-bench-"));

/** A new SQLite file through the real migrations, as one standalone commune (a single-commune deployment). */
async function communeDb(file: string) {
  const db = openDatabase(join(dir, file));
  await migrateToLatest(db);
  const added = await addUnit(db, { code: "01", name: "Tỉnh thử", level: "province", actor: { name: "bench" } });
  if (!added.ok) throw new Error(added.message);
  const commune = await addUnit(db, { code: "00000", name: "Phường thử", level: "commune", parentCode: "01", actor: { name: "bench" } });
  if (!commune.ok) throw new Error(commune.message);
  return { db: scoped(db, scopeOfUnit(commune.unit)) };
}
const documents = checkCatalog("catalog").entries.length;
console.log(`Sample catalog: ${documents} documents\n`);

await measure("check catalog/", 20, () => checkCatalog("catalog"));

let n = 0;
await measure("import catalog/ into a new SQLite file", 10, async () => {
  const { db } = await communeDb(`import-${n++}.sqlite`);
  await importCatalog(db, { dir: "catalog", author: "bench" });
  await db.destroy();
});

const { db } = await communeDb("pages.sqlite");
await importCatalog(db, { dir: "catalog", author: "bench" });
await measure("re-import unchanged catalog/ (no revisions)", 10, () => importCatalog(db, { dir: "catalog", author: "bench" }));
const pagesUnit = (await getUnit(db, "00000"))!;
await measure("create and publish a release (sample catalog)", 5, async () => {
  const published = await createAndPublish(db, { unit: pagesUnit, actor: "bench", note: "bench" });
  if (!published.ok) throw new Error(published.message);
});
const catalog = (await liveCatalog(db, "00000"))!;
await measure("home page query (procedures by field)", 200, () => listPublishedProceduresByField(catalog, { today: "2026-11-22" }));
await measure("procedure page query (2.000815 + refs)", 200, () => getPublishedProcedure(catalog, { code: "2.000815", today: "2026-11-22" }));
await db.destroy();

// Admin list search over 10.000 generated procedures (goal: p95 under 20 ms).
const { db: searchDb } = await communeDb("search.sqlite");
const template = JSON.parse(readFileSync("catalog/procedures/1.001193.json", "utf8"));
const words = ["Đăng ký", "Cấp", "Chứng thực", "Thay đổi", "Xác nhận", "Hỗ trợ", "Thông báo", "Gia hạn"];
const objects = ["khai sinh", "kết hôn", "hộ kinh doanh", "bản sao", "chữ ký", "lễ hội", "trợ cấp xã hội", "tình trạng hôn nhân"];
await searchDb.transaction().execute(async (trx) => {
  for (let i = 0; i < 10_000; i++) {
    const code = `9.${String(100000 + i).slice(1)}`;
    const name = `${words[i % words.length]} ${objects[Math.floor(i / words.length) % objects.length]} (mẫu ${i})`;
    await saveDocument(trx, { kind: "procedure", body: { ...template, code, name, cases: [] }, author: "bench", note: "", mode: "approved" });
  }
});
await measure('list search, 10.000 procedures ("dang ky khai sinh")', 100, () =>
  searchDocuments(searchDb, { kind: "procedure", q: "dang ky khai sinh", sort: "title", page: 1, pageSize: 50 }),
);
await measure("list page 1, 10.000 procedures, no search", 100, () =>
  searchDocuments(searchDb, { kind: "procedure", sort: "updated", page: 1, pageSize: 50 }),
);
await searchDb.destroy();

// Sign-in throttling looks up the failures of the account and the address; under attack the table holds at
// most 15 minutes of failures (pruned on every insert).
const throttleDb = openDatabase(join(dir, "throttle.sqlite"));
await migrateToLatest(throttleDb);
const now = new Date();
for (let i = 0; i < 2_000; i++) {
  await recordLoginFailure(throttleDb, { username: `ten-${i}`, clientAddress: `10.0.${i % 200}.1`, now: new Date(now.getTime() - i * 400) });
}
await measure("sign-in throttle check (4.000 failure rows)", 200, () =>
  throttleState(throttleDb, { username: "ten-1", clientAddress: "10.0.1.1", now }),
);
await throttleDb.destroy();

// The audit page verifies the whole hash chain; a busy ward writes a few hundred entries a day.
const auditDb = openDatabase(join(dir, "audit.sqlite"));
await migrateToLatest(auditDb);
const AUDIT_ENTRIES = 20_000;
await auditDb.transaction().execute(async (trx) => {
  for (let i = 0; i < AUDIT_ENTRIES; i++) await appendAudit(trx, { actor: "bench", action: "auth.sign_in", summary: `«bench» đăng nhập ${i}` });
});
await measure(`audit verify (${AUDIT_ENTRIES.toLocaleString("en")} entries)`, 5, async () => {
  if (!(await verifyAuditChain(auditDb)).ok) throw new Error("chain broken");
});
await measure("audit page query (500 newest entries)", 50, () => listAudit(auditDb, { limit: 501 }));
await auditDb.destroy();

const usage = process.resourceUsage();
console.log(`\npeak RSS ${(usage.maxRSS / 1024).toFixed(1)} MiB`);
