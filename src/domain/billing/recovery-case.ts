/**
 * The records payment recovery keeps (domain migration 0002): one recovery case per failed invoice,
 * whose state is what `GET /v1/entitlements` answers and what the recovery metrics are computed
 * from, and every message the recovery sent the customer, including the ones that could not go out.
 */
import type { RecoveryCasesTable, RecoveryMessagesTable } from '../../db/tables.ts';

export const CASE_STATUSES = ['open', 'recovered', 'written_off', 'unrecovered'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const RECOVERED_BY = ['automatic_retry', 'manual_retry', 'card_update', 'outside_payment'] as const;
export type RecoveredBy = (typeof RECOVERED_BY)[number];
/** The access PsiZero's API gateway grants a customer with an unpaid invoice (the policy's grace-period restrictions). */
export const RESTRICTIONS = ['none', 'rate_limited', 'suspended'] as const;
export type Restriction = (typeof RESTRICTIONS)[number];
export type MessageChannel = 'email' | 'sms' | 'slack';
/** What became of a person's decision on a case handed to them. */
export const DECISION_OUTCOMES = ['carried_out', 'not_carried_out', 'rejected', 'expired'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** The last hand-over's end: what was decided and done, in words a finance manager reads. */
export interface CaseDecision {
  outcome: DecisionOutcome;
  /** E.g. "Carlos Chen and Sam Singh chose Write the invoice off: carried out". */
  summary: string;
  at: number;
}

export interface RecoveryCase {
  invoiceId: string;
  customerId: string;
  runId: string;
  amountCents: number;
  currency: string;
  failedAt: number;
  declineCode: string;
  declineType: 'soft' | 'hard';
  disputed: boolean;
  status: CaseStatus;
  restriction: Restriction;
  restrictedSince: number | null;
  /** Charge attempts so far, the failed first charge included. */
  attempts: number;
  escalations: number;
  lastMessage: string | null;
  recoveredAt: number | null;
  recoveredAttempt: number | null;
  recoveredBy: RecoveredBy | null;
  /** The last message the customer received before paying (null: paid before any message). */
  messageBeforeRecovery: string | null;
  closedAt: number | null;
  updatedAt: number;
  /** Handed to a person who has not decided yet, since when (null: nobody is being asked now). */
  waitingSince: number | null;
  /** What became of the last decision a person made on the case. */
  lastDecision: CaseDecision | null;
}

/** What opening a case needs to know; everything else starts empty. */
export type NewRecoveryCase = Pick<
  RecoveryCase,
  | 'invoiceId'
  | 'customerId'
  | 'runId'
  | 'amountCents'
  | 'currency'
  | 'failedAt'
  | 'declineCode'
  | 'declineType'
  | 'disputed'
  | 'attempts'
>;

/** How a case ends. A recovered case names how it was paid; `attempt` defaults to the charges made so far. */
export type CaseOutcome =
  | { status: 'recovered'; by: RecoveredBy; messageBeforeRecovery: string | null; attempt?: number }
  | { status: 'written_off' }
  | { status: 'unrecovered' };

/**
 * `captured_locally`: written to PsiZero's local outbox because no SMTP server or SMS provider is
 * configured (the embedded default), where it stands in for the customer's inbox.
 */
export type MessageStatus = 'sent' | 'captured_locally' | 'not_sent';

/** Whether a message with this status reached the customer (or the outbox that stands in for them). */
export const messageDelivered = (status: MessageStatus): boolean => status !== 'not_sent';

export interface RecoveryMessage {
  invoiceId: string;
  day: number;
  channel: MessageChannel;
  template: string;
  status: MessageStatus;
  detail: string | null;
  sentAt: number;
}

const numberOrNull = (value: number | null): number | null => (value === null ? null : Number(value));

export function caseFromRow(row: RecoveryCasesTable): RecoveryCase {
  return {
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    runId: row.run_id,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    failedAt: Number(row.failed_at),
    declineCode: row.decline_code,
    declineType: row.decline_type as RecoveryCase['declineType'],
    disputed: Number(row.disputed) === 1,
    status: row.status as CaseStatus,
    restriction: row.restriction as Restriction,
    restrictedSince: numberOrNull(row.restricted_since),
    attempts: Number(row.attempts),
    escalations: Number(row.escalations),
    lastMessage: row.last_message,
    recoveredAt: numberOrNull(row.recovered_at),
    recoveredAttempt: numberOrNull(row.recovered_attempt),
    recoveredBy: row.recovered_by as RecoveredBy | null,
    messageBeforeRecovery: row.message_before_recovery,
    closedAt: numberOrNull(row.closed_at),
    updatedAt: Number(row.updated_at),
    waitingSince: numberOrNull(row.waiting_since),
    lastDecision:
      row.decision_outcome === null
        ? null
        : {
            outcome: row.decision_outcome as DecisionOutcome,
            summary: row.decision_summary ?? '',
            at: Number(row.decided_at ?? row.updated_at),
          },
  };
}

export function newCaseRow(opened: NewRecoveryCase, now: number): RecoveryCasesTable {
  return {
    invoice_id: opened.invoiceId,
    customer_id: opened.customerId,
    run_id: opened.runId,
    amount_cents: opened.amountCents,
    currency: opened.currency,
    failed_at: opened.failedAt,
    decline_code: opened.declineCode,
    decline_type: opened.declineType,
    disputed: opened.disputed ? 1 : 0,
    status: 'open',
    restriction: 'none',
    restricted_since: null,
    attempts: opened.attempts,
    escalations: 0,
    last_message: null,
    recovered_at: null,
    recovered_attempt: null,
    recovered_by: null,
    message_before_recovery: null,
    closed_at: null,
    updated_at: now,
    waiting_since: null,
    decision_outcome: null,
    decision_summary: null,
    decided_at: null,
  };
}

export function messageFromRow(row: RecoveryMessagesTable): RecoveryMessage {
  return {
    invoiceId: row.invoice_id,
    day: Number(row.day),
    channel: row.channel as MessageChannel,
    template: row.template,
    status: row.status as RecoveryMessage['status'],
    detail: row.detail,
    sentAt: Number(row.sent_at),
  };
}
