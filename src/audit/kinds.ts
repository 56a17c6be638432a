/**
 * What the audit log records. One entry per fact a finance manager or an auditor asks about:
 * why PsiZero acted at a level, whom it asked, who decided what through which channel, what
 * happened when nobody answered, and what was executed.
 */
export const AUDIT_KINDS = [
  /** The decision record (level, rules, triggers, route) for a proposed action. */
  'decision_record',
  /** A Level 3 recommendation handed to a person. */
  'recommendation_made',
  'approval_requested',
  'notification_sent',
  /** A channel gave up delivering a notification to one person (after its retries); the others still count. */
  'notification_failed',
  /** One person's decision: who, when, channel, comment, reason. */
  'approval_decision',
  'approval_timed_out',
  'approval_escalated',
  'approval_expired',
  /** The workflow's conservative default, taken because an approval expired. */
  'fallback_taken',
  /** A Level 2 action not executed: rejected, expired without a default, or an invalid approval. */
  'action_not_executed',
  /** A Level 3 human decision as handed back to the workflow. */
  'decision_recorded',
  'action_executed',
  'action_failed',
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];
