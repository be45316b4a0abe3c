import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A file converted by LibreOffice headless, as an officer opening it elsewhere would see it. Each call has its own
 * profile: two conversions sharing one can silently write nothing and still exit 0 (../shared/STACK-NOTES.md), so
 * the outputs' existence is checked too. `locale` sets the profile's locale (how numbers and dates are shown).
 */
async function convert<T>(input: { name: string; bytes: Buffer }, to: string, options: { locale?: string }, read: (dir: string) => T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "niemyet-lo-"));
  try {
    const profile = join(dir, "profile");
    if (options.locale) {
      mkdirSync(join(profile, "user"), { recursive: true });
      writeFileSync(
        join(profile, "user", "registrymodifications.xcu"),
        `<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n` +
          `<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>${options.locale}</value></prop></item>\n</oor:items>\n`,
      );
    }
    const path = join(dir, input.name);
    writeFileSync(path, input.bytes);
    await run("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", to, "--outdir", dir, path], { timeout: 120_000 });
    return read(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readOutput(path: string): Buffer {
  if (!existsSync(path)) throw new Error(`LibreOffice wrote no ${path}`);
  return readFileSync(path);
}

/** A DOCX converted to PDF by LibreOffice Writer (Debian's libreoffice-writer-nogui). */
export function libreOfficeToPdf(docx: Buffer): Promise<Buffer> {
  return convert({ name: "tai-lieu.docx", bytes: docx }, "pdf", {}, (dir) => readOutput(join(dir, "tai-lieu.pdf")));
}

/**
 * Each named sheet of an .xlsx as the CSV LibreOffice Calc writes (Debian's libreoffice-calc-nogui): UTF-8, cells as
 * shown in `locale` (so money and dates read as their number formats show them).
 */
export function libreOfficeSheetsToCsv(xlsx: Buffer, sheets: readonly string[], locale = "vi-VN"): Promise<Map<string, string>> {
  // Filter options: comma, double quote, UTF-8 (76), from line 1, …, cells as shown, every sheet (-1) to <name>-<sheet>.csv.
  const filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";
  return convert({ name: "bang.xlsx", bytes: xlsx }, filter, { locale }, (dir) => new Map(sheets.map((s) => [s, readOutput(join(dir, `bang-${s}.csv`)).toString("utf8")])));
}
