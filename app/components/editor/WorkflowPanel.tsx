import { Form, Link } from "@remix-run/react";
import { FieldError } from "~/components/ui/ErrorSummary";
import { formatDate, formatDateTime } from "~/domain/format";
import { APPROVAL_RULES, COMMENT_MAX, TRANSITIONS, WORKFLOW_STATUS_LABELS, type ApprovalRule, type WorkflowAction, type WorkflowStatus } from "~/domain/workflow";

/** What the server says of a document's workflow (edit.server.ts `workflowState`), as JSON. */
export interface WorkflowView {
  status: WorkflowStatus;
  revision: number;
  inForce: { revision: number; approvedBy: string | null; approvedAt: string | null; approvalRule: string | null } | null;
  retired: { from: string; reason: string } | null;
  pendingAuthors: string[];
  selfAuthored: boolean;
  allowSelf: boolean;
  actions: WorkflowAction[];
  canComment: boolean;
  datedVersions: boolean;
  effectiveFrom: string | null;
  comments: { id: string; action: string; author: string; text: string; createdAt: string; revision: number }[];
}

export interface StepError {
  action: WorkflowAction | "comment";
  field: string;
  message: string;
  text?: string;
  effectiveFrom?: string;
}

const ACTION_WORDS: Record<string, string> = {
  comment: "góp ý",
  ...Object.fromEntries(Object.entries(TRANSITIONS).map(([action, rule]) => [action, rule.done.replace(/^Đã /, "").toLowerCase()])),
};

/**
 * The approval workflow of one document, beside its editor: where it stands (the working revision and the one in
 * force, which the public pages show), the steps this user may take, and the document's thread of comments.
 * Plain forms: every step works without JavaScript and is checked again on the server.
 */
