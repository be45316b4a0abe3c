import { isCalendarDate } from "./query";

/**
 * The one place that formats numbers, money, dates and durations for people (and reads typed dates back): vi-VN conventions
 * (2.000 đồng, 22/11/2026, 0,5 ngày làm việc). Used on the server and in the browser alike.
 */
import type { Duration as GeneratedDuration } from "../generated/procedure";

const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number, maximumFractionDigits = 2): string {
  let format = numberFormats.get(maximumFractionDigits);
  if (!format) {
    format = new Intl.NumberFormat("vi-VN", { maximumFractionDigits });
    numberFormats.set(maximumFractionDigits, format);
  }
  return format.format(value);
}

/**
 * An amount in its currency: `2.000 đồng`, `25 USD`. A currency code other than VND is written as its ISO code; an
 * amount recorded without a currency (real records have them) says so rather than guess đồng.
 */
export function formatMoney(amount: number, currency: string | null = "VND"): string {
  if (currency === "VND") return `${formatNumber(amount)} đồng`;
  if (!currency) return `${formatNumber(amount)} (không ghi đơn vị tiền tệ)`;
  return `${formatNumber(amount)} ${currency}`;
}

/** A fee's kind as written inside a sentence ("lệ phí 8.000 đồng"). */
export const FEE_KIND_WORDS: Record<"fee" | "charge" | "service", string> = { fee: "phí", charge: "lệ phí", service: "giá dịch vụ" };

/**
 * `2026-11-22` → `22/11/2026`. A calendar date is shown as written; an instant (`2026-11-21T18:30:00Z`) is
 * shown as its date in Vietnam (22/11/2026), not in UTC.
 */
export function formatDate(iso: string): string {
  if (iso.includes("T")) return formatDateTime(iso).slice(0, 10);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso;
}

/** Today's calendar date in Vietnam as `YYYY-MM-DD` (fee rates and holidays are dated in local time). */
export function todayInVietnam(now = new Date()): string {
  // Vietnam keeps UTC+7 all year (no daylight saving time).
  return new Date(now.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** A time limit or step time (common.schema.json#/definitions/duration), as generated from the schema. */
export type Duration = GeneratedDuration;

const UNIT_WORDS: Record<Duration["unit"], string> = {
  working_days: "ngày làm việc",
  working_hours: "giờ làm việc",
  days: "ngày",
  hours: "giờ",
  months: "tháng",
  years: "năm",
  other: "",
};

export function formatDuration(d: Duration): string {
  if (d.unit === "other") return d.text ?? (d.value ? formatNumber(d.value) : "");
  const main = `${formatNumber(d.value)} ${UNIT_WORDS[d.unit]}`;
  return d.text ? `${main} (${d.text})` : main;
}

const WEEKDAYS = ["", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];

/** Days of the week (1 = Monday … 7 = Sunday): "Thứ Hai – Thứ Sáu" for a run of three or more, else listed. */
export function formatWeekdays(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  if (sorted.length > 2 && contiguous) return `${WEEKDAYS[sorted[0]]} – ${WEEKDAYS[sorted.at(-1)!]}`;
  return sorted.map((d) => WEEKDAYS[d]).join(", ");
}

/** A slot of an organization's working hours: "Thứ Hai – Thứ Sáu: 07:30 – 11:30". */
export function formatWorkingSlot(slot: { weekdays: readonly number[]; start: string; end: string }): string {
  return `${formatWeekdays(slot.weekdays)}: ${slot.start} – ${slot.end}`;
}

const dateTimeParts = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** An instant in Vietnam's time: `2026-11-22T01:15:00Z` → `22/11/2026 08:15:00`. */
export function formatDateTime(iso: string): string {
  const parts = Object.fromEntries(dateTimeParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `22/11/2026` (also `22-11-2026`, `22.11.2026`, `2/1/2026`) → `2026-11-22`, or null when it is no real date. */
export function parseVietnameseDate(text: string): string | null {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!match) return null;
  const iso = `${match[3]}-${match[2].padStart(2, "0")}-${match[1].padStart(2, "0")}`;
  return isCalendarDate(iso) ? iso : null;
}

/** `dd/mm/yyyy` (at 00:00) or `dd/mm/yyyy hh:mm`, Vietnam time, as an ISO time (UTC); null when not that. */
export function parseVietnameseDateTime(text: string): string | null {
  const [day, time = "00:00", ...rest] = text.trim().split(/\s+/);
  const date = parseVietnameseDate(day ?? "");
  if (!date || rest.length > 0 || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  return new Date(`${date}T${time}:00+07:00`).toISOString();
}
