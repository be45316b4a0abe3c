/**
 * Builds the app (remix vite:build, then the CLI bundle of scripts/build-cli.mjs) when build/ is missing or older
 * than the sources: what `npm start` and the commands that render pages with the built app
 * (`npm run cli -- export-site`) do first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildCli, CLI_BUNDLE } from "./build-cli.mjs";

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Returns the path of the built server module; exits the process when the build fails. */
export async function buildIfStale(root = process.cwd()) {
  const builtServer = join(root, "build", "server", "index.js");
  const builtCli = join(root, CLI_BUNDLE);
  const sources = ["app", "schemas", "remix.config.js", "vite.config.ts", "package-lock.json"].map((p) => join(root, p)).filter((p) => existsSync(p));
  const newestSource = Math.max(...sources.map(newestMtime));
  const older = (file) => !existsSync(file) || newestSource > statSync(file).mtimeMs;
  if (older(builtServer)) {
    console.log("› Building the app (remix vite:build)…");
    const result = spawnSync(join(root, "node_modules", ".bin", "remix"), ["vite:build"], { stdio: "inherit", cwd: root });
    if (result.status !== 0) {
      console.error(`\n✗ remix vite:build failed (exit ${result.status ?? result.signal})`);
      process.exit(result.status ?? 1);
    }
  }
  if (older(builtCli)) await buildCli(root);
  return builtServer;
}
