import { describe, expect, it } from "vitest";
import { calculateFee, describeFeeRule, rateInForce, type FeeRate, type FeeRule } from "./fees";

const certifiedCopy: FeeRule = {
  type: "tiered",
  unit: "trang",
  tiers: [
    { from: 1, to: 2, amountPerUnit: 2000 },
    { from: 3, amountPerUnit: 1000 },
  ],
  maxPerItem: 200000,
  item: "bản",
};

describe("fee rules (Thông tư 226/2016/TT-BTC and others)", () => {
  it("certified copy: 2.000 đ/page for pages 1–2, 1.000 đ/page from page 3, at most 200.000 đ per copy", () => {
    expect(calculateFee(certifiedCopy, { units: 1 })).toBe(2000);
    expect(calculateFee(certifiedCopy, { units: 2 })).toBe(4000);
    expect(calculateFee(certifiedCopy, { units: 3 })).toBe(5000);
    expect(calculateFee(certifiedCopy, { units: 10, items: 2 })).toBe(2 * (4000 + 8000));
    expect(calculateFee(certifiedCopy, { units: 196 })).toBe(198000);
    expect(calculateFee(certifiedCopy, { units: 198 })).toBe(200000);
    expect(calculateFee(certifiedCopy, { units: 500 })).toBe(200000);
    expect(calculateFee(certifiedCopy, { units: 500, items: 3 })).toBe(600000);
  });

  it("signature certification: 10.000 đ per case; free charges cost nothing", () => {
    expect(calculateFee({ type: "fixed", amount: 10000, per: "trường hợp" }, { items: 3 })).toBe(30000);
    expect(calculateFee({ type: "free" }, { items: 5 })).toBe(0);
  });

  it("describes rules in Vietnamese with vi-VN money", () => {
    expect(describeFeeRule(certifiedCopy)).toBe(
      "2.000 đồng/trang từ trang thứ 1 đến trang thứ 2; 1.000 đồng/trang từ trang thứ 3 trở đi; tối đa 200.000 đồng/bản",
    );
    expect(describeFeeRule({ type: "fixed", amount: 10000, per: "trường hợp" })).toBe("10.000 đồng/trường hợp");
    expect(describeFeeRule({ type: "free" })).toBe("Miễn phí");
  });

  it("picks the rate in force on a day, a channel-specific one first", () => {
    const rates: FeeRate[] = [
      { effectiveFrom: "2020-01-01", effectiveTo: "2025-06-30", rule: { type: "fixed", amount: 8000, per: "trường hợp" } },
      { effectiveFrom: "2025-07-01", rule: { type: "fixed", amount: 10000, per: "trường hợp" } },
      { effectiveFrom: "2025-07-01", channel: "ONLINE", rule: { type: "free" } },
    ];
    expect(rateInForce(rates, "2024-05-01")?.rule).toEqual({ type: "fixed", amount: 8000, per: "trường hợp" });
    expect(rateInForce(rates, "2026-11-22", "DIRECT")?.rule).toEqual({ type: "fixed", amount: 10000, per: "trường hợp" });
    expect(rateInForce(rates, "2026-11-22", "ONLINE")?.rule).toEqual({ type: "free" });
    expect(rateInForce(rates, "2019-12-31")).toBeUndefined();
  });
});
