#!/usr/bin/env node
/**
 * `npm start`: the one command that runs the app on a fresh machine (after `npm ci`).
 * 1. builds the app when build/ is missing or older than the sources,
 * 2. runs the database migrations and loads the sample catalog when the database is empty,
 * 3. serves on PORT (default 3000) with scripts/server.mjs.
 *
 * SESSION_SECRET: required when NODE_ENV=production is set for this command (the server refuses to start
 * without it). Otherwise — the demo on a fresh machine — the server keeps a generated one in
 * data/session-secret (SESSION_SECRET_FILE, see app/utils/env.server.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildIfStale } from "./build-if-stale.mjs";

const root = process.cwd();

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`\n✗ ${[command, ...args].join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

await buildIfStale(root);

console.log("› Migrating the database and loading the sample catalog if it is empty…");
run(process.execPath, [join(root, "build", "cli", "main.mjs"), "setup"]);

const secretEnv = {};
if (!process.env.SESSION_SECRET && !process.env.SESSION_SECRET_FILE) {
  if (process.env.NODE_ENV === "production") {
    console.error("✗ SESSION_SECRET is not set: in production the server refuses to start without it.");
    process.exit(1);
  }
  secretEnv.SESSION_SECRET_FILE = join("data", "session-secret");
  console.log(`› Demo mode: the session secret is kept in ${secretEnv.SESSION_SECRET_FILE} (set SESSION_SECRET in production).`);
}

const port = process.env.PORT ?? "3000";
const server = spawn(process.execPath, [join(root, "scripts", "server.mjs")], {
  stdio: "inherit",
  env: { ...process.env, ...secretEnv, NODE_ENV: "production", PORT: port },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
