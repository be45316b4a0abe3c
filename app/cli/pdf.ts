import { closePdfBrowser, PdfUnavailableError } from "~/utils/pdf.server";

/**
 * A CLI command that may print PDFs: without Chromium it says so in Vietnamese (`what`: what could not be made, and
 * what to do instead) and exits 1; the shared browser is closed afterwards so the process can end.
 */
export async function withPdf(what: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PdfUnavailableError) {
      console.error(`Máy này chưa có Chromium (/usr/bin/chromium, hoặc CHROMIUM_PATH) nên chưa tạo được ${what}.`);
      return 1;
    }
    throw error;
  } finally {
    await closePdfBrowser();
  }
}
