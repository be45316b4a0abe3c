/**
 * GOV.UK error-summary pattern: a list at the top linking to each field in error; each field also shows its
 * message beside it (FieldError). Messages are Vietnamese and name the field by its label.
 */
export type FieldErrors = Record<string, string>;

export function ErrorSummary({ errors, labels }: { errors: FieldErrors | undefined; labels: Record<string, string> }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">Có lỗi cần sửa</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field === "_form" ? message : <a href={`#${field}`}>{labels[field] ? `${labels[field]}: ${message}` : message}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      <span className="visually-hidden">Lỗi: </span>
      {message}
    </p>
  );
}
