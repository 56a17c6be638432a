/**
 * The approval model. An approval is one record that changes by compare-and-set on its `version`:
 * whoever writes must name the version they read, so two deciders (or a decider and the run's
 * timeout) can never both succeed on the same state (approval-repository.ts). The decision record
 * is kept as plain JSON for display; the fields the lifecycle needs are copied out of it when the
 * approval opens.
 */

export type ApprovalStatus = 'pending' | 'escalated' | 'approved' | 'rejected' | 'expired';

export const TERMINAL_APPROVAL_STATUSES: readonly ApprovalStatus[] = ['approved', 'rejected', 'expired'];

export type DecisionVerdict = 'approve' | 'reject';

/** Who may decide what, in one round. */
export interface RoundEligibility {
  /** The routed role this entry satisfies (for the final decision maker: their role). */
  requirement: string;
  /** Directory ids. */
  people: string[];
  /** True for the final decision maker: one decision settles the whole approval. */
  settlesAll: boolean;
}

export type RoundReason = 'requested' | 'escalated_to_backup' | 'escalated_to_final_decision_maker';

export interface ApprovalRound {
  round: number;
  reason: RoundReason;
  startedAt: number;
  deadline: number;
  eligible: RoundEligibility[];
}

export interface ApprovalDecision {
  /** 1-based, in the order decisions were recorded. */
  seq: number;
  by: string;
  verdict: DecisionVerdict;
  requirement: string;
  settlesAll: boolean;
  round: number;
  at: number;
  channel: string;
  comment: string | null;
  reason: string | null;
  /**
   * The option approved, for an approval whose decision record offers choices (an id from
   * `record.choices`); null for rejections and for approvals without choices.
   */
  choice: string | null;
}

/** What PsiZero recommends: shown to the person deciding, and the substance of a Level 3 action. */
export interface Recommendation {
  summary: string;
  /**
   * For an action with choices: the option PsiZero recommends (one of the proposal's choices that is
   * available). The dashboard and the link page preselect it; Slack and email mark it.
   */
  choice?: string;
  details?: unknown;
}

/**
 * What happens without a yes, in the workflow's words, stored with the approval so every view can
 * say it before anyone decides (and the outcome afterwards).
 */
export interface ApprovalConsequences {
  /** The workflow's conservative default, taken when nobody approves in time; null when it has none. */
  ifNobodyDecides: string | null;
  /** What the workflow does after a rejection; null when it did not say. */
  ifRejected: string | null;
}

export interface StoredApproval {
  id: string;
  runId: string;
  actionId: string;
  title: string;
  level: number;
  kind: string;
  fallback: string;
  timeoutMs: number;
  approvalsNeeded: number;
  finalDecisionMakerRole: string;
  initiatedBy: string | null;
  /** Routed roles, highest rank first. */
  requirements: string[];
  /** The decision record (plain JSON) the approval was opened for. */
  record: unknown;
  /** PsiZero's recommendation, stored with the approval so every view shows it without a lookup; absent when none. */
  recommendation?: Recommendation;
  /** Absent on approvals opened before it was stored. */
  consequences?: ApprovalConsequences;
  status: ApprovalStatus;
  round: number;
  rounds: ApprovalRound[];
  /** Deadline of the current round. */
  deadline: number;
  decisions: ApprovalDecision[];
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  /** Starts at 1; every change adds 1. */
  version: number;
  /** Outbox: a decision was recorded whose audit entry or wake-up event may not be written yet. */
  outboxPending: boolean;
  /** When the wake-up event was last published (null: never), and how many times. */
  publishedAt: number | null;
  publishCount: number;
  /** When the waiting run read the outcome; until then the event may be published again. */
  acknowledgedAt: number | null;
}

export interface ApprovalFilter {
  status?: ApprovalStatus | ApprovalStatus[];
  runId?: string;
  /** Default 100. Newest first. */
  limit?: number;
}

export type LinkIntent = DecisionVerdict;

/** A single-use approval link's nonce, stored so a link can be used once. */
export interface ApprovalLinkRecord {
  nonce: string;
  approvalId: string;
  personId: string;
  intent: LinkIntent;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}
