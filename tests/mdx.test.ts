import { describe, expect, it } from "vitest";
import {
  ALLOWED_COMPONENTS,
  MdxSafetyError,
  checkMdx,
  clearMdxCache,
  isSafeUrl,
  mdxCacheStats,
  renderMdx,
  sanitizeHast,
} from "../app/utils/mdx.server";

/** The MdxSafetyError renderMdx throws for `source` (fails the test if it renders). */
function safetyError(source: string): MdxSafetyError {
  try {
    renderMdx(source);
  } catch (error) {
    if (error instanceof MdxSafetyError) return error;
    throw error;
  }
  throw new Error(`expected MdxSafetyError for: ${source}`);
}

const DANGEROUS = /<script|<iframe|<style|javascript:|vbscript:|data:|onerror|onclick|alert\(/i;

describe("renderMdx refuses code and reports the line", () => {
  it("rejects import and export, with the line in Vietnamese", () => {
    const error = safetyError('# Quy chế\n\nimport x from "y"\n\nexport const a = 1\n');
    expect(error.name).toBe("MdxSafetyError");
    expect(error.issues).toEqual([
      { line: 3, column: 1, message: "Dòng 3: không được dùng lệnh import/export trong nội dung MDX" },
      { line: 5, column: 1, message: "Dòng 5: không được dùng lệnh import/export trong nội dung MDX" },
    ]);
    expect(error.message).toContain("Dòng 3: không được dùng lệnh import/export");
  });

  it("rejects flow and text expressions, collecting every issue", () => {
    const issues = checkMdx("Một\n\n{1+1}\n\nHai {alert(1)} ba\n");
    expect(issues.map((issue) => issue.message)).toEqual([
      expect.stringMatching(/^Dòng 3: không được dùng biểu thức JavaScript/),
      expect.stringMatching(/^Dòng 5, cột 5: không được dùng biểu thức JavaScript/),
    ]);
  });

  it("never runs the author's code", () => {
    const before = process.exitCode;
    const marker = globalThis as { mdxRan?: boolean };
    const issues = checkMdx("{process.exit(1)}\n\n{globalThis.mdxRan = true}\n\nexport const x = (globalThis.mdxRan = true)\n");
    expect(issues.map((issue) => issue.line)).toEqual([1, 3, 5]);
    expect(marker.mdxRan).toBeUndefined();
    expect(process.exitCode).toBe(before); // and we are still here to check it
  });

  it("reports a malformed expression with its line", () => {
    expect(checkMdx("Tiêu đề\n\nGiá {1+}")[0]?.message).toMatch(/^Dòng 3, cột \d+: không được dùng biểu thức JavaScript/);
  });

  it("allows MDX comments and drops them", () => {
    expect(renderMdx("Trước {/* ghi chú nội bộ */} sau\n\n{/* cả đoạn */}\n")).toBe("<p>Trước  sau</p>");
  });

  it("rejects event handler, expression and spread attributes", () => {
    const issues = checkMdx('Đoạn\n\n<Callout onClick={alert} type={kind} {...props}>\n\nx\n\n</Callout>\n');
    expect(issues.map((issue) => issue.message)).toEqual([
      'Dòng 3, cột 10: không được dùng thuộc tính sự kiện "onClick" trong <Callout>',
      expect.stringMatching(/^Dòng 3, cột 26: thuộc tính type=\{…\} trong <Callout> không được dùng biểu thức JavaScript/),
      "Dòng 3, cột 38: không được dùng thuộc tính trải {…} trong <Callout>",
    ]);
  });

  it("rejects a string event handler too", () => {
    expect(checkMdx('<Slogan onmouseover="alert(1)">x</Slogan>')[0]?.message).toBe(
      'Dòng 1, cột 9: không được dùng thuộc tính sự kiện "onmouseover" trong <Slogan>',
    );
  });
});

describe("renderMdx refuses HTML and unknown components", () => {
  it.each([
    ["<script>", "Văn bản\n\n<script>alert(1)</script>\n", 3, "không được dùng thẻ HTML <script>"],
    ["<iframe>", 'Văn bản\n\n<iframe src="https://evil.example" />\n', 3, "không được dùng thẻ HTML <iframe>"],
    ["<div>", "A\n\nB\n\n<div>hộp</div>\n", 5, "không được dùng thẻ HTML <div>"],
    ["<a href=javascript:>", 'Xem <a href="javascript:alert(1)">đây</a>\n', 1, "không được dùng thẻ HTML <a>"],
    ["<Script>", "\n<Script />\n", 2, "không được dùng thành phần <Script>"],
    ["<Foo>", "# Tiêu đề\n\n<Foo bar=\"1\">x</Foo>\n", 3, "không được dùng thành phần <Foo>"],
    ["<>", "<>x</>\n", 1, "không được dùng thẻ rỗng"],
    ["<callout>", '<callout type="info">x</callout>\n', 1, "Có phải ý bạn là <Callout>?"],
  ])("rejects %s", (_label, source, line, text) => {
    const error = safetyError(source);
    const issue = error.issues.find((candidate) => candidate.message.includes(text));
    expect(issue?.line).toBe(line);
    expect(issue?.message).toMatch(new RegExp(`^Dòng ${line}[,:]`));
  });

  it("rejects raw <style>, and its braces as an expression", () => {
    const issues = checkMdx("Mở đầu\n\n<style>{`body{display:none}`}</style>\n");
    expect(issues.map((issue) => issue.line)).toEqual([3, 3]);
    expect(issues[0]?.message).toContain("không được dùng thẻ HTML <style>");
    expect(issues[1]?.message).toContain("biểu thức JavaScript");
  });

  it("rejects <img src=x onerror=alert(1)> (unquoted attributes are a syntax error)", () => {
    const error = safetyError("Ảnh:\n\n<img src=x onerror=alert(1)>\n");
    expect(error.issues).toEqual([
      { line: 3, column: 10, message: 'Dòng 3, cột 10: giá trị thuộc tính phải đặt trong dấu ngoặc kép, ví dụ type="info"' },
    ]);
  });

  it("rejects <img> with quoted onerror", () => {
    const messages = checkMdx('<img src="x" onerror="alert(1)" />').map((issue) => issue.message);
    expect(messages).toEqual([
      expect.stringContaining("Dòng 1: không được dùng thẻ HTML <img>"),
      'Dòng 1, cột 14: không được dùng thuộc tính sự kiện "onerror" trong <img>',
    ]);
  });

  it("rejects HTML comments with a hint", () => {
    expect(checkMdx("Một\n\nHai <!-- bí mật -->\n")).toEqual([
      { line: 3, column: 6, message: "Dòng 3, cột 6: không dùng chú thích HTML <!-- … -->; nếu cần ghi chú, hãy viết {/* … */}" },
    ]);
  });

  it("explains that <https://…> autolinks do not exist in MDX", () => {
    expect(checkMdx("A\n\nXem <https://dichvucong.gov.vn>")[0]?.message).toBe(
      "Dòng 3, cột 12: không viết liên kết dạng <https://…>; hãy viết [chữ hiển thị](https://…)",
    );
  });

  it("reports an unclosed component with its line", () => {
    expect(checkMdx("Đầu\n\n<Callout>\n\nNội dung\n")[0]?.message).toBe("Dòng 3: thẻ <Callout> chưa có thẻ đóng </Callout>");
  });

  it("rejects attributes and values outside the allow-list", () => {
    const messages = checkMdx('<Callout type="danger" id="x">\n\nx\n\n</Callout>\n\n<Slogan type>y</Slogan>').map((issue) => issue.message);
    expect(messages).toEqual([
      'Dòng 1, cột 10: giá trị type="danger" không hợp lệ trong <Callout>; chọn một trong: "info", "warning"',
      'Dòng 1, cột 24: thuộc tính "id" không được phép trong <Callout>; chỉ dùng: type',
      'Dòng 7, cột 9: thuộc tính "type" không được phép trong <Slogan>; thành phần này không có thuộc tính nào',
    ]);
  });

  it("rejects a block component in the middle of a sentence", () => {
    expect(checkMdx('Xem <Callout type="info">x</Callout> nhé')[0]?.message).toBe(
      "Dòng 1, cột 5: thành phần <Callout> phải đứng riêng trên một dòng, không nằm giữa câu",
    );
  });
});

describe("renderMdx refuses unsafe URLs", () => {
  it.each([
    ["javascript:", "[x](javascript:alert(1))"],
    ["upper case", "[x](JAVASCRIPT:alert(1))"],
    ["mixed case and spaces", "[x]( JaVaScRiPt:alert(1))"],
    ["tab as a character reference", "[x](java&#x09;script:alert(1))"],
    ["newline as a character reference", "[x](java&#10;script:alert(1))"],
    ["colon as a character reference", "[x](javascript&#58;alert(1))"],
    ["vbscript:", "[x](vbscript:msgbox(1))"],
    ["data: link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["reference definition", "[x]\n\n[x]: javascript:alert(1)"],
  ])("link with %s", (_label, markdown) => {
    const source = `# Tiêu đề\n\nĐoạn đầu.\n\n${markdown}\n`;
    const issues = checkMdx(source);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.line).toBeGreaterThanOrEqual(5);
    expect(issues[0]?.message).toMatch(/^Dòng \d+(, cột \d+)?: liên kết dùng giao thức không an toàn/);
    expect(() => renderMdx(source)).toThrow(MdxSafetyError);
  });

  it("data: image", () => {
    expect(checkMdx("A\n\n![](data:text/html;base64,PHNjcmlwdD4=)")[0]?.message).toMatch(
      /^Dòng 3: hình ảnh dùng giao thức không an toàn "data:"/,
    );
  });

  it("isSafeUrl keeps http(s), mailto, tel, relative and # links", () => {
    for (const url of ["https://dichvucong.gov.vn", "http://a.vn/x?y=1#z", "mailto:ubnd@hanoi.gov.vn", "tel:+842438253536", "/thu-tuc/1.001", "huong-dan.pdf", "#muc-2", "?trang=2", "//cdn.example/x.png"]) {
      expect(isSafeUrl(url, "link"), url).toBe(true);
    }
    for (const url of ["javascript:alert(1)", "JAVASCRIPT:x", " java\tscript:x", "java\nscript:x", "\u0000javascript:x", "vbscript:x", "data:text/html,x", "java%09script:x", "file:///etc/passwd"]) {
      expect(isSafeUrl(url, "link"), JSON.stringify(url)).toBe(false);
    }
    expect(isSafeUrl("mailto:a@b.vn", "image")).toBe(false);
    expect(isSafeUrl("data:image/png;base64,AAAA", "image")).toBe(false);
  });

  it("the sanitiser drops unknown elements, handlers, comments and unsafe URLs from any hast", () => {
    const clean = sanitizeHast({
      type: "root",
      children: [
        { type: "element", tagName: "script", properties: {}, children: [{ type: "text", value: "alert(1)" }] },
        { type: "comment", value: "x" },
        { type: "raw", value: "<img src=x onerror=alert(1)>" },
        {
          type: "element",
          tagName: "a",
          properties: { href: "java\tscript:alert(1)", onClick: "alert(1)", style: "x" },
          children: [{ type: "text", value: "x" }],
        },
        { type: "element", tagName: "img", properties: { src: "data:text/html,x", alt: "ảnh" }, children: [] },
        { type: "element", tagName: "div", properties: { className: ["evil"] }, children: [] },
      ],
    } as Parameters<typeof sanitizeHast>[0]);
    expect(clean.children).toEqual([
      { type: "element", tagName: "a", properties: {}, children: [{ type: "text", value: "x" }] },
      { type: "element", tagName: "img", properties: { alt: "ảnh" }, children: [] },
      { type: "element", tagName: "div", properties: {}, children: [] },
    ]);
  });
});

describe("renderMdx renders Markdown and the allowed components", () => {
  it("renders Vietnamese text, headings, + lists, bold and links", () => {
    const html = renderMdx(
      [
        "# Bộ quy tắc ứng xử",
        "",
        "## Điều 1. Phạm vi điều chỉnh",
        "",
        "Cán bộ, công chức **phải** tận tụy phục vụ nhân dân.",
        "",
        "+ Lắng nghe ý kiến",
        "+ Trả lời đúng hạn",
        "",
        "Liên hệ [Cổng Dịch vụ công](https://dichvucong.gov.vn), [thư điện tử](mailto:ubnd@phuong.gov.vn) hoặc [điện thoại](tel:+842438253536).",
        "",
        "Xem [mục 2](#dieu-2) và [thủ tục](/thu-tuc/1.001 \"Thủ tục\").",
      ].join("\n"),
    );
    expect(html).toBe(
      [
        "<h1>Bộ quy tắc ứng xử</h1>",
        "<h2>Điều 1. Phạm vi điều chỉnh</h2>",
        "<p>Cán bộ, công chức <strong>phải</strong> tận tụy phục vụ nhân dân.</p>",
        "<ul>",
        "<li>Lắng nghe ý kiến</li>",
        "<li>Trả lời đúng hạn</li>",
        "</ul>",
        '<p>Liên hệ <a href="https://dichvucong.gov.vn">Cổng Dịch vụ công</a>, <a href="mailto:ubnd@phuong.gov.vn">thư điện tử</a> hoặc <a href="tel:+842438253536">điện thoại</a>.</p>',
        '<p>Xem <a href="#dieu-2">mục 2</a> và <a href="/thu-tuc/1.001" title="Thủ tục">thủ tục</a>.</p>',
      ].join("\n"),
    );
  });

  it("escapes text that looks like markup", () => {
    // `<` and `&` are escaped; `>` needs no escaping in text (hast-util-to-html leaves it as is).
    expect(renderMdx("Dấu \\< và \\{ và & và \\>")).toBe("<p>Dấu &lt; và { và &amp; và ></p>");
  });

  it("renders Callout with its type and the info default", () => {
    expect(renderMdx('<Callout type="warning">\n\nHồ sơ nộp sau **16 giờ** tính vào ngày hôm sau.\n\n</Callout>')).toBe(
      '<aside class="callout callout--warning" role="note">\n<p>Hồ sơ nộp sau <strong>16 giờ</strong> tính vào ngày hôm sau.</p>\n</aside>',
    );
    expect(renderMdx("<Callout>Lưu ý chung.</Callout>")).toBe(
      '<aside class="callout callout--info" role="note">\n<p>Lưu ý chung.</p>\n</aside>',
    );
  });

  it("renders Slogan on its own line and inline", () => {
    expect(renderMdx("<Slogan>Vì nhân dân phục vụ</Slogan>")).toBe('<p class="slogan">Vì nhân dân phục vụ</p>');
    expect(renderMdx("<Slogan>\n  Vì nhân dân phục vụ\n</Slogan>")).toBe('<p class="slogan">Vì nhân dân phục vụ</p>');
    expect(renderMdx("Khẩu hiệu: <Slogan>Vì nhân dân</Slogan>.")).toBe('<p>Khẩu hiệu: <span class="slogan">Vì nhân dân</span>.</p>');
  });

  it("documents the allowed components", () => {
    expect(ALLOWED_COMPONENTS.map((component) => component.name)).toEqual(["Callout", "Slogan"]);
    expect(ALLOWED_COMPONENTS[0]?.attributes).toEqual({ type: ["info", "warning"] });
    for (const component of ALLOWED_COMPONENTS) expect(checkMdx(component.example)).toEqual([]);
  });

  it("never emits anything dangerous for the hostile corpus", () => {
    const hostile = [
      "[x](javascript:alert(1))",
      '<a href="javascript:alert(1)">x</a>',
      "<img src=x onerror=alert(1)>",
      "<script>alert(1)</script>",
      "![](data:text/html;base64,PHNjcmlwdD4=)",
      "{alert(1)}",
    ];
    for (const source of hostile) {
      let html = "";
      try {
        html = renderMdx(source);
      } catch (error) {
        expect(error).toBeInstanceOf(MdxSafetyError);
      }
      expect(html).not.toMatch(DANGEROUS);
    }
  });
});

describe("cache", () => {
  it("serves a second render of the same source from the cache", () => {
    clearMdxCache();
    const source = "# Chính sách chất lượng\n\n<Slogan>Chất lượng là trên hết</Slogan>\n";
    const first = renderMdx(source);
    expect(mdxCacheStats()).toMatchObject({ size: 1, hits: 0, misses: 1, maxEntries: 500 });
    const second = renderMdx(source);
    expect(second).toBe(first);
    expect(mdxCacheStats()).toMatchObject({ size: 1, hits: 1, misses: 1 });
  });

  it("caches failures too, and still throws every time", () => {
    clearMdxCache();
    expect(() => renderMdx("{1}")).toThrow(MdxSafetyError);
    expect(() => renderMdx("{1}")).toThrow(MdxSafetyError);
    expect(mdxCacheStats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it("is bounded and evicts the least recently used entry", () => {
    clearMdxCache();
    renderMdx("đầu tiên");
    for (let index = 0; index < 499; index += 1) renderMdx(`đoạn ${index}`);
    renderMdx("đầu tiên"); // refresh: now the most recent
    renderMdx("tràn"); // evicts "đoạn 0", not "đầu tiên"
    expect(mdxCacheStats().size).toBe(500);
    const hits = mdxCacheStats().hits;
    renderMdx("đầu tiên");
    expect(mdxCacheStats().hits).toBe(hits + 1);
    renderMdx("đoạn 0");
    expect(mdxCacheStats().hits).toBe(hits + 1);
  });
});
