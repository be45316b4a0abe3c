import { describe, expect, it } from "vitest";
import { markWords, queryWords, searchByName } from "./public-search";

const items = [
  { code: "1.004884", name: "Đăng ký lại khai sinh" },
  { code: "1.001193", name: "Đăng ký khai sinh" },
  { code: "1.000656", name: "Đăng ký khai tử" },
  { code: "2.000635", name: "Cấp bản sao Trích lục hộ tịch" },
];

describe("the citizens' procedure search", () => {
  it("ignores case and diacritics (đ = d) and ranks the whole phrase in the name first", () => {
    const hits = searchByName(items, "DANG KY khai sinh");
    expect(hits.map((h) => [h.item.code, h.rank])).toEqual([
      ["1.001193", 0],
      ["1.004884", 1],
    ]);
    expect(searchByName(items, "đăng ký").map((h) => h.item.code)).toEqual(["1.001193", "1.000656", "1.004884"]);
  });

  it("finds a procedure by its code, after those found by name", () => {
    expect(searchByName(items, "2.000635").map((h) => [h.item.code, h.rank])).toEqual([["2.000635", 2]]);
  });

  it("marks the query's words in the name, keeping its diacritics", () => {
    expect(markWords("Đăng ký lại khai sinh", queryWords("dang ky khai sinh"))).toEqual([
      { text: "Đăng", match: true },
      { text: " ", match: false },
      { text: "ký", match: true },
      { text: " lại ", match: false },
      { text: "khai", match: true },
      { text: " ", match: false },
      { text: "sinh", match: true },
    ]);
    expect(markWords("Cấp bản sao", [])).toEqual([{ text: "Cấp bản sao", match: false }]);
  });
});
