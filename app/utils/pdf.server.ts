import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { escapeXml as escapeHtml } from "~/utils/xml";

/**
 * HTML to PDF through Chromium's print-to-PDF (docs/decisions/016-print-pack.md), for every printed document
 * of the app (the notice-board print pack; the ISO process documents later).
 *
 * - One browser for the whole server, launched on the first conversion and closed after it has been idle a
 *   while; at most PDF_PAGES conversions at once, a few more wait their turn, and the rest are refused as busy.
 * - The document must be self-contained (styles inlined, images as data or inline SVG): the page has no script
 *   and every request it would make is refused, so what is printed never depends on the network. The PDF's
 *   title is the document's <title>.
 * - Each conversion has a time limit; a server without Chromium gets `PdfUnavailableError`, and the caller
 *   offers the print-ready HTML instead.
 */

export interface PdfOptions {
  /** Small text at the bottom left of every page, beside "Trang x/y" (e.g. the document's name). */
  footerText?: string;
  /** Bold text centred in the top margin of every page (e.g. "BẢN NHÁP" on a draft). */
  headerText?: string;
  /** Milliseconds before the conversion is abandoned (default PDF_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** Page margins of A4 documents; the page's own `@page` rule should name the same ones. */
export const PDF_MARGIN = { top: "15mm", right: "14mm", bottom: "18mm", left: "18mm" } as const;

export const PDF_PAGES = 2;
const PDF_QUEUE_MAX = 8;
export const PDF_TIMEOUT_MS = 30_000;
const IDLE_CLOSE_MS = 60_000;

/** There is no Chromium on this server (or it would not start). */
export class PdfUnavailableError extends Error {}
/** Too many conversions are waiting, or this one took longer than its time limit. */
export class PdfBusyError extends Error {}

const chromiumPath = () => process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether this server can make PDFs at all (Chromium is where CHROMIUM_PATH says). */
export const pdfAvailable = () => existsSync(chromiumPath());

let browser: Promise<Browser> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let running = 0;
const waiting: (() => void)[] = [];

function launch(): Promise<Browser> {
  if (browser) return browser;
  const path = chromiumPath();
  if (!existsSync(path)) return Promise.reject(new PdfUnavailableError(`Chromium not found at ${path}`));
  // Loaded on the first PDF only: the library is large, and most servers never print.
  const launched = import("playwright-core")
    .then(({ chromium }) =>
      chromium.launch({
      executablePath: path,
      // Quiet on a closed network; no sandbox because servers often run it as root in a container.
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      }),
    )
    .then((b) => {
      b.on("disconnected", () => {
        if (browser === launched) browser = null;
      });
      return b;
    })
    .catch((error: unknown) => {
      browser = null;
      throw new PdfUnavailableError(`Chromium did not start: ${error instanceof Error ? error.message : String(error)}`);
    });
  browser = launched;
  return launched;
}

async function takeTurn(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (running < PDF_PAGES) {
    running++;
    return;
  }
  if (waiting.length >= PDF_QUEUE_MAX) throw new PdfBusyError("too many PDF conversions waiting");
  // The turn is handed over by `endTurn` (running stays the same).
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function endTurn() {
  const next = waiting.shift();
  if (next) return next();
  running--;
  if (running === 0) {
    idleTimer = setTimeout(() => void closePdfBrowser(), IDLE_CLOSE_MS);
    idleTimer.unref();
  }
}

/** Closes the shared browser (after idling, and when the server stops). */
export async function closePdfBrowser(): Promise<void> {
  const open = browser;
  browser = null;
  if (open) await (await open.catch(() => null))?.close();
}


/** The footer Chromium draws in the bottom margin: the text on the left, "Trang x/y" on the right. */
function footerTemplate(text: string | undefined): string {
  // The template has no stylesheet of the page: its font size must be set here (Chromium's default is tiny).
  return (
    `<div style="width:100%;box-sizing:border-box;padding:0 ${PDF_MARGIN.right} 0 ${PDF_MARGIN.left};font-family:'DejaVu Sans',sans-serif;font-size:9pt;color:#000;display:flex;justify-content:space-between;gap:8mm">` +
    `<span>${escapeHtml(text ?? "")}</span>` +
    `<span style="white-space:nowrap">Trang <span class="pageNumber"></span>/<span class="totalPages"></span></span></div>`
  );
}

/** The header Chromium draws in the top margin: nothing, or one bold line centred. */
function headerTemplate(text: string | undefined): string {
  if (!text) return "<span></span>";
  return (
    `<div style="width:100%;padding:0 ${PDF_MARGIN.right} 0 ${PDF_MARGIN.left};font-family:'DejaVu Sans',sans-serif;font-size:10pt;font-weight:700;letter-spacing:.08em;color:#000;text-align:center">` +
    `${escapeHtml(text)}</div>`
  );
}

/**
 * The document on A4, with a base font that has every Vietnamese letter, for text whose font it does not name: Chromium's
 * defaults (Times New Roman, Arial) resolve through fontconfig to the Liberation fonts Debian's Chromium installs,
 * whose version 1.07 has no tone marks, and the text comes out in pieces of two fonts. The document's own rules win.
 */
function withA4AndVietnameseFont(html: string): string {
  const base = `<style>@page { size: A4; } html { font-family: "DejaVu Sans", "Noto Sans", sans-serif; }</style>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  return head ? `${html.slice(0, head.index + head[0].length)}${base}${html.slice(head.index + head[0].length)}` : `${base}${html}`;
}

/** A complete HTML document as an A4 PDF with "Trang x/y" on every page. */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? PDF_TIMEOUT_MS;
  await takeTurn();
  try {
    const context = await (await launch()).newContext({ javaScriptEnabled: false, offline: true });
    let timer: NodeJS.Timeout | undefined;
    try {
      const convert = async () => {
        const page = await context.newPage();
        await page.route("**/*", (route) => route.abort());
        await page.setContent(withA4AndVietnameseFont(html), { waitUntil: "load", timeout: timeoutMs });
        return page.pdf({
          // A4 from the page's `@page { size: A4 }` (withA4AndVietnameseFont gives one): exactly 595 × 842
          // points, where `format: "A4"` alone (8.27 × 11.7 in, rounded to pixels) gives 596 × 843.
          format: "A4",
          preferCSSPageSize: true,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: headerTemplate(options.headerText),
          footerTemplate: footerTemplate(options.footerText),
          margin: PDF_MARGIN,
        });
      };
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PdfBusyError(`PDF conversion took longer than ${timeoutMs} ms`)), timeoutMs);
      });
      const converting = convert();
      // Once out of time, its rejection (the context closed under it) is expected, not an unhandled error.
      converting.catch(() => undefined);
      return await Promise.race([converting, expired]);
    } finally {
      clearTimeout(timer);
      // Closing the context also stops a conversion that ran out of time.
      await context.close().catch(() => undefined);
    }
  } finally {
    endTurn();
  }
}
