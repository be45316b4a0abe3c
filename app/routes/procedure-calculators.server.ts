import { expectedResultDate, workCalendar, type DueDate } from "~/domain/due-date";
import { calculateFee, describeFeeRule, rateInForce } from "~/domain/fees";
import { formatDate } from "~/domain/format";
import { QueryReader } from "~/domain/query";
import type { HolidayCalendar, Procedure } from "~/generated";
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

export interface FeeLine {
  name: string;
  kind: string;
  /** Đồng, or null when the amount cannot be computed (no rate on that day, or only text). */
  amount: number | null;
  note: string | null;
}

export interface CalculatorResult {
  channel: Procedure["channels"][number]["type"];
  filed: { date: string; time: string };
  dueDate: DueDate;
  /** Each fee of the channel on its own: a procedure's fees are often alternatives (on time / late), not a sum. */
  fees: FeeLine[];
}

export async function procedureCalculators(catalog: PublicCatalog, view: ProcedureView, url: URL, today: string) {
  const q = new QueryReader(url.searchParams);
  const channels = view.procedure.channels;
  const date = q.date("ngay", CALCULATOR_LABELS.date);
  const time = q.text("gio", CALCULATOR_LABELS.time, 5);
  if (time !== undefined && !TIME.test(time)) q.errors.gio = `${CALCULATOR_LABELS.time} phải có dạng giờ:phút, ví dụ 14:30`;
  const channelType = q.choice("cach-thuc", CALCULATOR_LABELS.channel, channels.map((c) => c.type));
  const pages = q.integer("so-trang", CALCULATOR_LABELS.pages, { min: 1, max: CALCULATOR_LIMITS.pagesMax, fallback: 1 });
  const copies = q.integer("so-ban", CALCULATOR_LABELS.copies, { min: 1, max: CALCULATOR_LIMITS.copiesMax, fallback: 1 });
  const asked = url.searchParams.has("ngay");
  if (asked && date === undefined && !q.errors.ngay) q.errors.ngay = `Hãy chọn ${CALCULATOR_LABELS.date.toLowerCase()}`;
  const defaults = { ngay: today, gio: "08:00", "cach-thuc": channels[0]?.type ?? "" };
  const values = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, q.values[k] || v]));
  const form = { values: { ...q.values, ...values, "so-trang": q.values["so-trang"] || "1", "so-ban": q.values["so-ban"] || "1" }, errors: q.errors };
  if (!asked || !q.ok || date === undefined) return { ...form, result: null };

  const channel = channels.find((c) => c.type === channelType) ?? channels[0];
  const calendars = await catalog.many<HolidayCalendar>("holiday-calendar", today);
  const filed = { date, time: time ?? "08:00" };
  const dueDate = expectedResultDate(
    workCalendar(calendars.map((c) => c.body)),
    filed,
    channel.timeLimit,
  );
  const fees: FeeLine[] = (channel.fees ?? []).map((fee) => {
    const ref = fee.feeCode ? view.fees[fee.feeCode] : undefined;
    const name = ref?.name ?? fee.description ?? "Khoản thu";
    if (fee.amount) return { name, kind: fee.kind, amount: fee.amount.currency === "VND" ? fee.amount.amount : null, note: fee.description ?? null };
    if (!ref) return { name, kind: fee.kind, amount: null, note: fee.description ?? "Mức thu chưa có trong danh mục" };
    const rate = rateInForce(ref.rates, date, channel.type);
    if (!rate) return { name, kind: fee.kind, amount: null, note: `Chưa có mức thu áp dụng vào ngày ${formatDate(date)}` };
    return { name, kind: fee.kind, amount: calculateFee(rate.rule, { units: pages, items: copies }), note: describeFeeRule(rate.rule) };
  });
  const result: CalculatorResult = { channel: channel.type, filed, dueDate, fees };
  return { ...form, result };
}

export type ProcedureCalculators = Awaited<ReturnType<typeof procedureCalculators>>;
