import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldError } from "./ErrorSummary";

/** A labelled input with its error beside it (GOV.UK pattern); `id` is also the form field's name. */
export function TextField({
  id,
  label,
  error,
  ...input
}: { id: string; label: ReactNode; error?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name">) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <FieldError id={id} message={error} />
      <input id={id} name={id} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined} {...input} />
    </div>
  );
}
