import { FieldError } from "./ErrorSummary";

/**
 * A labelled select with its error beside it (GOV.UK pattern); `id` is also the field's name. `options` are
 * [value, words] pairs; `anyLabel` adds a first, empty choice ("(tất cả)") for filters.
 */
export function SelectField({
  id,
  label,
  error,
  options,
  defaultValue,
  anyLabel,
}: {
  id: string;
  label: string;
  error?: string;
  options: readonly (readonly [string, string])[];
  defaultValue?: string;
  anyLabel?: string;
}) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <FieldError id={id} message={error} />
      <select id={id} name={id} defaultValue={defaultValue} aria-invalid={error ? true : undefined}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map(([value, words]) => (
          <option key={value} value={value}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}
