#!/usr/bin/env node
/**
 * `npm test`: every test the project has, in one command.
 * typecheck → schemas:check → unit and integration tests → build → HTTP and browser tests, the tests that use a
 * database once on SQLite and once more on PostgreSQL.
 * Browser tests need Debian's Chromium: when /usr/bin/chromium is missing this installs it with apt-get
 * (as root), and otherwise fails saying so. Browser tests never skip.
 * PostgreSQL: TEST_POSTGRES_URL names a server database to create test databases from (the user must be allowed
 * to CREATE DATABASE); without it, a throwaway cluster is started from Debian's postgresql package
 * (scripts/pg-cluster.mjs), installed with apt-get when missing (as root). NIEMYET_TEST_ENGINES=sqlite runs
 * the SQLite pass only, and says so at the end.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresBinDir, startCluster } from "./pg-cluster.mjs";

const root = process.cwd();
const bin = (name) => join(root, "node_modules", ".bin", name);
const reports = mkdtempSync(join(tmpdir(), "niemyet-test-"));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(label, command, args, env = process.env) {
  console.log(`\n━━ ${label} ━━`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`\n✗ ${label} failed (exit ${result.status ?? result.signal})`);
    printTotals();
    process.exit(result.status || 1);
  }
}

function ensureChromium() {
  if (existsSync(CHROMIUM) || (CHROMIUM === "/usr/bin/chromium" && aptInstall(["chromium"], "for the browser tests"))) return;
  console.error(
    `✗ Browser tests need Chromium at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) ` +
      "or set CHROMIUM_PATH. They are never skipped.",
  );
  process.exit(1);
}

/**
 * The ISO document tests convert DOCX to PDF with LibreOffice Writer, whose Times New Roman is Liberation Serif 2; the
 * export tests convert .xlsx to CSV with LibreOffice Calc.
 */
function ensureLibreOffice() {
  const fonts = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf";
  const calc = "/usr/lib/libreoffice/program/libsclo.so";
  const missing = [
    ...(onPath("soffice") ? [] : ["libreoffice-writer-nogui"]),
    ...(existsSync(calc) ? [] : ["libreoffice-calc-nogui"]),
    ...(existsSync(fonts) ? [] : ["fonts-liberation2"]),
  ];
  if (missing.length === 0 || aptInstall(missing, "for the ISO document and export tests")) return;
  console.error(`✗ The ISO document and export tests need Debian's ${missing.join(" and ")} (apt-get install -y --no-install-recommends ${missing.join(" ")}). They are never skipped.`);
  process.exit(1);
}

function onPath(command) {
  return (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(join(dir, command)));
}

/** Installs Debian packages with apt-get when running as root on Debian; false when it cannot (or apt-get failed). */
function aptInstall(packages, why) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) return false;
  console.log(`› Installing Debian's ${packages.join(", ")} ${why}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", ...packages]]) {
    const r = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (r.status !== 0) return false;
  }
  return true;
}

/** The PostgreSQL server the second pass uses: TEST_POSTGRES_URL, or a throwaway local cluster. */
async function postgres() {
  if (process.env.TEST_POSTGRES_URL) return { url: process.env.TEST_POSTGRES_URL, stop: async () => {} };
  if (!postgresBinDir() && !aptInstall(["postgresql", "postgresql-contrib"], "for the PostgreSQL pass")) {
    console.error("✗ The PostgreSQL pass needs a server: install Debian's postgresql package or set TEST_POSTGRES_URL.");
    process.exit(1);
  }
  return startCluster({ database: "niemyet_test", log: console.log });
}

const engines = (process.env.NIEMYET_TEST_ENGINES ?? "sqlite,postgres").split(",").map((e) => e.trim());
const totals = { passed: 0, failed: 0 };
function countReport(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
}
const reportFiles = [];
function printTotals() {
  for (const file of reportFiles) countReport(file);
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed (engines: ${engines.join(", ")})`);
}

function vitest(label, name, args, env) {
  const file = join(reports, `${name}.json`);
  reportFiles.push(file);
  run(label, bin("vitest"), ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`], env);
}

run("typecheck", bin("tsc"), ["--noEmit"]);
run("schemas:check", bin("tsx"), ["scripts/gen-types.ts", "--check"]);
let pg = null;
const pgEnv = () => ({ ...process.env, TEST_POSTGRES_URL: pg.url });
const noPg = { ...process.env, TEST_POSTGRES_URL: "" };
// PDFs (Chromium) and DOCX conversions (LibreOffice) are checked by the unit tests already.
ensureChromium();
ensureLibreOffice();
try {
  if (engines.includes("sqlite")) vitest("unit and integration tests (SQLite)", "unit", [], noPg);
  if (engines.includes("postgres")) {
    pg = await postgres();
    vitest("unit and integration tests (PostgreSQL)", "unit-pg", [], pgEnv());
  }
  run("build", bin("remix"), ["vite:build"]);
  run("build the CLI bundle", process.execPath, ["scripts/build-cli.mjs"]);
  const e2e = ["--config", "vitest.e2e.config.ts"];
  if (engines.includes("sqlite")) vitest("HTTP and browser tests (SQLite)", "e2e", e2e, { ...noPg, CHROMIUM_PATH: CHROMIUM });
  if (engines.includes("postgres")) vitest("HTTP and browser tests (PostgreSQL)", "e2e-pg", e2e, { ...pgEnv(), CHROMIUM_PATH: CHROMIUM });
} finally {
  await pg?.stop();
}
printTotals();
