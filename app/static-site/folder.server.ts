import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, normalize, sep } from "node:path";
import type { PassThrough } from "node:stream";
import yazl from "yazl";
import { MANIFEST_FILE, SiteExportError, type SiteFile } from "./export.server";

/**
 * Where an exported site goes: a folder (the CLI), written incrementally — a file whose bytes did not change is
 * not written again, and files an earlier export wrote that this one no longer has are removed (the manifest
 * says which; a portal vendor's own files in the folder are left alone) — or a zip (the admin's download).
 */

export interface FolderStats {
  written: number;
  unchanged: number;
  removed: number;
}

function inside(dir: string, path: string): string {
  const full = normalize(join(dir, path));
  if (!full.startsWith(normalize(dir) + sep)) throw new SiteExportError(`Tệp ${path} nằm ngoài thư mục xuất.`);
  return full;
}

/** The files the previous export listed in its manifest, or null when the folder holds none. */
async function previousFiles(dir: string): Promise<Record<string, string> | null> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")) as { files?: Record<string, string> };
    return manifest.files && typeof manifest.files === "object" ? manifest.files : {};
  } catch {
    return null;
  }
}

/** A sink for exportSite's files into `dir`; `finish()` removes what the previous export had and this one has not. */
export async function folderSink(dir: string) {
  const previous = await previousFiles(dir);
  if (!previous && existsSync(dir) && (await readdir(dir)).length > 0)
    throw new SiteExportError(`Thư mục ${dir} đã có tệp khác và không phải một trang đã xuất trước đây: hãy chọn thư mục trống.`);
  const stats: FolderStats = { written: 0, unchanged: 0, removed: 0 };
  const seen = new Set<string>();
  return {
    stats,
    async emit(file: SiteFile) {
      const path = inside(dir, file.path);
      seen.add(file.path);
      const before = await readFile(path).catch(() => null);
      if (before?.equals(file.bytes)) {
        stats.unchanged++;
        return;
      }
      await mkdir(dirname(path), { recursive: true });
      // Written beside, then renamed: a reader (or a crash) never sees half a file.
      await writeFile(`${path}.tmp`, file.bytes);
      await rename(`${path}.tmp`, path);
      stats.written++;
    },
    async finish() {
      for (const old of Object.keys(previous ?? {})) {
        if (seen.has(old)) continue;
        await rm(inside(dir, old), { force: true });
        stats.removed++;
      }
      return stats;
    },
  };
}

/** A sink for exportSite's files into a zip (fixed dates and modes: the same files give the same bytes). */
export function zipSink(folder: string) {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2000, 0, 1));
  return {
    stream: zip.outputStream as unknown as PassThrough,
    emit(file: SiteFile) {
      zip.addBuffer(file.bytes, `${folder}/${file.path}`, { mtime, mode: 0o100644 });
    },
    end() {
      zip.end();
    },
  };
}
