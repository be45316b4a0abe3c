import { join } from "node:path";

/**
 * The static site's two scripts, bundled from the app's own code (./client/*.ts, which import the same domain
 * functions the server uses: the diacritics fold, the due-date calendar, the fee rules) with esbuild, minified,
 * once per process. The same sources give the same bytes.
 */
const ENTRIES = { search: "search.ts", calculator: "calculator.ts" } as const;
const built = new Map<keyof typeof ENTRIES, Promise<string>>();

/** app/static-site/client, from the source tree (the app always runs from its checkout). */
const clientDir = () => join(process.cwd(), "app", "static-site", "client");

export function clientScript(name: keyof typeof ENTRIES): Promise<string> {
  let script = built.get(name);
  if (!script) {
    script = bundle(join(clientDir(), ENTRIES[name]));
    built.set(name, script);
    script.catch(() => built.delete(name));
  }
  return script;
}

async function bundle(entry: string): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2019",
    platform: "browser",
    write: false,
    legalComments: "none",
    charset: "utf8",
    alias: { "~": join(process.cwd(), "app") },
    logLevel: "silent",
  });
  return `${result.outputFiles[0].text}`;
}

