import { describe, expect, it } from "vitest";
import { compareStepTimes, formatWorkingTime } from "./process-time";

const days = (value: number) => ({ duration: { value, unit: "working_days" as const } });
const hours = (value: number) => ({ duration: { value, unit: "working_hours" as const } });

describe("process step times against the legal time limit", () => {
  it("catches the published mistake 4.5 + 4 = 8.5 days against a stated 7", () => {
    const result = compareStepTimes([days(4.5), days(4), days(0)], { value: 7, unit: "working_days" });
    expect(result).toEqual({ kind: "mismatch", total: 8.5 * 800, limit: 7 * 800 });
    if (result.kind === "mismatch") expect(formatWorkingTime(result.total, "working_days")).toBe("8,5 ngày làm việc");
  });

  it("adds quarter days and hours exactly (a working day is 8 hours)", () => {
    expect(compareStepTimes([days(0.25), days(0.5), hours(2), days(0)], { value: 1, unit: "working_days" }).kind).toBe("ok");
    expect(compareStepTimes([hours(4), hours(4)], { value: 1, unit: "working_days" }).kind).toBe("ok");
    expect(compareStepTimes([days(0.5)], { value: 4, unit: "working_hours" }).kind).toBe("ok");
  });

  it("cannot compare calendar days or free text", () => {
    expect(compareStepTimes([{ duration: { value: 1, unit: "days" } }], { value: 1, unit: "working_days" })).toEqual({
      kind: "unconvertible-step",
      stepIndex: 0,
    });
    expect(compareStepTimes([days(1)], { value: 0, unit: "other", text: "Trong ngày" })).toEqual({ kind: "limit-not-comparable" });
  });
});
