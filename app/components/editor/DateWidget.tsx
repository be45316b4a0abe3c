import type { WidgetProps } from "@rjsf/utils";
import { formatDate, parseVietnameseDate } from "~/domain/format";
import { TypedTextWidget } from "./TypedTextWidget";

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
