import type { WidgetProps } from "@rjsf/utils";
import { formatNumber } from "~/domain/format";
import { TypedTextWidget } from "./TypedTextWidget";

/**
 * An amount in đồng, shown with vi-VN grouping (2.000 đồng) and typed as digits; dots and spaces typed by the
 * officer are ignored. A value that is not a whole number is left for the server to refuse with its message.
 */
export function MoneyWidget(props: WidgetProps) {
  return (
    <TypedTextWidget
      widget={props}
      className="money-field"
      display={(value) => (typeof value === "number" ? formatNumber(value, 0) : "")}
      parse={(text) => {
        const digits = text.replace(/[.\s]/g, "");
        return /^\d+$/.test(digits) ? Number(digits) : text;
      }}
      note={() => ({ text: "đồng", invalid: false })}
    />
  );
}