/** `isoDocument`: the page of the document's ISO issue (processes and the quality policy only). */
export function WorkflowPanel({
  workflow,
  error,
  today,
  href,
  isoDocument,
}: {
  workflow: WorkflowView;
  error: StepError | null;
  today: string;
  href: string;
  isoDocument?: string;
}) {
  const { inForce } = workflow;
  const errorFor = (action: string, field: string) => (error && error.action === action && error.field === field ? error.message : undefined);
  return (
    <section aria-labelledby="phe-duyet" className="workflow">
      <h2 id="phe-duyet">Phê duyệt</h2>
      <p>
        Trạng thái: <span className={`badge badge--${workflow.status}`}>{WORKFLOW_STATUS_LABELS[workflow.status]}</span> · phiên bản làm việc{" "}
        {workflow.revision}
      </p>
      {inForce ? (
        <p>
          Phiên bản đang áp dụng (lên trang công khai trong bản niêm yết tiếp theo, nếu chưa có): <strong>phiên bản {inForce.revision}</strong>
          {inForce.approvedBy ? `, duyệt bởi ${inForce.approvedBy}` : ""}
          {inForce.approvedAt ? ` lúc ${formatDateTime(inForce.approvedAt)}` : ""}
          {inForce.approvalRule && inForce.approvalRule in APPROVAL_RULES ? ` (${APPROVAL_RULES[inForce.approvalRule as ApprovalRule]})` : ""}
          {workflow.datedVersions && workflow.effectiveFrom ? `; áp dụng từ ngày ${formatDate(workflow.effectiveFrom)}` : ""}.
        </p>
      ) : (
        <p>Chưa có phiên bản nào được duyệt: tài liệu chưa có trong bản niêm yết nào.</p>
      )}
      {inForce && workflow.revision > inForce.revision ? (
        <p className="notice">
          Phiên bản {workflow.revision} đang soạn mới hơn phiên bản đang áp dụng ({inForce.revision}); bản mới chỉ lên trang công khai khi
          được duyệt và có trong một bản niêm yết được công bố. <Link to={`${href}/diff?from=${inForce.revision}&to=${workflow.revision}`}>Xem thay đổi so với phiên bản đang áp dụng</Link>
        </p>
      ) : null}
      <p>
        <Link to={`${href}/history`}>Lịch sử phiên bản</Link>
        {isoDocument ? (
          <>
            {" · "}
            <Link to={isoDocument}>Tài liệu ISO (xem, in, tải PDF, DOCX, lưu đồ)</Link>
          </>
        ) : null}
      </p>
      {workflow.retired ? (
        <p>
          Ngừng áp dụng từ ngày {formatDate(workflow.retired.from)}
          {workflow.retired.reason ? `: ${workflow.retired.reason}` : ""}.
        </p>
      ) : null}
      {error && error.field === "_form" ? (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}

      {workflow.actions.map((action) => {
        const rule = TRANSITIONS[action];
        const blocked = action === "approve" && workflow.selfAuthored && !workflow.allowSelf;
        const textId = `buoc-${action}`;
        const dateId = `buoc-${action}-ngay`;
        const textError = errorFor(action, "text");
        const dateError = errorFor(action, "effectiveFrom");
        return (
          <Form method="post" key={action} className="workflow-step stack">
            <input type="hidden" name="intent" value={action} />
            <input type="hidden" name="revision" value={workflow.revision} />
            {action === "approve" && workflow.selfAuthored ? (
              <p className={blocked ? "field-error" : undefined}>
                {blocked
                  ? "Bạn đã soạn một phần nội dung đang chờ duyệt nên không thể tự phê duyệt (quy tắc bốn mắt); hãy nhờ lãnh đạo khác duyệt."
                  : "Bạn đã soạn một phần nội dung này; đơn vị cho phép người soạn tự duyệt, việc này được ghi vào nhật ký."}
              </p>
            ) : null}
            {action === "retire" || (action === "approve" && workflow.datedVersions) ? (
              <div className={`field${dateError ? " field--error" : ""}`}>
                <label htmlFor={dateId}>{action === "retire" ? "Ngừng áp dụng từ ngày" : "Phiên bản mới áp dụng từ ngày"} (ngày/tháng/năm)</label>
                <FieldError id={dateId} message={dateError} />
                <input
                  id={dateId}
                  name="effectiveFrom"
                  inputMode="numeric"
                  defaultValue={error?.action === action ? error.effectiveFrom : formatDate(today)}
                  maxLength={10}
                  aria-invalid={dateError ? true : undefined}
                  aria-describedby={dateError ? `${dateId}-error` : undefined}
                />
              </div>
            ) : null}
            <div className={`field${textError ? " field--error" : ""}`}>
              <label htmlFor={textId}>{rule.textLabel}</label>
              <FieldError id={textId} message={textError} />
              <textarea
                id={textId}
                name="text"
                rows={2}
                maxLength={COMMENT_MAX}
                defaultValue={error?.action === action ? error.text : undefined}
                aria-invalid={textError ? true : undefined}
                aria-describedby={textError ? `${textId}-error` : undefined}
              />
            </div>
            <p>
              <button type="submit" className={action === "return" || action === "retire" ? "button button--secondary" : "button"} disabled={blocked}>
                {rule.label}
              </button>
            </p>
          </Form>
        );
      })}

      <h3 id="trao-doi">Trao đổi</h3>
      {workflow.comments.length === 0 ? (
        <p>Chưa có trao đổi nào.</p>
      ) : (
        <ol className="comments">
          {workflow.comments.map((c) => (
            <li key={c.id}>
              <p className="comment-meta">
                <strong>{c.author}</strong> · {formatDateTime(c.createdAt)} · {ACTION_WORDS[c.action] ?? c.action} (phiên bản {c.revision})
              </p>
              {c.text ? <p className="comment-text">{c.text}</p> : null}
            </li>
          ))}
        </ol>
      )}
      {workflow.canComment ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="comment" />
          <div className={`field${errorFor("comment", "text") ? " field--error" : ""}`}>
            <label htmlFor="gop-y">Góp ý</label>
            <FieldError id="gop-y" message={errorFor("comment", "text")} />
            <textarea id="gop-y" name="text" rows={2} maxLength={COMMENT_MAX} aria-invalid={errorFor("comment", "text") ? true : undefined} />
          </div>
          <p>
            <button type="submit" className="button button--secondary">
              Gửi góp ý
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
