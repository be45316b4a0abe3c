import { useState, type ChangeEvent } from "react";
import { formatNumber } from "~/domain/format";

const megabytes = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 1)} MB`;

/** Why the chosen files cannot be uploaded (naming the file), or null. */
export function uploadSizeProblem(files: readonly { name: string; size: number }[], limits: { fileBytes: number; totalBytes: number }): string | null {
  const large = files.find((f) => f.size > limits.fileBytes);
  if (large) return `${large.name}: tệp dài ${megabytes(large.size)}, vượt quá giới hạn ${megabytes(limits.fileBytes)} của một tệp tải lên`;
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > limits.totalBytes) return `Các tệp đã chọn dài tổng cộng ${megabytes(total)}, vượt quá ${megabytes(limits.totalBytes)} của một lần tải lên: hãy tải lên ít tệp hơn`;
  return null;
}

/**
 * A file input that, once the page runs its script, checks the chosen files' sizes before anything is sent and
 * names the file that is too large (the form's own validity then stops the submission). Without JavaScript the
 * server makes the same check and answers with the same kind of message.
 */
export function FileSizeCheck(props: {
  id: string;
  name: string;
  accept: string;
  describedBy?: string;
  fileBytes: number;
  totalBytes: number;
  /** Several files (default), or one. */
  multiple?: boolean;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const found = uploadSizeProblem(Array.from(event.currentTarget.files ?? []), props);
    event.currentTarget.setCustomValidity(found ?? "");
    setProblem(found);
  };
  return (
    <>
      <p className="field-error" id={`${props.id}-size`} aria-live="polite">
        {problem ? (
          <>
            <span className="visually-hidden">Lỗi: </span>
            {problem}
          </>
        ) : null}
      </p>
      <input
        id={props.id}
        name={props.name}
        type="file"
        multiple={props.multiple ?? true}
        required
        accept={props.accept}
        aria-describedby={[props.describedBy, `${props.id}-size`].filter(Boolean).join(" ")}
        aria-invalid={problem ? true : undefined}
        onChange={onChange}
      />
    </>
  );
}
