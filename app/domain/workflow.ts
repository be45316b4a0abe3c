/** The workflow statuses of a stored document and the words officers read for them. */
export const WORKFLOW_STATUSES = ["draft", "in_review", "approved", "retired"] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const WORKFLOW_STATUS_LABELS: Record<WorkflowStatus, string> = {
  draft: "Bản nháp",
  in_review: "Chờ duyệt",
  approved: "Đã duyệt",
  retired: "Ngừng áp dụng",
};
