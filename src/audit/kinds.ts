/**
 * What the audit log records. One entry per fact a finance manager or an auditor asks about:
 * why PsiZero acted at a level, whom it asked, who decided what through which channel, what
 * happened when nobody answered, what was executed, and every movement of a customer's money with
 * their name, the invoice number and the amount.
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
  /** Money that moves (the seed's Level 1 "execute and report": this is the report). A charge and what the gateway answered. */
  'charge_attempted',
  /** A charge PsiZero or Stripe reports as disputed: the money is contested. */
  'charge_disputed',
  'card_updated',
  /** An invoice marked uncollectible: by a person's choice, or written down when the recovery deadline passed. */
  'invoice_written_off',
  /** A customer's API access rate-limited or suspended for an unpaid invoice. */
  'access_restricted',
  /** Full access back: the invoice was paid or written off, or a person lifted the restrictions. */
  'access_restored',
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];
