import type { WidgetProps } from "@rjsf/utils";
import { formatDate } from "~/domain/format";
import { isCalendarDate } from "~/domain/query";
import { TypedTextWidget } from "./TypedTextWidget";

/** `22/11/2026` (also `22-11-2026`, `22.11.2026`, `2/1/2026`) → `2026-11-22`, or null when it is no real date. */
export function parseVietnameseDate(text: string): string | null {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!match) return null;
  const iso = `${match[3]}-${match[2].padStart(2, "0")}-${match[1].padStart(2, "0")}`;
  return isCalendarDate(iso) ? iso : null;
}

/**
 * A date typed and shown as dd/mm/yyyy whatever the browser's language, stored as YYYY-MM-DD. Text that is not
 * a real date is kept as typed (nothing is lost) and flagged; the server's check names the field.
 */
export function DateWidget(props: WidgetProps) {
  return (
    <TypedTextWidget
      widget={{ ...props, placeholder: "ngày/tháng/năm" }}
      className="date-field"
      display={(value) => (typeof value !== "string" ? "" : /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value)}
      parse={(text) => parseVietnameseDate(text) ?? text}
      note={(typing) =>
        typing !== null && typing.trim() !== "" && parseVietnameseDate(typing) === null
          ? { text: "Chưa phải một ngày có thật; nhập dạng ngày/tháng/năm, ví dụ 22/11/2026", invalid: true }
          : { text: "", invalid: false }
      }
    />
  );
}
