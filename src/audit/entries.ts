/**
 * Audit entries: an append-only, hash-chained list. Each entry carries the hash of the one before
 * it, so an entry edited, deleted or reordered directly in the database breaks the chain at that
 * entry (verify.ts); appends are serialised so that exactly one entry follows each other entry
 * (audit-repository.ts).
 *
 * Every kind (kinds.ts) has one data shape, so an entry is a discriminated union on `kind`: writers
 * cannot record a kind with the wrong data, and readers (summary.ts) get typed data per kind. The
 * chain itself (hashing, verification) does not care about kinds and works on `AuditRecord`.
 */
import type {
  ApprovalDecision,
  ApprovalStatus,
  DecisionVerdict,
  RoundEligibility,
  RoundReason,
} from '../approvals/approval-model.ts';
import type { NotificationType } from '../approvals/notifier.ts';
import type { DecisionRecord } from '../policy/index.ts';
import type { AuditKind } from './kinds.ts';

/** The previous-hash of entry #1: no entry comes before it. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface Recommendation {
  summary: string;
  details?: unknown;
}

/** One delivery of a notification to one person (`notification_sent`, `notification_failed`). */
export interface NotificationAuditData {
  type: NotificationType;
  recipient: string;
  /** The channel it went out on (email, slack, dashboard, ...). */
  channel: string;
  messageId: string | null;
  /** Why the channel gave up (notification_failed). */
  error?: { code: string; message: string };
}

/** Whose money, on which invoice, how much: on every money entry, so the log reads without another table. */
export interface MoneySubject {
  customer: { id: string; name: string };
  invoice: { id: string; number: string | null };
  amountCents: number;
  currency: string;
}

/** A charge and the gateway's answer (`charge_attempted`). */
export interface ChargeAuditData extends MoneySubject {
  /** 1 for the billing cycle's charge, one more for each retry. */
  attempt: number;
  /** What made the charge: billing_cycle, automatic_retry, manual_retry (a person chose it), card_update. */
  by: string;
  /** not_charged: no card on file, so the gateway was not asked. */
  outcome: 'paid' | 'declined' | 'disputed' | 'not_charged';
  chargeId: string | null;
  declineCode?: string;
  declineType?: 'soft' | 'hard';
}

/** What each kind records. An entry written before a field existed lacks it; optional fields are recent. */
export interface AuditData {
  decision_record: { record: DecisionRecord; recommendation: Recommendation | null };
  recommendation_made: { recommendation: Recommendation | null };
  approval_requested: {
    kind: string;
    level: number;
    approvalsNeeded: number;
    deadline: number;
    eligible: RoundEligibility[];
  };
  notification_sent: NotificationAuditData;
  notification_failed: NotificationAuditData;
  approval_decision: {
    verdict: DecisionVerdict;
    requirement: string;
    settlesAll: boolean;
    round: number;
    comment: string | null;
    reason: string | null;
    /** The approval's status right after this decision. */
    statusAfter: ApprovalStatus;
    /** The option approved, for approvals with choices. */
    choice?: string;
  };
  approval_timed_out: { round: number; deadline: number | null };
  approval_escalated: { round: number; reason: RoundReason; deadline: number; eligible: RoundEligibility[] };
  approval_expired: { round: number; fallback: string };
  fallback_taken: { description: string; result: unknown };
  action_not_executed: { reason: string };
  decision_recorded: { decision: 'approved' | 'rejected'; decisions: ApprovalDecision[]; choice?: string };
  action_executed: { result: unknown; choice?: string };
  action_failed: { error: { code: string; message: string }; attempts: number };
  charge_attempted: ChargeAuditData;
  /** `paymentId`: the payment attempt whose charge is contested. */
  charge_disputed: MoneySubject & { paymentId: string };
  card_updated: {
    customer: { id: string; name: string };
    paymentMethod: string;
    /** The customer's invoices under recovery when the card changed (a waiting run charges the new card at once). */
    unpaid: { id: string; number: string | null; amountCents: number; currency: string }[];
  };
  invoice_written_off: MoneySubject & { reason: string };
  access_restricted: MoneySubject & { restriction: 'rate_limited' | 'suspended'; reason: string };
  access_restored: MoneySubject & { reason: string };
}

interface EntryFields {
  at: number;
  /** `system` or the directory id of the person who acted. */
  actor: string;
  /** How the actor reached PsiZero: `system`, `cli`, `dashboard`, `email`, `slack`, `api`. */
  channel: string;
  runId: string | null;
  approvalId: string | null;
  actionId: string | null;
  /**
   * Idempotency key: appending an entry whose key is already in the log appends nothing and
   * returns the stored entry, so a durable step that runs twice records its entries once.
   */
  key: string | null;
}

interface ChainFields {
  /** 1, 2, 3, ... without gaps. */
  seq: number;
  prevHash: string;
  /** sha256 hex over the canonical JSON of the entry (audit-hash.ts). */
  hash: string;
}

export type NewAuditEntryOf<K extends AuditKind> = EntryFields & { kind: K; data: AuditData[K] };
export type NewAuditEntry = { [K in AuditKind]: NewAuditEntryOf<K> }[AuditKind];
export type AuditEntryOf<K extends AuditKind> = NewAuditEntryOf<K> & ChainFields;
export type AuditEntry = { [K in AuditKind]: AuditEntryOf<K> }[AuditKind];

/** Any entry as the chain sees it: what hashing and verification cover, whatever its kind. */
export interface AuditRecord extends EntryFields {
  kind: string;
  /** Plain JSON. */
  data: unknown;
}

export interface ChainedAuditRecord extends AuditRecord, ChainFields {}

/** The chain head: the last entry's seq and hash (seq 0 and the genesis hash while the log is empty). */
export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditFilter {
  runId?: string;
  approvalId?: string;
  actionId?: string;
  kind?: string;
  actor?: string;
  afterSeq?: number;
  /** Entries at or after this instant. */
  atFrom?: number;
  /** Entries before this instant. */
  atBefore?: number;
  /** Default 100. */
  limit?: number;
  /** The latest `limit` matching entries (still returned oldest first) instead of the earliest. */
  latest?: boolean;
}
