import { createServer, type Server } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { closePdfBrowser, htmlToPdf, PdfBusyError, PdfUnavailableError } from "~/utils/pdf.server";
import { readPdf } from "./e2e/pdf";

/** app/utils/pdf.server.ts with Debian's Chromium: what every printed document of the app relies on. */

const page = (text: string) => `<section style="break-after: page"><h1>${text}</h1></section>`;
const doc = (body: string) => `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Thử</title></head><body>${body}</body></html>`;

describe("htmlToPdf", () => {
  afterAll(() => closePdfBrowser());

  it("prints A4 pages with the footer's text and Trang x/y on each, Vietnamese as written", async () => {
    const pdf = await readPdf(await htmlToPdf(doc(page("Đăng ký khai sinh") + page("Chứng thực chữ ký") + "<p>Lệ phí: 10.000 đồng</p>"), { footerText: "Phường Hòa An" }));
    expect(pdf.pages).toBe(3);
    expect(pdf.pageSize).toEqual([595, 842]);
    pdf.pageTexts.forEach((text, i) => {
      expect(text).toContain(`Trang ${i + 1}/3`);
      expect(text.normalize("NFC")).toContain("Phường Hòa An");
    });
    expect(pdf.pageTexts[0].normalize("NFC")).toContain("Đăng ký khai sinh");
    expect(pdf.pageTexts[2].normalize("NFC")).toContain("10.000 đồng");
  });

  it("makes no request: a stylesheet or image on the network is refused, the page still prints", async () => {
    const hits: string[] = [];
    const server: Server = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.end("p { color: red }");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    try {
      const html = doc(`<link rel="stylesheet" href="${origin}/style.css"><img src="${origin}/image.png" alt="ảnh"><p>Nội dung</p>`);
      const pdf = await readPdf(await htmlToPdf(html));
      expect(pdf.text.normalize("NFC")).toContain("Nội dung");
      expect(hits).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("gives up after its time limit, and many conversions at once all finish (a small queue)", async () => {
    const long = doc(Array.from({ length: 100 }, (_, i) => page(`Trang thử ${i}`)).join(""));
    await expect(htmlToPdf(long, { timeoutMs: 50 })).rejects.toBeInstanceOf(PdfBusyError);
    const many = await Promise.all(Array.from({ length: 5 }, (_, i) => htmlToPdf(doc(page(`Tài liệu ${i}`)))));
    for (const [i, pdf] of many.entries()) expect((await readPdf(pdf)).text).toContain(`Tài liệu ${i}`);
  });

  it("without Chromium: PdfUnavailableError (the caller offers the print-ready page)", async () => {
    await closePdfBrowser();
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/khong-co/chromium";
    try {
      await expect(htmlToPdf(doc("<p>x</p>"))).rejects.toBeInstanceOf(PdfUnavailableError);
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });
});
