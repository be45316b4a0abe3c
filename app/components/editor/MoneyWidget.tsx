import type { WidgetProps } from "@rjsf/utils";
import { useState } from "react";
import { formatNumber } from "~/domain/format";

/**
 * An amount in đồng, shown with vi-VN grouping (2.000 đồng) and typed as digits; dots and spaces typed by the
 * officer are ignored. A value that is not a whole number is left for the server to refuse with its message.
 */
export function MoneyWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, rawErrors } = props;
  const [typing, setTyping] = useState<string | null>(null);
  const shown = typing ?? (typeof value === "number" ? formatNumber(value, 0) : "");
  return (
    <div className="money-field">
      <input
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={shown}
        required={required}
        disabled={disabled}
        readOnly={readonly}
        aria-invalid={rawErrors?.length ? true : undefined}
        aria-describedby={`${id}__unit`}
        onChange={(e) => {
          setTyping(e.target.value);
          const digits = e.target.value.replace(/[.\s]/g, "");
          onChange(digits === "" ? undefined : /^\d+$/.test(digits) ? Number(digits) : e.target.value);
        }}
        onFocus={() => onFocus(id, value)}
        onBlur={() => {
          setTyping(null);
          onBlur(id, value);
        }}
      />
      <span id={`${id}__unit`} className="money-field__unit">
        đồng
      </span>
    </div>
  );
}
