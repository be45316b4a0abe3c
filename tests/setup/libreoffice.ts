import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A DOCX converted to PDF by LibreOffice headless (Debian's libreoffice-writer-nogui), as an officer opening the
 * file elsewhere would see it. Each call has its own profile: two conversions sharing one can silently write
 * nothing and still exit 0 (../shared/STACK-NOTES.md), so the output's existence is checked too.
 */
export async function libreOfficeToPdf(docx: Buffer): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "niemyet-lo-"));
  try {
    const input = join(dir, "tai-lieu.docx");
    writeFileSync(input, docx);
    await run("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", dir, input], { timeout: 120_000 });
    const output = join(dir, "tai-lieu.pdf");
    if (!existsSync(output)) throw new Error(`LibreOffice wrote no PDF for ${input}`);
    return readFileSync(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
