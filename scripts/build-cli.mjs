#!/usr/bin/env node
/**
 * Bundles the command line (app/cli/main.ts) into build/cli/main.mjs: one ES module, its npm packages left as
 * imports. Part of `npm run build`. `npm run cli` runs the sources through tsx; the bundle is what the built app's
 * tests (tests/e2e) and `npm start` run: a call starts in about a second instead of three (tsx resolves and
 * transforms a few hundred modules on every start).
 */
import { build } from "esbuild";
import { join } from "node:path";

export const CLI_BUNDLE = join("build", "cli", "main.mjs");

export async function buildCli(root = process.cwd()) {
  await build({
    absWorkingDir: root,
    entryPoints: ["app/cli/main.ts"],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
}

// Run as a script (`node scripts/build-cli.mjs`), not when imported (the CLI bundle itself contains this module).
if (/build-cli\.mjs$/.test(process.argv[1] ?? "")) {
  await buildCli();
  console.log(`› ${CLI_BUNDLE}`);
}
