import type { FieldProps } from "@rjsf/utils";
import { useState } from "react";
import { formatNumber } from "~/domain/format";
import type { Duration } from "~/generated/procedure";

/**
 * A time limit or step time (`#/definitions/duration`) as one control: the amount, typed the Vietnamese way
 * (0,5), and its unit side by side under one heading, then the wording in full. Input ids follow rjsf's
 * (`<id>_value`, `<id>_unit`, `<id>_text`), so the error summary's links and the server's messages land on them.
 */

type Choice = { const: string; title?: string };

/** "0,5" or "0.5" → 0.5; the text itself when it is not a number (the server then names the field). */
function parseAmount(text: string): number | string {
  const normal = text.trim().replace(",", ".");
  return /^\d+(\.\d+)?$/.test(normal) ? Number(normal) : text;
}

export function DurationField(props: FieldProps) {
  const { fieldPathId, formData, schema, uiSchema, onChange, errorSchema, disabled, readonly, required } = props;
  const id = fieldPathId.$id;
  const value = (formData ?? {}) as Partial<Record<keyof Duration, unknown>>;
  const properties = (schema.properties ?? {}) as Record<string, { title?: string; description?: string; oneOf?: Choice[] }>;
  const units = properties.unit?.oneOf ?? [];
  const [typing, setTyping] = useState<string | null>(null);
  const title = (uiSchema?.["ui:title"] as string | undefined) ?? schema.title ?? "";
  const errorsOf = (key?: "value" | "unit" | "text") => ((key ? errorSchema?.[key]?.__errors : errorSchema?.__errors) ?? []) as string[];
  const update = (patch: Partial<Record<keyof Duration, unknown>>) => {
    const next = { ...value, ...patch };
    for (const key of Object.keys(next) as (keyof Duration)[]) if (next[key] === undefined) delete next[key];
    onChange(next as never, fieldPathId.path);
  };
  const shown = typing ?? (typeof value.value === "number" ? formatNumber(value.value, 4) : typeof value.value === "string" ? value.value : "");
  const inert = disabled || readonly;
  const describe = (key: "value" | "unit" | "text", extra?: string) =>
    [errorsOf(key).length ? `${id}_${key}__error` : null, extra].filter(Boolean).join(" ") || undefined;

  const Errors = ({ of }: { of: "value" | "unit" | "text" }) =>
    errorsOf(of).length ? (
      <p className="field-error" id={`${id}_${of}__error`}>
        {errorsOf(of).join("; ")}
      </p>
    ) : null;

  return (
    <fieldset id={id} className="duration-field">
      <legend>
        {title}
        {required ? <span className="required"> *</span> : null}
      </legend>
      {errorsOf().length ? <p className="field-error">{errorsOf().join("; ")}</p> : null}
      <div className="duration-row">
        <div className={errorsOf("value").length ? "has-error" : undefined}>
          <label htmlFor={`${id}_value`}>{properties.value?.title ?? "Giá trị"}</label>
          <Errors of="value" />
          <input
            id={`${id}_value`}
            name={`${id}_value`}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={shown}
            disabled={disabled}
            readOnly={readonly}
            aria-invalid={errorsOf("value").length ? true : undefined}
            aria-describedby={describe("value", `${id}_value__hint`)}
            onChange={(e) => {
              setTyping(e.target.value);
              update({ value: e.target.value.trim() === "" ? undefined : parseAmount(e.target.value) });
            }}
            onBlur={() => setTyping(null)}
          />
          <span id={`${id}_value__hint`} className="typed-note">
            {properties.value?.description ?? ""}
          </span>
        </div>
        <div className={errorsOf("unit").length ? "has-error" : undefined}>
          <label htmlFor={`${id}_unit`}>{properties.unit?.title ?? "Đơn vị"}</label>
          <Errors of="unit" />
          <select
            id={`${id}_unit`}
            name={`${id}_unit`}
            value={typeof value.unit === "string" ? value.unit : ""}
            disabled={inert}
            aria-invalid={errorsOf("unit").length ? true : undefined}
            aria-describedby={describe("unit")}
            onChange={(e) => update({ unit: e.target.value === "" ? undefined : e.target.value })}
          >
            <option value="">(chọn đơn vị)</option>
            {units.map((u) => (
              <option key={u.const} value={u.const}>
                {u.title ?? u.const}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={errorsOf("text").length ? "has-error" : undefined}>
        <label htmlFor={`${id}_text`}>{properties.text?.title ?? "Diễn giải"}</label>
        <Errors of="text" />
        <input
          id={`${id}_text`}
          name={`${id}_text`}
          type="text"
          value={typeof value.text === "string" ? value.text : ""}
          disabled={disabled}
          readOnly={readonly}
          aria-invalid={errorsOf("text").length ? true : undefined}
          aria-describedby={describe("text", `${id}_text__hint`)}
          onChange={(e) => update({ text: e.target.value === "" ? undefined : e.target.value })}
        />
        <span id={`${id}_text__hint`} className="typed-note">
          {properties.text?.description ?? ""}
        </span>
      </div>
    </fieldset>
  );
}
