import { describe, expect, it } from "vitest";
import { isCalendarDate, QueryReader } from "./query";

describe("strict query parameters", () => {
  it("accepts only dates that exist in the calendar", () => {
    expect(["2026-11-22", "2024-02-29", "2026-12-31"].map(isCalendarDate)).toEqual([true, true, true]);
    expect(["2026-02-30", "2025-02-29", "2026-13-01", "2026-99-99", "0000-00-00", "2026-1-5", "22/11/2026", ""].map(isCalendarDate)).toEqual([
      false, false, false, false, false, false, false, false,
    ]);
  });

  it("names each bad parameter by its label, in Vietnamese, and keeps the good ones", () => {
    const q = new QueryReader(new URLSearchParams("from=2026-02-30&to=hôm-nay&kind=xyz&key=" + "k".repeat(121) + "&actor=lan&verify=2"));
    expect(q.date("from", "Từ ngày")).toBeUndefined();
    expect(q.date("to", "Đến ngày")).toBeUndefined();
    expect(q.choice("kind", "Loại tài liệu", ["procedure", "form"])).toBeUndefined();
    expect(q.text("key", "Mã tài liệu", 120)).toBeUndefined();
    expect(q.text("actor", "Người thực hiện", 80)).toBe("lan");
    expect(q.flag("verify", "Kiểm tra toàn vẹn")).toBe(false);
    expect(q.ok).toBe(false);
    expect(q.errors).toEqual({
      from: "Từ ngày không có thật trong lịch (30/02/2026)",
      to: "Đến ngày phải là một ngày, dạng năm-tháng-ngày (ví dụ 2026-11-22)",
      kind: "Loại tài liệu không có trong danh sách để chọn",
      key: "Mã tài liệu không dài quá 120 ký tự",
      verify: "Kiểm tra toàn vẹn chỉ nhận giá trị 1",
    });
  });
});
