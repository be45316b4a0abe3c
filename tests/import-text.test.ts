import { describe, expect, it } from "vitest";
import { cleanLine, cleanText, looksLikeHtml, textToMdx } from "~/imports/text";
import { checkMdx, renderMdx } from "~/utils/mdx.server";

/** The cleaning of imported text (portal records, province spreadsheets): meaning and lines kept, markup inert. */
describe("imported text", () => {
  it("cleanText: \\r\\n, tabs, non-breaking and zero-width spaces, doubled spaces, control characters; lines kept", () => {
    expect(cleanText("  Bước 1:\tNộp\u00a0hồ  sơ\r\n\r\n\r\n\r\n+ tại\u200b một cửa \r- trực tuyến\u0007 ")).toBe("Bước 1: Nộp hồ sơ\n\n+ tại một cửa\n- trực tuyến");
    // Decomposed diacritics are composed (NFC): the same word compares equal.
    expect(cleanText("Ho\u0302\u0323 ti\u0323ch")).toBe("Hộ tịch");
    expect(cleanText(null)).toBe("");
    expect(cleanText(12)).toBe("12");
  });

  it("cleanText: HTML fragments lose their tags (scripts and styles with their content), block tags end lines, entities decoded", () => {
    expect(cleanText("<p>Kiểm tra&nbsp;hồ sơ <b>đầy đủ</b></p><p>cha, mẹ &amp; con</p><br/>x&#7841;&#x1EA1;")).toBe("Kiểm tra hồ sơ đầy đủ\n\ncha, mẹ & con\n\nxạạ");
    expect(cleanText('<script>alert("x")</script><style>p{}</style><!-- ghi chú -->Còn lại')).toBe("Còn lại");
    expect(cleanText("<ul><li>Một</li><li>Hai</li></ul>")).toBe("- Một\n- Hai");
    // An escaped tag is text, not markup: it stays as the characters it names.
    expect(cleanText("&lt;b&gt;đậm&lt;/b&gt; &unknown; &#0; &#xD800;")).toBe("<b>đậm</b> &unknown;");
    expect(looksLikeHtml("a <br> b")).toBe(true);
    expect(looksLikeHtml("2 < 3 và 5 > 4")).toBe(false);
  });

  it("cleanLine: one line for names and codes", () => {
    expect(cleanLine("  Đăng ký\n khai\tsinh  ")).toBe("Đăng ký khai sinh");
  });

  it("textToMdx: '-' bullets a list, '+' bullets nested under the item before, lines kept as hard breaks, syntax escaped", () => {
    expect(textToMdx("Hồ sơ gồm:\n- Tờ khai\n+ bản chính\n+ bản sao\n- Giấy chứng sinh\nSau đó nộp.")).toBe(
      "Hồ sơ gồm:\n\n- Tờ khai\n  - bản chính\n  - bản sao\n- Giấy chứng sinh\n\nSau đó nộp.",
    );
    expect(textToMdx("Dòng một\nDòng hai")).toBe("Dòng một\\\nDòng hai");
    expect(textToMdx("+ chỉ có dấu cộng\n+ hai")).toBe("- chỉ có dấu cộng\n- hai");
    // (the tag-like <Danger /> is markup and goes; the ESM-looking line becomes text)
    expect(textToMdx("# không phải tiêu đề\n1. không phải danh sách số\n{process.exit()} <Danger /> [liên kết](javascript:x) *nhấn*\nexport const a = 1")).toBe(
      "\\# không phải tiêu đề\\\n1\\. không phải danh sách số\\\n\\{process.exit()\\} \\[liên kết\\](javascript:x) \\*nhấn\\*\\\n&#x65;xport const a = 1",
    );
  });

  it("textToMdx output is safe MDX that renders as the text it was, whatever the record held", () => {
    const hostile = '<p>Bước 1</p><script>alert(1)</script>\n{globalThis.process.exit(1)}\n<img src=x onerror="alert(1)">\nexport const x = 1\nimport fs from "fs"\n- [bấm](javascript:alert(1))';
    const mdx = textToMdx(hostile);
    expect(checkMdx(mdx)).toEqual([]);
    const html = renderMdx(mdx);
    expect(html).not.toMatch(/<script|<img|onerror=|href="javascript/i);
    expect(html).toContain("{globalThis.process.exit(1)}");
    expect(html).toContain("export const x = 1");
    expect(html).toContain("<li>[bấm](javascript:alert(1))</li>");
  });
});
