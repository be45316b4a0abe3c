import type { WidgetProps } from "@rjsf/utils";
import { useState } from "react";
import { formatDate } from "~/domain/format";
import { isCalendarDate } from "~/domain/query";

/** `22/11/2026` (also `22-11-2026`, `22.11.2026`, `2/1/2026`) → `2026-11-22`, or null when it is no real date. */
export function parseVietnameseDate(text: string): string | null {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!match) return null;
  const iso = `${match[3]}-${match[2].padStart(2, "0")}-${match[1].padStart(2, "0")}`;
  return isCalendarDate(iso) ? iso : null;
}

/**
 * A date typed and shown as dd/mm/yyyy whatever the browser's language, stored as YYYY-MM-DD. Text that is not
 * a real date is kept as typed (nothing is lost) and the server's check names the field.
 */
export function DateWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, rawErrors } = props;
  const stored = typeof value === "string" ? value : "";
  const [typing, setTyping] = useState<string | null>(null);
  const shown = typing ?? (/^\d{4}-\d{2}-\d{2}$/.test(stored) ? formatDate(stored) : stored);
  const unreadable = typing !== null && typing.trim() !== "" && parseVietnameseDate(typing) === null;
  return (
    <div className="date-field">
      <input
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="ngày/tháng/năm"
        value={shown}
        required={required}
        disabled={disabled}
        readOnly={readonly}
        aria-invalid={rawErrors?.length || unreadable ? true : undefined}
        aria-describedby={`${id}__format`}
        onChange={(e) => {
          const text = e.target.value;
          setTyping(text);
          onChange(text.trim() === "" ? undefined : (parseVietnameseDate(text) ?? text));
        }}
        onFocus={() => onFocus(id, value)}
        onBlur={() => {
          if (!unreadable) setTyping(null);
          onBlur(id, value);
        }}
      />
      <span id={`${id}__format`} className={unreadable ? "date-field__hint date-field__hint--error" : "date-field__hint"}>
        {unreadable ? "Chưa phải một ngày có thật; nhập dạng ngày/tháng/năm, ví dụ 22/11/2026" : "dạng ngày/tháng/năm"}
      </span>
    </div>
  );
}
