import type { Fee, HolidayCalendar, Procedure } from "~/generated";
import { expectedResultDate, workCalendar, type DueDate } from "./due-date";
import { calculateFee, describeFeeRule, rateInForce } from "./fees";
import { formatDate, formatMoney } from "./format";

/**
 * The procedure page's calculators, as pure functions: the expected result date from the filing date and time
 * (./due-date.ts, the holiday calendars in force) and the fees of the chosen channel on that date (./fees.ts: the
 * rate in force that day, pages and copies). The server computes them for the page's GET form
 * (app/routes/procedure-calculators.server.ts); the exported static site runs the same code in the browser
 * (app/static-site/client/calculator.ts).
 */

export interface FeeLine {
  name: string;
  kind: string;
  /** Đồng, or null when the amount cannot be computed (no rate on that day, or only text). */
  amount: number | null;
  note: string | null;
}

export interface CalculatorResult {
  /** The chosen channel's id (channelIds). */
  channel: string;
  filed: { date: string; time: string };
  dueDate: DueDate;
  /** Each fee of the channel on its own: a procedure's fees are often alternatives (on time / late), not a sum. */
  fees: FeeLine[];
}

/** What the calculators need of one procedure: its channels, the fee documents they name, the holiday calendars. */
export interface CalculatorData {
  channels: Procedure["channels"];
  fees: Record<string, Pick<Fee, "name" | "rates">>;
  calendars: HolidayCalendar[];
}

export interface CalculatorInput {
  date: string;
  time: string;
  channelType: string | undefined;
  pages: number;
  copies: number;
}

/**
 * The ids the calculator's channel choice uses: the channel's type (DIRECT, ONLINE, POSTAL), and for a second or
 * later channel of the same type (at the commune and at a notary office, each with its own fee) the type with
 * "-2", "-3"…, so a link made before a second desk channel was added still picks the same channel.
 */
export function channelIds(channels: readonly { type: string }[]): string[] {
  const seen = new Map<string, number>();
  return channels.map((c) => {
    const n = (seen.get(c.type) ?? 0) + 1;
    seen.set(c.type, n);
    return n === 1 ? c.type : `${c.type}-${n}`;
  });
}

/** A channel as the choice lists it: its type, and its place when the procedure has several of that type. */
export function channelChoiceLabel(channels: readonly { type: string; place?: string }[], index: number, typeLabels: Record<string, string>): string {
  const channel = channels[index];
  const label = typeLabels[channel.type] ?? channel.type;
  const repeated = channels.filter((c) => c.type === channel.type).length > 1;
  if (!repeated) return label;
  const place = channel.place ? channel.place.split("\n")[0].slice(0, 80) : `${channelIds(channels)[index].split("-")[1] ?? 1}`;
  return `${label} – ${place}`;
}

export function calculate(data: CalculatorData, input: CalculatorInput): CalculatorResult {
  const ids = channelIds(data.channels);
  const index = Math.max(0, ids.indexOf(input.channelType ?? ""));
  const channel = data.channels[index];
  const filed = { date: input.date, time: input.time };
  const dueDate = expectedResultDate(workCalendar(data.calendars), filed, channel.timeLimit);
  const fees: FeeLine[] = (channel.fees ?? []).map((fee) => {
    const ref = fee.feeCode ? data.fees[fee.feeCode] : undefined;
    const name = ref?.name ?? fee.description ?? "Khoản thu";
    if (fee.amount) return { name, kind: fee.kind, amount: fee.amount.currency === "VND" ? fee.amount.amount : null, note: fee.description ?? null };
    if (!ref) return { name, kind: fee.kind, amount: null, note: fee.description ?? "Mức thu chưa có trong danh mục" };
    const rate = rateInForce(ref.rates, input.date, channel.type);
    if (!rate) return { name, kind: fee.kind, amount: null, note: `Chưa có mức thu áp dụng vào ngày ${formatDate(input.date)}` };
    return { name, kind: fee.kind, amount: calculateFee(rate.rule, { units: input.pages, items: input.copies }), note: describeFeeRule(rate.rule) };
  });
  return { channel: ids[index], filed, dueDate, fees };
}

const WEEKDAYS = ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"];
const dayName = (iso: string) => WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()];

/** A calculator result in words, as the page shows it (the server's page and the static site's script both say it so). */
export function describeResult(result: CalculatorResult, channelLabel: string) {
  return {
    filed: `Nộp ${channelLabel.toLowerCase()} lúc ${result.filed.time} ngày ${formatDate(result.filed.date)}: `,
    due: result.dueDate.ok
      ? `ngày hẹn trả kết quả dự kiến ${dayName(result.dueDate.due)}, ${formatDate(result.dueDate.due)}`
      : `không tính được ngày hẹn tự động. ${result.dueDate.reason}`,
    notes: result.dueDate.ok ? result.dueDate.notes : [],
    noFees: result.fees.length === 0 ? "Cách thức này không thu phí, lệ phí." : null,
    fees: result.fees.map((f) => ({
      text: `${f.name}: ${f.amount === null ? "chưa tính được" : f.amount === 0 ? "miễn" : formatMoney(f.amount)}`,
      note: f.note ? ` (${f.note})` : null,
    })),
    disclaimer: "Ngày hẹn và số tiền để tham khảo; giấy tiếp nhận hồ sơ của bộ phận một cửa ghi ngày hẹn chính thức.",
  };
}
