import { readFileSync } from "node:fs";
import { checkCatalog } from "./check.server";
import { writeCatalogDocument } from "./files.server";
import type { Problem } from "./problem";

/** Rewrites a valid catalog's files in the one serialisation (schema key order), so diffs stay small. */
export function formatCatalog(
  dir: string,
  options: Parameters<typeof checkCatalog>[1] = {},
): { ok: false; problems: Problem[] } | { ok: true; changed: number; total: number } {
  const { entries, problems } = checkCatalog(dir, options);
  if (problems.length > 0) return { ok: false, problems };
  let changed = 0;
  for (const entry of entries) {
    const before = readFileSync(entry.file, "utf8");
    writeCatalogDocument(dir, entry.kind, entry.code, entry.data);
    if (readFileSync(entry.file, "utf8") !== before) changed += 1;
  }
  return { ok: true, changed, total: entries.length };
}
