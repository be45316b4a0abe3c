import type { WidgetProps } from "@rjsf/utils";
import { useState } from "react";

/**
 * A text input for a value officers type in a Vietnamese way (2.000, 22/11/2026) but that is stored otherwise
 * (2000, 2026-11-22): while typing it shows what was typed; otherwise the stored value as `display` formats it.
 * `parse` turns the text into the value to store (undefined when empty; the text itself when unreadable, so
 * nothing is lost and the server's check names the field). `note` is said after the input (unit, format).
 */
export function TypedTextWidget({
  widget,
  className,
  display,
  parse,
  note,
}: {
  widget: WidgetProps;
  className: string;
  display: (value: unknown) => string;
  parse: (text: string) => unknown;
  note: (typing: string | null) => { text: string; invalid: boolean };
}) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, rawErrors } = widget;
  const [typing, setTyping] = useState<string | null>(null);
  const said = note(typing);
  return (
    <div className={className}>
      <input
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={widget.placeholder || undefined}
        value={typing ?? display(value)}
        required={required}
        disabled={disabled}
        readOnly={readonly}
        aria-invalid={rawErrors?.length || said.invalid ? true : undefined}
        aria-describedby={`${id}__note`}
        onChange={(e) => {
          setTyping(e.target.value);
          onChange(e.target.value.trim() === "" ? undefined : parse(e.target.value));
        }}
        onFocus={() => onFocus(id, value)}
        onBlur={() => {
          if (!said.invalid) setTyping(null);
          onBlur(id, value);
        }}
      />
      <span id={`${id}__note`} className={`typed-note${said.invalid ? " typed-note--error" : ""}`}>
        {said.text}
      </span>
    </div>
  );
}
