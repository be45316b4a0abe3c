import type { WidgetProps } from "@rjsf/utils";
import type { ReferenceChoice } from "./references";

/**
 * Picks another document (a form, a fee, a field, a process…) by its name, storing its key. A value that names
 * no stored document stays selectable, marked, so nothing typed earlier is lost; the chosen document opens in
 * a new tab for checking.
 */
export function ReferenceWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, options, rawErrors } = props;
  const choices = (options.choices as ReferenceChoice[] | undefined) ?? [];
  const refKind = String(options.refKind ?? "");
  const current = typeof value === "string" ? value : "";
  const known = choices.find((c) => c.code === current);
  return (
    <div className="reference-picker">
      <select
        id={id}
        name={id}
        value={current}
        required={required}
        disabled={disabled || readonly}
        aria-invalid={rawErrors?.length ? true : undefined}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
        onBlur={() => onBlur(id, current)}
        onFocus={() => onFocus(id, current)}
      >
        <option value="">(chưa chọn {String(options.refLabel ?? "").toLowerCase()})</option>
        {current && !known ? <option value={current}>{current} — không có trong danh mục</option> : null}
        {choices.map((c) => (
          <option key={c.code} value={c.code}>
            {c.title} ({c.code})
          </option>
        ))}
      </select>
      {known ? (
        <a href={`/admin/${refKind}/${encodeURIComponent(known.code)}`} target="_blank" rel="noreferrer" className="reference-picker__open">
          Mở «{known.title}»
        </a>
      ) : null}
    </div>
  );
}
