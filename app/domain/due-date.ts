import type { Duration } from "../generated/procedure";
import type { HolidayCalendar } from "../generated";
import { formatDate } from "./format";
import { HOURS_PER_WORKING_DAY } from "./process-time";

/**
 * The expected result date of a dossier (DOMAIN.md §5): time limits run in working days — no Saturdays, Sundays
 * or days off in the holiday calendars officers maintain, a Saturday made a working day (ngày làm bù) counts —
 * and the count starts the working day after the dossier is received (3 working days from a Monday: Thursday). A
 * dossier filed on a day off is received the next working day. A limit of up to 8 working hours (or less than a
 * working day) is "the same day; filed at or after 15:00, the next working day". The calendars are data: a year without one is counted with weekends only, and days not yet
 * confirmed are counted as announced, each said in a note. Pure: the server and (later) the static site share it.
 */

/** Filed at or after this time, a same-day dossier is handled the next working day. */
export const SAME_DAY_CUTOFF = "15:00";

export interface WorkCalendar {
  daysOff: Map<string, { name: string; confirmed: boolean }>;
  makeUpWorkdays: Set<string>;
  years: Set<number>;
}

export function workCalendar(calendars: readonly Pick<HolidayCalendar, "year" | "days" | "makeUpWorkdays">[]): WorkCalendar {
  const daysOff = new Map<string, { name: string; confirmed: boolean }>();
  const makeUpWorkdays = new Set<string>();
  for (const c of calendars) {
    for (const d of c.days) daysOff.set(d.date, { name: d.name, confirmed: d.confirmed });
    for (const d of c.makeUpWorkdays ?? []) makeUpWorkdays.add(d.date);
  }
  return { daysOff, makeUpWorkdays, years: new Set(calendars.map((c) => c.year)) };
}

const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

export function isWorkingDay(calendar: WorkCalendar, date: string): boolean {
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.daysOff.has(date)) return false;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

/** A limit handled the same day (up to 8 working hours, or under one working day): filed after 15:00, the next. */
export function isSameDayLimit(limit: Duration): boolean {
  if (limit.unit === "working_hours") return limit.value <= HOURS_PER_WORKING_DAY;
  return limit.unit === "working_days" && limit.value < 1;
}

export type DueDate =
  | {
      ok: true;
      /** YYYY-MM-DD: the day the result is due (returned within that day's office hours). */
      due: string;
      /** The working day the dossier counts as received. */
      received: string;
      /** Working days counted after the day received (0: the same day). */
      workingDays: number;
      /** What the reader must know: a year without a calendar, days off not yet confirmed, a limit rounded up. */
      notes: string[];
    }
  | { ok: false; reason: string };

/** Filing date (YYYY-MM-DD) and time (HH:MM, Vietnam time) against a time limit. */
export function expectedResultDate(calendar: WorkCalendar, filed: { date: string; time: string }, limit: Duration): DueDate {
  if (limit.unit === "other" || limit.unit === "days") {
    // Calendar days and "other" limits are described in words: no working-day count applies.
    return { ok: false, reason: limit.text ? `Thời hạn được quy định bằng lời: ${limit.text}` : "Thời hạn này không tính theo ngày làm việc" };
  }
  const notes: string[] = [];
  // Hours up to one working day (8) are the same day; days are counted after the day received (1 → the next).
  const exact = limit.unit === "working_hours" ? limit.value / HOURS_PER_WORKING_DAY : limit.value;
  const sameDay = isSameDayLimit(limit);
  const workingDays = sameDay ? 0 : Math.ceil(exact - 1e-9);
  if (!sameDay && Math.abs(workingDays - exact) > 1e-9) {
    notes.push(`Thời hạn ${String(limit.value).replace(".", ",")} ${limit.unit === "working_hours" ? "giờ" : "ngày"} làm việc được tính tròn lên ${workingDays} ngày làm việc.`);
  }
  const crossed: string[] = [];
  const visit = (date: string) => {
    const off = calendar.daysOff.get(date);
    if (off && !off.confirmed) crossed.push(date);
    if (!calendar.years.has(Number(date.slice(0, 4)))) missingYears.add(Number(date.slice(0, 4)));
  };
  const missingYears = new Set<number>();
  const next = (date: string) => {
    let d = addDays(date, 1);
    for (visit(d); !isWorkingDay(calendar, d); visit(d)) d = addDays(d, 1);
    return d;
  };
  // Received: the filing day when it is a working day (and, for a same-day dossier, before the cutoff), else the next.
  visit(filed.date);
  let received = isWorkingDay(calendar, filed.date) ? filed.date : next(filed.date);
  const late = received === filed.date && filed.time >= SAME_DAY_CUTOFF;
  if (sameDay && late) {
    notes.push(`Nộp từ ${SAME_DAY_CUTOFF.replace(":", " giờ ")} trở đi: trả kết quả ngày làm việc tiếp theo.`);
    received = next(received);
  }
  let due = received;
  for (let i = 0; i < workingDays; i++) due = next(due);
  for (const year of [...missingYears].sort()) {
    notes.push(`Chưa có lịch nghỉ lễ năm ${year}: ngày dự kiến chỉ trừ thứ Bảy, Chủ nhật của năm đó.`);
  }
  const unconfirmed = [...new Set(crossed)].sort();
  if (unconfirmed.length > 0) {
    notes.push(`Ngày nghỉ ${unconfirmed.map(formatDate).join(", ")} chưa có thông báo chính thức; ngày dự kiến có thể thay đổi.`);
  }
  return { ok: true, due, received, workingDays, notes };
}
