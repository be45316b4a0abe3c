import type { WidgetProps } from "@rjsf/utils";
import { formatNumber } from "~/domain/format";
import { TypedTextWidget } from "./TypedTextWidget";

/**
 * An amount in đồng, shown with vi-VN grouping (2.000 đồng) and typed as digits; dots and spaces typed by the
 * officer are ignored. A value that is not a whole number is left for the server to refuse with its message.
 */
/** "10.000" or "10 000" → 10000; null when the text is not a whole number of đồng. */
function parseDong(text: string): number | null {
  const digits = text.replace(/[.\s]/g, "");
  return /^\d+$/.test(digits) ? Number(digits) : null;
}

export function MoneyWidget(props: WidgetProps) {
  return (
    <TypedTextWidget
      widget={props}
      className="money-field"
      // A value the server refused (text) is shown as it was typed, so nothing is lost.
      display={(value) => (typeof value === "number" ? formatNumber(value, 0) : typeof value === "string" ? value : "")}
      parse={(text) => parseDong(text) ?? text}
      note={(typing) =>
        typing !== null && typing.trim() !== "" && parseDong(typing) === null
          ? { text: "đồng — chỉ nhập chữ số, ví dụ 10.000", invalid: true }
          : { text: "đồng", invalid: false }
      }
    />
  );
}
