/**
 * The files of one import, from the command line (a file, a folder, a zip) or from an upload (the files a form
 * sent), read under IMPORT_LIMITS. A zip is read entry by entry with yauzl, counting the bytes that really come
 * out (never trusting the sizes its headers claim), so a zip bomb stops at the limit; entry names that climb out
 * of the archive ("../", absolute paths, drive letters, backslashes) are refused, not skipped, and zips inside
 * zips are not opened. Every refusal names the file in Vietnamese; nothing is imported from a refused set.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import yauzl from "yauzl";
import { IMPORT_LIMITS } from "~/domain/limits";
import { formatNumber } from "~/domain/format";

export interface ImportFile {
  /** Where it came from, as shown to the officer: "records.zip › 1.001193.json". */
  name: string;
  bytes: Buffer;
  sha256: string;
}

export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${formatNumber(bytes / 1024 / 1024, 1)} MB` : `${formatNumber(Math.ceil(bytes / 1024))} KB`;

export const sha256Hex = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

/** Counts files and bytes across one import, refusing past the limits. */
class Budget {
  files = 0;
  bytes = 0;
  take(file: string, bytes: number) {
    this.files += 1;
    this.bytes += bytes;
    if (this.files > IMPORT_LIMITS.files) throw new ImportFileError(file, `Quá nhiều tệp trong một lần nhập (tối đa ${formatNumber(IMPORT_LIMITS.files)} tệp)`);
    if (this.bytes > IMPORT_LIMITS.totalBytes) {
      throw new ImportFileError(file, `Tổng dung lượng các tệp (sau khi giải nén) vượt quá ${sizeText(IMPORT_LIMITS.totalBytes)}`);
    }
  }
}

const TRAVERSAL = "Tên tệp trong tệp nén trỏ ra ngoài thư mục của tệp nén (đường dẫn tuyệt đối hoặc «..»): tệp nén bị từ chối";

/** A zip archive (an .xlsx is one) starts with a local file header. */
export const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

/** A zip entry's name is a relative path inside the archive, or the archive is refused. */
function unsafeEntryName(name: string): boolean {
  if (name.includes("\\") || name.includes("\0")) return true;
  if (name.startsWith("/") || /^[a-z]:/i.test(name)) return true;
  return name.split("/").some((part) => part === "..");
}

/**
 * How readZip reads: the import's records (hidden files and names not accepted are skipped, each entry at most a
 * record's size), or every entry of an archive whose contents another library will inflate (an .xlsx).
 */
interface ZipReading {
  accept: (name: string) => boolean;
  entryBytes: number;
  everyEntry: boolean;
}

function readZip(zipName: string, bytes: Buffer, budget: Budget, reading: ZipReading): Promise<ImportFile[]> {
  const { accept, entryBytes, everyEntry } = reading;
  return new Promise((resolve, reject) => {
    // yauzl's own check of entry names is kept on too (it refuses absolute and "../" names with an error).
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => {
      if (error || !zip) return reject(new ImportFileError(zipName, `Không đọc được tệp nén: ${error?.message ?? "tệp hỏng"}`));
      const files: ImportFile[] = [];
      const fail = (err: ImportFileError) => {
        zip.close();
        reject(err);
      };
      zip.on("error", (err: Error) => {
        if (err instanceof ImportFileError) return fail(err);
        // yauzl's own name check ("invalid relative path: ../x", "absolute path: /x") said in our words.
        const traversal = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/.exec(err.message);
        if (traversal) return fail(new ImportFileError(`${zipName} › ${traversal[2]}`, TRAVERSAL));
        fail(new ImportFileError(zipName, `Tệp nén hỏng: ${err.message}`));
      });
      zip.on("end", () => resolve(files));
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = `${zipName} › ${entry.fileName}`;
        if (unsafeEntryName(entry.fileName)) {
          return fail(new ImportFileError(name, TRAVERSAL));
        }
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        const base = basename(entry.fileName);
        if (!everyEntry) {
          // macOS metadata and hidden files carry no records.
          if (base.startsWith(".") || entry.fileName.startsWith("__MACOSX/")) return zip.readEntry();
          if (/\.zip$/i.test(base)) return fail(new ImportFileError(name, "Tệp nén nằm trong tệp nén không được mở: hãy giải nén và nén lại một lần"));
          if (!accept(base)) return zip.readEntry();
        }
        if (entry.uncompressedSize > entryBytes) {
          return fail(new ImportFileError(name, `Tệp dài ${sizeText(entry.uncompressedSize)}, vượt quá giới hạn ${sizeText(entryBytes)} của một tệp`));
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(new ImportFileError(name, `Không giải nén được: ${streamError?.message ?? "tệp hỏng"}`));
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on("data", (chunk: Buffer) => {
            size += chunk.length;
            // The header may lie: the bytes that really come out are what count.
            if (size > entryBytes || budget.bytes + size > IMPORT_LIMITS.totalBytes) {
              stream.destroy();
              return fail(new ImportFileError(name, `Tệp giải nén ra quá ${sizeText(Math.min(entryBytes, IMPORT_LIMITS.totalBytes))} (tệp nén có thể là «bom nén»): tệp nén bị từ chối`));
            }
            if (!everyEntry) chunks.push(chunk);
          });
          stream.on("error", (err: Error) =>
            // yauzl checks the bytes against the sizes the headers claim: a mismatch is a forged entry.
            /too (many|few) bytes in the stream/.test(err.message)
              ? fail(new ImportFileError(name, "Kích thước giải nén không khớp với kích thước khai báo trong tệp nén (tệp nén có thể là «bom nén»): tệp nén bị từ chối"))
              : fail(new ImportFileError(name, `Không giải nén được: ${err.message}`)),
          );
          stream.on("end", () => {
            try {
              budget.take(name, size);
            } catch (err) {
              return fail(err as ImportFileError);
            }
            if (!everyEntry) {
              const content = Buffer.concat(chunks);
              files.push({ name, bytes: content, sha256: sha256Hex(content) });
            }
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * An archive that a library will inflate whole in memory (exceljs inflates every entry of an .xlsx) is inflated
 * here first, entry by entry, under the import's limits: a zip bomb is refused naming the file, before the library
 * sees it. Nothing is kept.
 */
export async function checkArchiveExpansion(name: string, bytes: Buffer): Promise<void> {
  await readZip(name, bytes, new Budget(), { accept: () => true, entryBytes: IMPORT_LIMITS.totalBytes, everyEntry: true });
}

async function expand(name: string, bytes: Buffer, budget: Budget, accept: (name: string) => boolean): Promise<ImportFile[]> {
  if (bytes.length > IMPORT_LIMITS.fileBytes) {
    throw new ImportFileError(name, `Tệp dài ${sizeText(bytes.length)}, vượt quá giới hạn ${sizeText(IMPORT_LIMITS.fileBytes)} của một tệp tải lên`);
  }
  if (isZip(bytes) && /\.zip$/i.test(name)) return readZip(name, bytes, budget, { accept, entryBytes: IMPORT_LIMITS.recordBytes, everyEntry: false });
  budget.take(name, bytes.length);
  return [{ name, bytes, sha256: sha256Hex(bytes) }];
}

/**
 * The files an upload sent: each one, or the accepted entries of each zip. `accept` says which names inside a zip
 * are read (e.g. `.json` for portal records); files sent directly are always read, so a wrong one gets its error.
 */
export async function readUploadedFiles(uploads: readonly { name: string; bytes: Buffer }[], accept: (name: string) => boolean): Promise<ImportFile[]> {
  const budget = new Budget();
  const files: ImportFile[] = [];
  for (const upload of uploads) files.push(...(await expand(upload.name, upload.bytes, budget, accept)));
  return files;
}

/** The files of a path given on the command line: a file, a zip, or a folder (its accepted files, sorted, not recursing). */
export async function readImportPath(path: string, accept: (name: string) => boolean): Promise<ImportFile[]> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new ImportFileError(path, "Không tìm thấy tệp hoặc thư mục");
  }
  const budget = new Budget();
  if (stat.isDirectory()) {
    const names = readdirSync(path)
      .filter((n) => !n.startsWith(".") && (accept(n) || /\.zip$/i.test(n)))
      .sort();
    if (names.length === 0) throw new ImportFileError(path, "Thư mục không có tệp nào để nhập");
    const files: ImportFile[] = [];
    for (const n of names) files.push(...(await readOne(join(path, n), budget, accept)));
    return files;
  }
  return readOne(path, budget, accept);
}

async function readOne(path: string, budget: Budget, accept: (name: string) => boolean): Promise<ImportFile[]> {
  const size = statSync(path).size;
  if (size > IMPORT_LIMITS.fileBytes) {
    throw new ImportFileError(path, `Tệp dài ${sizeText(size)}, vượt quá giới hạn ${sizeText(IMPORT_LIMITS.fileBytes)} của một tệp`);
  }
  return expand(path, readFileSync(path), budget, accept);
}
