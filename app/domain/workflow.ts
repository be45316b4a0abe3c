import type { Permission } from "./permissions";

/**
 * The approval workflow (docs/decisions/007-workflow.md). A document's status is the status of its working
 * revision; the approved revision in force is kept beside it until a newer one is approved.
 *
 *   draft ──submit──▶ in_review ──approve──▶ approved ──retire──▶ retired
 *     ▲                  │  │
 *     └────return────────┘  └──withdraw──▶ draft
 *
 * Saving an approved document starts a new draft from it; the approved revision stays in force meanwhile.
 */
export const WORKFLOW_STATUSES = ["draft", "in_review", "approved", "retired"] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const WORKFLOW_STATUS_LABELS: Record<WorkflowStatus, string> = {
  draft: "Bản nháp",
  in_review: "Chờ duyệt",
  approved: "Đã duyệt",
  retired: "Ngừng áp dụng",
};

export const WORKFLOW_ACTIONS = ["submit", "withdraw", "approve", "return", "retire"] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export interface TransitionRule {
  from: WorkflowStatus;
  to: WorkflowStatus;
  permission: Permission;
  /** The button's words. */
  label: string;
  /** Words of what happened, for the comment thread and the flash message. */
  done: string;
  /** Whether the officer must write why (a returned draft, a retirement). */
  textRequired: boolean;
  textLabel: string;
}

export const TRANSITIONS: Record<WorkflowAction, TransitionRule> = {
  submit: {
    from: "draft",
    to: "in_review",
    permission: "catalog:edit",
    label: "Gửi duyệt",
    done: "Đã gửi duyệt",
    textRequired: false,
    textLabel: "Ghi chú cho người duyệt (không bắt buộc)",
  },
  withdraw: {
    from: "in_review",
    to: "draft",
    permission: "catalog:edit",
    label: "Rút lại để sửa",
    done: "Đã rút lại về bản nháp",
    textRequired: false,
    textLabel: "Lý do rút lại (không bắt buộc)",
  },
  approve: {
    from: "in_review",
    to: "approved",
    permission: "catalog:approve",
    label: "Phê duyệt",
    done: "Đã phê duyệt",
    textRequired: false,
    textLabel: "Ý kiến khi phê duyệt (không bắt buộc)",
  },
  return: {
    from: "in_review",
    to: "draft",
    permission: "catalog:approve",
    label: "Trả lại để sửa",
    done: "Đã trả lại để sửa",
    textRequired: true,
    textLabel: "Nội dung cần sửa (bắt buộc)",
  },
  retire: {
    from: "approved",
    to: "retired",
    permission: "catalog:approve",
    label: "Ngừng áp dụng",
    done: "Đã ngừng áp dụng",
    textRequired: true,
    textLabel: "Lý do ngừng áp dụng (bắt buộc)",
  },
};

export function isWorkflowAction(value: string): value is WorkflowAction {
  return (WORKFLOW_ACTIONS as readonly string[]).includes(value);
}

/** Under which rule a revision was approved (kept with the revision and in the audit log). */
export const APPROVAL_RULES = {
  four_eyes: "người duyệt khác người soạn",
  self_approval_allowed: "người soạn tự duyệt (đơn vị cho phép tự duyệt)",
  catalog_import: "nạp từ tệp danh mục",
} as const;
export type ApprovalRule = keyof typeof APPROVAL_RULES;

/** Longest comment or workflow note (characters). */
export const COMMENT_MAX = 2000;

/** The setting that lets an approver approve what they wrote (small communes with one leader). */
export const SELF_APPROVAL_SETTING = "workflow.allow_self_approval";
