import { describe, expect, it } from "vitest";
import { formatDate, formatDuration, formatMoney, todayInVietnam } from "./format";

describe("vi-VN formats", () => {
  it("formats money, dates and durations the Vietnamese way", () => {
    expect(formatMoney(2000)).toBe("2.000 đồng");
    expect(formatMoney(157425000)).toBe("157.425.000 đồng");
    expect(formatMoney(25, "USD")).toBe("25 USD");
    expect(formatDate("2026-11-22")).toBe("22/11/2026");
    expect(formatDate("2026-11-21T18:30:00.000Z")).toBe("22/11/2026");
    expect(todayInVietnam(new Date("2026-11-21T18:30:00.000Z"))).toBe("2026-11-22");
    expect(formatDuration({ value: 0.5, unit: "working_days" })).toBe("0,5 ngày làm việc");
    expect(formatDuration({ value: 0, unit: "other", text: "Trong ngày" })).toBe("Trong ngày");
  });
});
