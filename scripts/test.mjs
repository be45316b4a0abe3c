#!/usr/bin/env node
/**
 * `npm test`: every test the project has, in one command.
 * typecheck → schemas:check → unit and integration tests → build → HTTP and browser tests.
 * Browser tests need Debian's Chromium: when /usr/bin/chromium is missing this installs it with apt-get
 * (as root), and otherwise fails saying so. Browser tests never skip.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    console.error(
      `✗ Browser tests need Chromium at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) ` +
        "or set CHROMIUM_PATH. They are never skipped.",
    );
    process.exit(1);
  }
  console.log("› Installing Debian's chromium for the browser tests…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    const r = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (r.status !== 0) {
      console.error(`✗ apt-get ${args.join(" ")} failed: cannot install Chromium, browser tests cannot run.`);
      process.exit(1);
    }
  }
}

const totals = { passed: 0, failed: 0 };
function countReport(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
}
function printTotals() {
  countReport(join(reports, "unit.json"));
  countReport(join(reports, "e2e.json"));
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
}

run("typecheck", bin("tsc"), ["--noEmit"]);
run("schemas:check", bin("tsx"), ["scripts/gen-types.ts", "--check"]);
run("unit and integration tests", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${join(reports, "unit.json")}`,
]);
ensureChromium();
run("build", bin("remix"), ["vite:build"]);
run("HTTP and browser tests", bin("vitest"), [
  "run",
  "--config",
  "vitest.e2e.config.ts",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${join(reports, "e2e.json")}`,
], { ...process.env, CHROMIUM_PATH: CHROMIUM });
printTotals();
