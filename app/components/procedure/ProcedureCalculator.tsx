import { Form } from "@remix-run/react";
import { ErrorSummary, FieldError } from "~/components/ui/ErrorSummary";
import { describeResult, type CalculatorResult } from "~/domain/calculators";

/**
 * "Tính thời hạn và phí" on a procedure's page: a GET form (it works without JavaScript; the server computes) and
 * its answer — the expected result date and the fees of the chosen channel on the filing date.
 */
export function ProcedureCalculator({
  action,
  channels,
  labels,
  limits,
  values,
  errors,
  result,
}: {
  action: string;
  channels: { type: string; label: string }[];
  labels: Record<"date" | "time" | "channel" | "pages" | "copies", string>;
  limits: { pagesMax: number; copiesMax: number };
  values: Record<string, string>;
  errors: Record<string, string>;
  result: CalculatorResult | null;
}) {
  const field = (name: string) => ({ id: `tinh-${name}`, error: errors[name] });
  const channelLabel = (type: string) => channels.find((c) => c.type === type)?.label ?? type;
  const said = result ? describeResult(result, channelLabel(result.channel)) : null;
  return (
    <section id="tinh-thoi-han" aria-labelledby="tinh-thoi-han-title" className="calculator">
      <h2 id="tinh-thoi-han-title">Tính ngày hẹn trả kết quả và phí, lệ phí</h2>
      <ErrorSummary
        errors={Object.fromEntries(Object.entries(errors).map(([k, v]) => [`tinh-${k}`, v]))}
        labels={{ "tinh-ngay": labels.date, "tinh-gio": labels.time, "tinh-cach-thuc": labels.channel, "tinh-so-trang": labels.pages, "tinh-so-ban": labels.copies }}
      />
      <Form method="get" action={`${action}#tinh-thoi-han`} className="calculator__form" reloadDocument>
        {[
          { name: "ngay", label: labels.date, type: "date", value: values.ngay },
          { name: "gio", label: labels.time, type: "time", value: values.gio },
        ].map((f) => (
          <div key={f.name} className={`field${field(f.name).error ? " field--error" : ""}`}>
            <label htmlFor={field(f.name).id}>{f.label}</label>
            <FieldError id={field(f.name).id} message={field(f.name).error} />
            <input id={field(f.name).id} name={f.name} type={f.type} defaultValue={f.value} required={f.name === "ngay"} />
          </div>
        ))}
        <div className={`field${field("cach-thuc").error ? " field--error" : ""}`}>
          <label htmlFor="tinh-cach-thuc">{labels.channel}</label>
          <FieldError id="tinh-cach-thuc" message={field("cach-thuc").error} />
          <select id="tinh-cach-thuc" name="cach-thuc" defaultValue={values["cach-thuc"]}>
            {channels.map((c) => (
              <option key={c.type} value={c.type}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        {[
          { name: "so-trang", label: labels.pages, max: limits.pagesMax },
          { name: "so-ban", label: labels.copies, max: limits.copiesMax },
        ].map((f) => (
          <div key={f.name} className={`field${field(f.name).error ? " field--error" : ""}`}>
            <label htmlFor={field(f.name).id}>{f.label}</label>
            <FieldError id={field(f.name).id} message={field(f.name).error} />
            <input id={field(f.name).id} name={f.name} type="number" inputMode="numeric" min={1} max={f.max} defaultValue={values[f.name]} />
          </div>
        ))}
        <p>
          <button type="submit" className="button">
            Tính
          </button>
        </p>
      </Form>
      {said ? (
        <div className="calculator__result" role="status">
          <p>
            {said.filed}
            <strong>{said.due}</strong>.
          </p>
          {said.notes.length > 0 ? (
            <ul className="plain-list">
              {said.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
          {said.noFees ? (
            <p>{said.noFees}</p>
          ) : (
            <ul className="plain-list">
              {said.fees.map((f, i) => (
                <li key={i}>
                  {f.text}
                  {f.note ? <span className="fee-note">{f.note}</span> : null}
                </li>
              ))}
            </ul>
          )}
          <p className="note">{said.disclaimer}</p>
        </div>
      ) : null}
    </section>
  );
}
