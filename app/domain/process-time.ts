/**
 * Checks that an internal process's steps add up to the procedure's legal time limit.
 * Times are compared in hundredths of a working hour (a working day is 8 working hours), so 0.25 and 0.5
 * day steps add up exactly.
 */

import { formatNumber, type Duration } from "./format";

export type { Duration };

export const HOURS_PER_WORKING_DAY = 8;

/** Working time in hundredths of an hour, or null when the unit cannot be converted (calendar days, other). */
export function toWorkingCentihours(d: Duration): number | null {
  if (d.unit === "working_days") return Math.round(d.value * HOURS_PER_WORKING_DAY * 100);
  if (d.unit === "working_hours") return Math.round(d.value * 100);
  return null;
}

export function formatWorkingTime(centihours: number, unit: "working_days" | "working_hours"): string {
  return unit === "working_days"
    ? `${formatNumber(centihours / 100 / HOURS_PER_WORKING_DAY, 3)} ngày làm việc`
    : `${formatNumber(centihours / 100)} giờ làm việc`;
}

export type StepTimeResult =
  | { kind: "ok"; total: number }
  | { kind: "mismatch"; total: number; limit: number }
  | { kind: "unconvertible-step"; stepIndex: number }
  | { kind: "limit-not-comparable" };

export function compareStepTimes(steps: { duration: Duration }[], limit: Duration): StepTimeResult {
  const limitHours = toWorkingCentihours(limit);
  if (limitHours === null) return { kind: "limit-not-comparable" };
  let total = 0;
  for (const [index, step] of steps.entries()) {
    const hours = toWorkingCentihours(step.duration);
    if (hours === null) return { kind: "unconvertible-step", stepIndex: index };
    total += hours;
  }
  return total === limitHours ? { kind: "ok", total } : { kind: "mismatch", total, limit: limitHours };
}
