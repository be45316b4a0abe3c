import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./chromium";
import { cli, decode, get, PASSWORD, signedInPage, signIn } from "./helpers";
import { useServerAndBrowser } from "./hooks";
import { readPdf } from "./pdf";

/**
 * The notice-board print pack of a release (docs/decisions/016-print-pack.md), against the built server and
 * Debian's Chromium: the PDF read back with pdf.js (A4, "Trang x/y", Vietnamese text, every procedure, no row
 * over two pages), the print-ready page (signed in only, no accessibility violations), one part on its own.
 */

const STAFF = "hoa-an-in-niem-yet";
const PACK = "/admin/releases/1/ban-in";
/** Whitespace differs between the page's text and pdf.js's (which splits runs at each styled span). */
const compact = (text: string) => text.normalize("NFC").replace(/\s+/g, "");

describe("notice-board print pack", () => {
  const env = useServerAndBrowser();
  let cookie = "";
  let browserContext: BrowserContext;

  beforeAll(async () => {
    // Any staff of the commune may print: an editor, not a leader.
    const added = cli(env.server, ["user", "add", "--username", STAFF, "--unit", "00000", "--role", "editor"], { NIEMYET_PASSWORD: PASSWORD });
    expect(added.status, added.stderr).toBe(0);
    cookie = await signIn(env.server, STAFF, PASSWORD);
    browserContext = (await signedInPage(env.browser, env.server, STAFF, PASSWORD)).context;
  });
  afterAll(() => browserContext?.close());

  /** The print-ready page in the signed-in browser, and each procedure row on it: its code and its whole text. */
  async function printPage() {
    const page = await browserContext.newPage();
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    const loaded = await page.goto(`${env.server.baseUrl}${PACK}/trang-in`, { waitUntil: "load" });
    const rows = await page.$$eval("tr.pack-row", (trs) => trs.map((tr) => ({ code: tr.getAttribute("data-code") ?? "", text: (tr as HTMLElement).innerText })));
    return { page, status: loaded?.status(), rows, problems };
  }

  it("the print-ready page: staff only, complete HTML with no script, no accessibility violations", async () => {
    const signedOut = await get(env.server, `${PACK}/trang-in`);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`${PACK}/trang-in`)}`);
    const pdfSignedOut = await get(env.server, `${PACK}.pdf`);
    expect(pdfSignedOut.status).toBe(302);

    const res = await get(env.server, `${PACK}/trang-in`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const html = decode(await res.text());
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toContain("<script");
    expect(html).toContain("Bản niêm yết số 1");

    // The procedures the public home page lists are the pack's rows, field by field.
    const home = await (await get(env.server, "/")).text();
    const listed = [...new Set([...home.matchAll(/href="\/thu-tuc\/([\d.]+)"/g)].map((m) => m[1]))];
    expect(listed.length).toBeGreaterThan(10);

    const { page, status, rows, problems } = await printPage();
    expect(status).toBe(200);
    // Its stylesheet loads under the site's Content-Security-Policy (no inline style on this page).
    await expect(page.evaluate(() => getComputedStyle(document.querySelector(".pack-table thead")!).display)).resolves.toBe("table-header-group");
    expect(rows.map((r) => r.code).sort()).toEqual([...listed].sort());
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    // The pack's index in the admin, with its one button.
    await page.goto(`${env.server.baseUrl}${PACK}`);
    await expect(page.getByRole("link", { name: "In cả bộ – tải tệp PDF" }).getAttribute("href")).resolves.toBe(`${PACK}.pdf`);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("the whole pack as a PDF: A4, Trang x/y on every page, Vietnamese text, every procedure, no row split over two pages", async () => {
    const { page, rows } = await printPage();
    await page.close();
    expect(rows.length).toBeGreaterThan(10);
    // The releases page offers it for each release in use: one button.
    const releases = decode(await (await get(env.server, "/admin/releases", { cookie })).text());
    expect(releases).toContain(`href="${PACK}.pdf"`);

    const started = Date.now();
    const res = await get(env.server, `${PACK}.pdf`, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await res.arrayBuffer());
    const elapsed = Date.now() - started;
    const pdf = await readPdf(bytes);
    console.log(`[print-pack] whole pack of the sample commune: ${pdf.pages} pages, ${bytes.length} bytes, ${elapsed} ms`);

    // A4 in points (210 × 297 mm).
    expect(pdf.pageSize).toEqual([595, 842]);
    const footers = [...pdf.text.matchAll(/Trang (\d+)\/(\d+)/g)];
    expect(footers.length).toBe(pdf.pages);
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    pdf.pageTexts.forEach((text, i) => expect(text).toContain(`Trang ${i + 1}/${pdf.pages}`));

    // Vietnamese as written (tones and đ), from the cover, the lists and the placard.
    for (const words of ["Phường Hòa An", "Bản niêm yết số 1", "DANH MỤC THỦ TỤC HÀNH CHÍNH", "Đăng ký khai sinh", "Chứng thực chữ ký", "10.000 đồng", "Giờ tiếp nhận hồ sơ", "024 0000 0000", "xin chào, xin hỏi, xin cảm ơn"]) {
      expect(pdf.text.normalize("NFC")).toContain(words);
    }
    const pages = pdf.pageTexts.map(compact);
    for (const row of rows) {
      // Each row lands whole on one page: its code once, and its whole text (code, name, every channel's
      // time limit and fees, the QR caption) on that page.
      const withCode = pages.flatMap((text, i) => (text.includes(compact(`Mã ${row.code}`)) ? [i] : []));
      expect(withCode, `pages with the code ${row.code}`).toHaveLength(1);
      expect(pages[withCode[0]], `row ${row.code} whole on page ${withCode[0] + 1}`).toContain(compact(row.text));
    }
  });

  it("one part alone: the code of conduct placard, a field's list; an unknown part is not found", async () => {
    const placard = await get(env.server, `${PACK}.pdf?phan=quy-tac-ung-xu`, { cookie });
    expect(placard.status).toBe(200);
    const placardPdf = await readPdf(Buffer.from(await placard.arrayBuffer()));
    expect(placardPdf.text.normalize("NFC")).toContain("4 luôn: luôn mỉm cười");
    expect(placardPdf.text).toContain(`Trang ${placardPdf.pages}/${placardPdf.pages}`);
    expect(placardPdf.text).not.toContain("Mã 1.001193");

    const field = await get(env.server, `${PACK}/trang-in?phan=linh-vuc-G15-TP03`, { cookie });
    expect(field.status).toBe(200);
    const fieldHtml = decode(await field.text());
    expect(fieldHtml).toContain("Mã 2.000815");
    expect(fieldHtml).not.toContain("Mã 1.001193");
    expect((await get(env.server, `${PACK}/trang-in?phan=linh-vuc-KHONG-CO`, { cookie })).status).toBe(404);
    expect((await get(env.server, "/admin/releases/99/ban-in.pdf", { cookie })).status).toBe(404);

    const index = decode(await (await get(env.server, PACK, { cookie })).text());
    expect(index).toContain(`href="${PACK}.pdf?phan=linh-vuc-G15-TP07"`);
  });

  it("a draft's pack says on every page that it is not published", async () => {
    const leader = cli(env.server, ["user", "add", "--username", "hoa-an-lanh-dao-in", "--unit", "00000", "--role", "approver"], { NIEMYET_PASSWORD: PASSWORD });
    expect(leader.status, leader.stderr).toBe(0);
    const draft = cli(env.server, ["release", "create", "--unit", "00000", "--as", "hoa-an-lanh-dao-in", "--note", "Bản nháp để in thử", "--draft"]);
    expect(draft.status, `${draft.stdout}\n${draft.stderr}`).toBe(0);
    const res = await get(env.server, "/admin/releases/2/ban-in.pdf?phan=linh-vuc-G15-TP07", { cookie });
    expect(res.status).toBe(200);
    const pdf = await readPdf(Buffer.from(await res.arrayBuffer()));
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    for (const text of pdf.pageTexts) expect(text.normalize("NFC")).toContain("Bản niêm yết số 2 – BẢN NHÁP, chưa công bố");
    expect(pdf.pageTexts[0].normalize("NFC")).toContain("Bản nháp số 2: chưa công bố, không dùng để niêm yết.");
  });
});
