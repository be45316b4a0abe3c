import { describe, expect, it } from "vitest";
import { axeViolations } from "./chromium";
import { decode, get } from "./helpers";
import { useServerAndBrowser } from "./hooks";

/**
 * The procedure page's calculators (a GET form the server answers), on the sample catalog: the expected result
 * date over the 2026 calendar and the fees of a channel on a date, in Chromium with JavaScript off and over HTTP
 * on exact cases (tier boundaries, several copies, a charge before and after its effective date).
 */

const CERTIFY = "2.000815"; // 2.000 đồng/page for pages 1–2, 1.000 đồng/page from page 3, at most 200.000 đồng a copy

describe("procedure calculators (built server)", () => {
  const env = useServerAndBrowser();
  const answer = async (code: string, query: Record<string, string>) => {
    const res = await get(env.server, `/thu-tuc/${code}?${new URLSearchParams(query)}`);
    const html = decode(await res.text());
    const start = html.indexOf('class="calculator__result"');
    return { status: res.status, html, result: start < 0 ? "" : html.slice(start, html.indexOf("</section>", start)).replace(/<[^>]+>/g, "") };
  };

  it("works without JavaScript: filed Friday 13/2/2026 at 15:30, the result is due Monday 23/2 after Tết; the fee of 3 pages × 2 copies", async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false, locale: "vi-VN" });
    const page = await context.newPage();
    await page.goto(`${env.server.baseUrl}/thu-tuc/${CERTIFY}`);
    await page.getByLabel("Ngày nộp hồ sơ").fill("2026-02-13");
    await page.getByLabel("Giờ nộp").fill("15:30");
    await page.getByLabel("Số trang mỗi bản").fill("3");
    await page.getByLabel("Số bản").fill("2");
    await page.getByRole("button", { name: "Tính" }).click();
    await page.waitForURL(/ngay=2026-02-13/);
    const result = await page.locator(".calculator__result").textContent();
    expect(result).toContain("ngày hẹn trả kết quả dự kiến thứ Hai, 23/02/2026");
    expect(result).toContain("Nộp từ 15 giờ 00 trở đi: trả kết quả ngày làm việc tiếp theo.");
    expect(result).toContain("Phí chứng thực bản sao từ bản chính: 10.000 đồng");
    // axe runs as a script: the same answer page, opened where scripts may run.
    const url = page.url();
    await context.close();
    const axeContext = await env.browser.newContext({ bypassCSP: true, locale: "vi-VN" });
    const axePage = await axeContext.newPage();
    await axePage.goto(url);
    expect(await axePage.locator(".calculator__result").textContent()).toContain("23/02/2026");
    expect(await axeViolations(axePage)).toEqual([]);
    await axeContext.close();
  });

  it("computes the certified-copy fee exactly at the tier boundaries and the cap, times the copies", async () => {
    const fee = async (pages: number, copies = 1) =>
      /Phí chứng thực bản sao từ bản chính: ([\d.]+ đồng)/.exec(
        (await answer(CERTIFY, { ngay: "2026-03-02", gio: "08:00", "so-trang": String(pages), "so-ban": String(copies) })).result,
      )?.[1];
    expect(await fee(2)).toBe("4.000 đồng");
    expect(await fee(3)).toBe("5.000 đồng");
    expect(await fee(5)).toBe("7.000 đồng");
    expect(await fee(200)).toBe("200.000 đồng");
    expect(await fee(201)).toBe("200.000 đồng");
    expect(await fee(300, 3)).toBe("600.000 đồng");
  });

  it("applies a charge only from its effective date (Hà Nội's late birth registration charge, from 17/7/2020)", async () => {
    const before = await answer("1.001193", { ngay: "2020-07-16", gio: "08:00", "cach-thuc": "DIRECT" });
    expect(before.result).toContain("chưa tính được (Chưa có mức thu áp dụng vào ngày 16/07/2020)");
    const after = await answer("1.001193", { ngay: "2020-07-17", gio: "08:00", "cach-thuc": "DIRECT" });
    expect(after.result).toMatch(/Lệ phí đăng ký khai sinh quá hạn[^:]*: 5\.000 đồng/);
    // 2020 has no holiday calendar in the catalog: the date is counted with weekends only, and the page says so.
    expect(after.result).toContain("Chưa có lịch nghỉ lễ năm 2020");
  });

  it("refuses an input that is not valid with a message beside its field, and shows no answer", async () => {
    const bad = await answer(CERTIFY, { ngay: "2026-02-30", gio: "25:00", "so-trang": "0" });
    expect(bad.status).toBe(400);
    expect(bad.result).toBe("");
    expect(bad.html).toContain("Ngày nộp hồ sơ không có thật trong lịch (30/02/2026)");
    expect(bad.html).toContain("Giờ nộp phải có dạng giờ:phút, ví dụ 14:30");
    expect(bad.html).toContain("Số trang mỗi bản phải là số nguyên từ 1 đến 100.000");
    // Without a date, the page is the plain record: the form, no answer.
    const plain = await answer(CERTIFY, {});
    expect(plain.status).toBe(200);
    expect(plain.result).toBe("");
    expect(plain.html).toContain("Tính ngày hẹn trả kết quả và phí, lệ phí");
  });
});
