import { describe, expect, it } from "vitest";
import { fits } from "./validator";

describe("the browser's structural validator picks the right branch of a fee rule", () => {
  const root = {
    definitions: {
      rule: {
        oneOf: [
          { type: "object", required: ["type"], properties: { type: { const: "free" } } },
          { type: "object", required: ["type", "amount"], properties: { type: { const: "fixed" }, amount: { type: "integer" } } },
        ],
      },
    },
  };
  it("by the const discriminator, the type and the required properties", () => {
    const [free, fixed] = root.definitions.rule.oneOf;
    expect(fits(free as never, { type: "free" }, root as never)).toBe(true);
    expect(fits(fixed as never, { type: "free" }, root as never)).toBe(false);
    expect(fits(fixed as never, { type: "fixed", amount: 2000 }, root as never)).toBe(true);
    expect(fits(fixed as never, { type: "fixed" }, root as never)).toBe(false);
    expect(fits(fixed as never, { type: "fixed", amount: "hai nghìn" }, root as never)).toBe(false);
    expect(fits({ $ref: "#/definitions/rule" } as never, { type: "fixed", amount: 1 }, root as never)).toBe(true);
    expect(fits({ $ref: "#/definitions/rule" } as never, { type: "khac" }, root as never)).toBe(false);
  });
});

describe("dates typed as dd/mm/yyyy", () => {
  it("become YYYY-MM-DD when they are real dates, and nothing otherwise", async () => {
    const { parseVietnameseDate } = await import("~/domain/format");
    expect(["22/11/2026", "2/1/2026", "22-11-2026", "22.11.2026", "29/02/2024"].map(parseVietnameseDate)).toEqual([
      "2026-11-22",
      "2026-01-02",
      "2026-11-22",
      "2026-11-22",
      "2024-02-29",
    ]);
    expect(["31/02/2026", "2026-11-22", "22/11/26", "hôm nay", ""].map(parseVietnameseDate)).toEqual([null, null, null, null, null]);
  });
});
