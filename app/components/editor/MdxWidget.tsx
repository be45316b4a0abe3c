import { useFetcher } from "@remix-run/react";
import type { WidgetProps } from "@rjsf/utils";
import { useId } from "react";

/** What the preview route answers: the safe HTML, or the problems with their lines. */
export type MdxPreview = { ok: true; html: string } | { ok: false; issues: string[] };

/**
 * A text area for MDX with a "Xem trước" (preview) button: the server renders the text through the project's
 * one safe MDX compiler (nothing the author writes runs), so the preview is exactly what the public page shows,
 * or lists what must be fixed, by line.
 */
export function MdxWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, options, rawErrors } = props;
  const preview = useFetcher<MdxPreview>();
  const previewId = useId();
  const text = typeof value === "string" ? value : "";
  return (
    <div className="mdx-field">
      <textarea
        id={id}
        name={id}
        value={text}
        required={required}
        disabled={disabled}
        readOnly={readonly}
        rows={Number(options.rows ?? 6)}
        aria-invalid={rawErrors?.length ? true : undefined}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
        onBlur={() => onBlur(id, text)}
        onFocus={() => onFocus(id, text)}
      />
      <p>
        <button
          type="button"
          className="button button--small button--secondary"
          aria-controls={previewId}
          disabled={!text || preview.state !== "idle"}
          onClick={() => preview.submit({ source: text }, { method: "post", action: "/admin/mdx-preview" })}
        >
          {preview.state === "idle" ? "Xem trước" : "Đang hiển thị…"}
        </button>
      </p>
      <div id={previewId} aria-live="polite">
        {preview.data?.ok === true ? (
          <div className="mdx-preview rich-text" dangerouslySetInnerHTML={{ __html: preview.data.html }} />
        ) : preview.data?.ok === false ? (
          <ul className="mdx-preview mdx-preview--errors">
            {preview.data.issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
