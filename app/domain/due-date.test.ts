import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { HolidayCalendar } from "../generated";
import { expectedResultDate, isWorkingDay, workCalendar } from "./due-date";

// The sample catalog's calendars: 2026 confirmed (but 1/9), 2027 not yet announced.
const calendar = workCalendar(
  ["2026", "2027"].map((y) => JSON.parse(readFileSync(`catalog/holiday-calendars/${y}.json`, "utf8")) as HolidayCalendar),
);
const days = (value: number) => ({ value, unit: "working_days" as const });
const hours = (value: number) => ({ value, unit: "working_hours" as const });
const due = (date: string, time: string, limit: Parameters<typeof expectedResultDate>[2]) => {
  const result = expectedResultDate(calendar, { date, time }, limit);
  if (!result.ok) throw new Error(result.reason);
  return result;
};

describe("expected result date", () => {
  it("counts working days after the day received, skipping the Tết 2026 break", () => {
    // Friday 13/2/2026; the break runs Saturday 14/2 to Sunday 22/2.
    expect(due("2026-02-13", "09:00", days(3))).toMatchObject({ due: "2026-02-25", received: "2026-02-13", workingDays: 3, notes: [] });
    // Filed online during the break: received Monday 23/2.
    expect(due("2026-02-17", "10:00", days(1))).toMatchObject({ due: "2026-02-24", received: "2026-02-23" });
  });

  it("a same-day dossier filed at or after 15:00 is handled the next working day", () => {
    expect(due("2026-02-13", "14:59", hours(8))).toMatchObject({ due: "2026-02-13", notes: [] });
    const late = due("2026-02-13", "15:00", hours(8));
    expect(late.due).toBe("2026-02-23");
    expect(late.notes).toEqual(["Nộp từ 15 giờ 00 trở đi: trả kết quả ngày làm việc tiếp theo."]);
    // Received on a day off, it is the next working day's, whatever the hour.
    expect(due("2026-02-15", "16:00", hours(4))).toMatchObject({ due: "2026-02-23", notes: [] });
  });

  it("a Saturday made a working day counts; a holiday on a Sunday gives the Monday off", () => {
    expect(isWorkingDay(calendar, "2026-01-10")).toBe(true);
    expect(due("2026-01-10", "09:00", hours(8)).due).toBe("2026-01-10");
    expect(due("2026-01-09", "10:00", days(1)).due).toBe("2026-01-10");
    // Giỗ Tổ on Sunday 26/4/2026, compensatory Monday 27/4: from Friday 24/4, two working days end Wednesday 29/4.
    expect(due("2026-04-24", "08:00", days(2)).due).toBe("2026-04-29");
  });

  it("says when the count crosses days off not yet confirmed, or a year without a calendar", () => {
    const newYear = due("2026-12-30", "08:00", days(5));
    expect(newYear.due).toBe("2027-01-07");
    expect(newYear.notes).toEqual(["Ngày nghỉ 01/01/2027 chưa có thông báo chính thức; ngày dự kiến có thể thay đổi."]);
    // Tết 2027 as announced so far: 5/2 to 11/2 off.
    const tet = due("2027-02-04", "08:00", days(3));
    expect(tet.due).toBe("2027-02-16");
    expect(tet.notes).toEqual([
      "Ngày nghỉ 05/02/2027, 06/02/2027, 07/02/2027, 08/02/2027, 09/02/2027, 10/02/2027, 11/02/2027 chưa có thông báo chính thức; ngày dự kiến có thể thay đổi.",
    ]);
    // 2028 has no calendar: weekends only, and the note says so. Wednesday 1/3/2028 + 3 → Monday 6/3.
    expect(due("2028-03-01", "08:00", days(3))).toMatchObject({
      due: "2028-03-06",
      notes: ["Chưa có lịch nghỉ lễ năm 2028: ngày dự kiến chỉ trừ thứ Bảy, Chủ nhật của năm đó."],
    });
  });

  it("turns working hours beyond a day into working days, rounding a fraction up and saying so", () => {
    expect(due("2026-03-02", "08:00", hours(16))).toMatchObject({ due: "2026-03-04", workingDays: 2, notes: [] });
    expect(due("2026-03-02", "08:00", days(2.5))).toMatchObject({
      due: "2026-03-05",
      workingDays: 3,
      notes: ["Thời hạn 2,5 ngày làm việc được tính tròn lên 3 ngày làm việc."],
    });
    expect(due("2026-03-02", "16:00", days(0.5))).toMatchObject({ due: "2026-03-03" });
  });

  it("does not count a limit given only in words", () => {
    expect(expectedResultDate(calendar, { date: "2026-03-02", time: "08:00" }, { value: 0, unit: "other", text: "Theo thông báo của cơ quan" })).toEqual({
      ok: false,
      reason: "Thời hạn được quy định bằng lời: Theo thông báo của cơ quan",
    });
  });
});
