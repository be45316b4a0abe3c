import { calculate, channelIds } from "~/domain/calculators";
import { QueryReader } from "~/domain/query";
import type { HolidayCalendar } from "~/generated";
import type { ProcedureView } from "~/models/procedure.server";
import type { PublicCatalog } from "~/models/public-catalog.server";

/**
 * The procedure page's calculators, as one GET form that works without JavaScript (`?ngay=&gio=&cach-thuc=&
 * so-trang=&so-ban=#tinh-thoi-han`): the expected result date from the filing date and time (app/domain/due-date.ts,
 * the holiday calendars in force) and the fees of the chosen channel on that date (app/domain/fees.ts: the rate
 * in force that day, pages and copies).
 */

export const CALCULATOR_LABELS = {
  date: "Ngày nộp hồ sơ",
  time: "Giờ nộp",
  channel: "Cách thức nộp",
  pages: "Số trang mỗi bản",
  copies: "Số bản",
} as const;

export const CALCULATOR_LIMITS = { pagesMax: 100_000, copiesMax: 1_000 } as const;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export async function procedureCalculators(catalog: PublicCatalog, view: ProcedureView, url: URL, today: string) {
  const q = new QueryReader(url.searchParams);
  const channels = view.procedure.channels;
  const date = q.date("ngay", CALCULATOR_LABELS.date);
  const time = q.text("gio", CALCULATOR_LABELS.time, 5);
  if (time !== undefined && !TIME.test(time)) q.errors.gio = `${CALCULATOR_LABELS.time} phải có dạng giờ:phút, ví dụ 14:30`;
  const channelType = q.choice("cach-thuc", CALCULATOR_LABELS.channel, channelIds(channels));
  const pages = q.integer("so-trang", CALCULATOR_LABELS.pages, { min: 1, max: CALCULATOR_LIMITS.pagesMax, fallback: 1 });
  const copies = q.integer("so-ban", CALCULATOR_LABELS.copies, { min: 1, max: CALCULATOR_LIMITS.copiesMax, fallback: 1 });
  const asked = url.searchParams.has("ngay");
  if (asked && date === undefined && !q.errors.ngay) q.errors.ngay = `Hãy chọn ${CALCULATOR_LABELS.date.toLowerCase()}`;
  const defaults = { ngay: today, gio: "08:00", "cach-thuc": channelIds(channels)[0] ?? "" };
  const values = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, q.values[k] || v]));
  const form = { values: { ...q.values, ...values, "so-trang": q.values["so-trang"] || "1", "so-ban": q.values["so-ban"] || "1" }, errors: q.errors };
  if (!asked || !q.ok || date === undefined) return { ...form, result: null };

  const calendars = await catalog.many<HolidayCalendar>("holiday-calendar", today);
  const result = calculate(
    { channels, fees: view.fees, calendars: calendars.map((c) => c.body) },
    { date, time: time ?? "08:00", channelType, pages, copies },
  );
  return { ...form, result };
}

export type ProcedureCalculators = Awaited<ReturnType<typeof procedureCalculators>>;
