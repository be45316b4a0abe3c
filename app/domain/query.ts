/**
 * Strict reading of query-string parameters (filters, dates, choices). A parameter that is present but not
 * valid is an error the page shows beside its field (400), never a silent default and never a 500.
 * Unknown parameters are ignored (links from elsewhere may carry tracking parameters).
 */
import { formatNumber } from "./format";

export type QueryErrors = Record<string, string>;

/** A real calendar date `YYYY-MM-DD` (2026-02-30 and 2026-13-01 are not), year 1900–2999. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export class QueryReader {
  readonly errors: QueryErrors = {};
  readonly values: Record<string, string> = {};

  constructor(private readonly params: URLSearchParams) {}

  private raw(name: string): string {
    const value = (this.params.get(name) ?? "").trim();
    this.values[name] = value;
    return value;
  }

  /** Free text of at most `maxLength` characters; empty → undefined. */
  text(name: string, label: string, maxLength: number): string | undefined {
    const value = this.raw(name);
    if (Array.from(value).length > maxLength) {
      this.errors[name] = `${label} không dài quá ${maxLength} ký tự`;
      this.values[name] = Array.from(value).slice(0, maxLength).join("");
      return undefined;
    }
    return value || undefined;
  }

  /** One of `choices`; empty → undefined. */
  choice<T extends string>(name: string, label: string, choices: readonly T[]): T | undefined {
    const value = this.raw(name);
    if (!value) return undefined;
    if ((choices as readonly string[]).includes(value)) return value as T;
    this.errors[name] = `${label} không có trong danh sách để chọn`;
    this.values[name] = "";
    return undefined;
  }

  /** A calendar date `YYYY-MM-DD`; empty → undefined. */
  date(name: string, label: string): string | undefined {
    const value = this.raw(name);
    if (!value) return undefined;
    if (isCalendarDate(value)) return value;
    this.errors[name] = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? `${label} không có thật trong lịch (${value.slice(8)}/${value.slice(5, 7)}/${value.slice(0, 4)})`
      : `${label} phải là một ngày, dạng năm-tháng-ngày (ví dụ 2026-11-22)`;
    this.values[name] = "";
    return undefined;
  }

  /** A whole number from `min` to `max`; empty → `fallback`. */
  integer(name: string, label: string, options: { min: number; max: number; fallback: number }): number {
    const value = this.raw(name);
    if (!value) return options.fallback;
    const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(n) && n >= options.min && n <= options.max) return n;
    this.errors[name] = `${label} phải là số nguyên từ ${formatNumber(options.min)} đến ${formatNumber(options.max)}`;
    this.values[name] = "";
    return options.fallback;
  }

  /** `name=1` → true, absent → false. */
  flag(name: string, label: string): boolean {
    const value = this.raw(name);
    if (!value) return false;
    if (value === "1") return true;
    this.errors[name] = `${label} chỉ nhận giá trị 1`;
    return false;
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}
