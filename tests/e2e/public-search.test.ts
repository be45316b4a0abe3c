import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./chromium";
import { dbRun, decode, get, publishRelease } from "./helpers";
import { useServerAndBrowser } from "./hooks";

/** `/thu-tuc`: the citizens' search and filters over the default commune's list (Phường Hòa An), and a commune's own. */

const catalog = readdirSync("catalog/procedures").map((f) => JSON.parse(readFileSync(join("catalog/procedures", f), "utf8")));
const codesIn = (html: string) => [...html.matchAll(/<li><a data-discover="true" href="\/(?:xa\/\d{5}\/)?thu-tuc\/([\d.]+)">/g)].map((m) => m[1]);

describe("the citizens' procedure search (built server)", () => {
  const env = useServerAndBrowser();
  const page = async (path: string) => {
    const res = await get(env.server, path);
    return { status: res.status, html: decode(await res.text()) };
  };

  it("ignores case and diacritics, puts the whole phrase in the name first and marks the words", async () => {
    const { status, html } = await page("/thu-tuc?q=DANG+KY+khai+sinh");
    expect(status).toBe(200);
    expect(codesIn(html).slice(0, 2)).toEqual(["1.001193", "1.004884"]);
    expect(html).toContain("<mark>Đăng</mark><span> </span><mark>ký</mark><span> lại </span><mark>khai</mark>");
    expect(html).toMatch(/Tìm thấy \d+ thủ tục/);
  });

  it("filters by field and same-day result, exactly the catalog's procedures that match", async () => {
    const { html } = await page("/thu-tuc?linh-vuc=G15-TP03&trong-ngay=1");
    const expected = catalog
      .filter((p) => p.fieldCode === "G15-TP03" && p.channels.some((c: any) => c.timeLimit.unit === "working_hours" && c.timeLimit.value <= 8))
      .map((p) => p.code)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(codesIn(html).sort()).toEqual(expected);
  });

  it("free of charge leaves out a procedure with a charge; a commune's unlisted procedure is not in its list", async () => {
    const free = codesIn((await page("/thu-tuc?mien-phi=1")).html);
    expect(free).toContain("1.000894"); // đăng ký kết hôn: lệ phí miễn
    expect(free).not.toContain("1.001193"); // khai sinh: a charge when registered late
    const all = [...codesIn((await page("/thu-tuc")).html), ...codesIn((await page("/thu-tuc?trang=2")).html)];
    expect(all).toHaveLength(catalog.length - 1);
    expect(all).not.toContain("1.008004");
    const anPhu = (await page("/xa/99902/thu-tuc?q=cay+trong")).html;
    expect(codesIn(anPhu)).toEqual(["1.008004"]);
  });

  it("pages through the results and refuses a page number that is not one", async () => {
    const first = await page("/thu-tuc");
    expect(first.html).toContain("trang 1/2");
    expect(first.html).toContain('href="/thu-tuc?trang=2"');
    const bad = await page("/thu-tuc?trang=abc&linh-vuc=KHONG-CO");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Trang phải là số nguyên từ 1 đến 10.000");
    expect(bad.html).toContain("Lĩnh vực không có trong danh sách để chọn");
  });

  it("robots.txt and sitemap.xml name the commune's listed pages; each procedure page carries schema.org GovernmentService data", async () => {
    const origin = env.server.baseUrl;
    const robots = await page("/robots.txt");
    expect(robots.html).toContain("Disallow: /admin");
    expect(robots.html).toContain(`Sitemap: ${origin}/sitemap.xml`);
    const sitemap = (await page("/sitemap.xml")).html;
    expect(sitemap).toContain(`<loc>${origin}/thu-tuc/1.001193</loc><lastmod>`);
    expect(sitemap).not.toContain("1.008004");
    // Home, list, change log, code of conduct, quality policy, the procedures Hòa An lists, and the internal processes.
    const processes = readdirSync("catalog/processes").length;
    expect([...sitemap.matchAll(/<url>/g)]).toHaveLength(5 + catalog.length - 1 + processes);
    expect(sitemap).toContain(`<loc>${origin}/quy-trinh/QT-HT-01</loc><lastmod>`);
    expect(sitemap).toContain(`<loc>${origin}/thay-doi</loc>`);
    expect(sitemap).toContain(`<loc>${origin}/quy-tac-ung-xu</loc>`);
    const anPhu = (await page("/xa/99902/sitemap.xml")).html;
    expect(anPhu).toContain(`<loc>${origin}/xa/99902/thu-tuc/1.008004</loc>`);
    expect(anPhu).not.toContain("quy-tac-ung-xu");

    const html = (await page("/thu-tuc/1.001193")).html;
    const data = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]);
    expect(data).toMatchObject({
      "@type": "GovernmentService",
      identifier: "1.001193",
      name: "Đăng ký khai sinh",
      url: `${origin}/thu-tuc/1.001193`,
      provider: { "@type": "GovernmentOrganization", name: "Ủy ban nhân dân phường Hòa An" },
    });
    // The commune's own receiving place (its local override), as on the page.
    expect(data.availableChannel[0].serviceLocation.name).toContain("Bộ phận Một cửa Ủy ban nhân dân phường Hòa An");
    expect(html).toContain('<meta property="og:title" content="Đăng ký khai sinh"/>');
  });

  it("a name with markup stays text in the page and in its schema.org data: no script gets out", async () => {
    const hostile = "Đăng ký khai tử </script><script>alert(1)</script>";
    await dbRun(env.server, "UPDATE revisions SET body = REPLACE(body, ?, ?) WHERE kind = 'procedure' AND key = '1.000656'", '"Đăng ký khai tử"', JSON.stringify(hostile));
    await publishRelease(env.server);
    // The raw HTML, as the browser parses it (not decoded).
    const raw = await (await get(env.server, "/thu-tuc/1.000656")).text();
    expect(raw.match(/<script\b[^>]*>/g)).toEqual(['<script type="application/ld+json">']);
    expect(raw).toContain("Đăng ký khai tử \\u003c/script>\\u003cscript>alert(1)\\u003c/script>");
    expect(raw).toContain("<h1 id=\"procedure-title\">Đăng ký khai tử &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
  });

  it("the commune's code of conduct and quality policy have their pages, linked from its home; a commune without them has neither", async () => {
    const home = (await page("/")).html;
    expect(home).toContain('href="/quy-tac-ung-xu"');
    expect(home).toContain('href="/chinh-sach-chat-luong"');
    const code = (await page("/quy-tac-ung-xu")).html;
    expect(code).toContain("Bộ quy tắc ứng xử của cán bộ, công chức tại Bộ phận Một cửa phường Hòa An");
    expect(code).toContain("3 xin: xin chào, xin hỏi, xin cảm ơn");
    expect(code).toContain("số 522/QĐ-UBND ngày 25/01/2017 của Ủy ban nhân dân thành phố Hà Nội");
    const quality = (await page("/chinh-sach-chat-luong")).html;
    expect(quality).toContain("Giải quyết đúng hạn ít nhất 98% hồ sơ thủ tục hành chính");
    expect(quality).toContain("Không thấp hơn (≥) 98 %");
    expect((await page("/xa/99901")).html).not.toContain("quy-tac-ung-xu");
    const none = await page("/xa/99901/quy-tac-ung-xu");
    expect(none.status).toBe(404);
    expect(none.html).toContain("Đơn vị chưa niêm yết bộ quy tắc ứng xử.");
  });

  it("without JavaScript, the home page's search box leads to the results; the page has no axe violations", async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false, locale: "vi-VN" });
    const browserPage = await context.newPage();
    await browserPage.goto(`${env.server.baseUrl}/`);
    await browserPage.getByLabel("Tìm thủ tục theo tên hoặc mã").fill("chứng thực chữ ký");
    await browserPage.getByRole("button", { name: "Tìm" }).click();
    await browserPage.waitForURL(/\/thu-tuc\?q=/);
    expect(await browserPage.locator(".procedure-list li").first().textContent()).toContain("Chứng thực chữ ký");
    const url = browserPage.url();
    await context.close();
    const axeContext = await env.browser.newContext({ bypassCSP: true, locale: "vi-VN" });
    const axePage = await axeContext.newPage();
    await axePage.goto(url);
    expect(await axeViolations(axePage)).toEqual([]);
    for (const path of ["/", "/quy-tac-ung-xu", "/chinh-sach-chat-luong"]) {
      await axePage.goto(`${env.server.baseUrl}${path}`);
      expect(await axeViolations(axePage), path).toEqual([]);
    }
    await axeContext.close();
  });
});
