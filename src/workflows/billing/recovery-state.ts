/**
 * What a payment-recovery run knows and how it changes, as plain data and pure transitions: the
 * case as it was opened (with the policy snapshot the whole run follows), and the counters the run
 * carries from step to step. The durable steps (`recovery-steps.ts`) and the phases that combine
 * them (`recovery-phases.ts`) pass a state in and get the next one back; nothing is shared.
 */
import type { ChargeResult } from '../../connectors/index.ts';
import { messageDelivered } from '../../domain/billing/index.ts';
import { classifyDecline } from '../../domain/index.ts';
import type { FailedPaymentFacts, RecoveryPolicy } from '../../policy/index.ts';
import type { Delivery } from './customer-messenger.ts';
import type { Checkpoint } from './recovery-plan.ts';

/** The case as the run opened it: the facts every later step quotes. */
export interface OpenedCase {
  invoiceId: string;
  customerId: string;
  customerName: string;
  email: string | null;
  /** E.164; absent in runs opened before customers had phone numbers. */
  phone?: string | null;
  enterprise: boolean;
  csmId: string | null;
  invoiceNumber: string | null;
  amountCents: number;
  currency: string;
  failedAt: number;
  /** The method the failed charge used ('' when none was on file). */
  paymentMethod: string;
  declineType: 'soft' | 'hard';
  declineReason: string;
  declineCode: string;
  disputed: boolean;
  /** The policy's `billing.recovery` as it was when the case opened: the only policy the run reads. */
  recovery: RecoveryPolicy;
  checkpoints: Checkpoint[];
  /** The customer's monthly plan price, their recurring value (absent in cases opened before version 2). */
  monthlyValueCents?: number;
  /**
   * Why suspending the customer or writing the invoice down needs the approval the policy requires
   * (an enterprise customer, an amount the policy sends to its highest approver); null when the
   * schedule may do it alone. Decided when the case opens, so a replay never sees another answer.
   * Absent in cases opened before version 2.
   */
  restrictionsNeedApproval?: string | null;
}

/** The last message that asked the customer to update their card (every recovery message carries the link). */
export interface CardRequest {
  template: string;
  day: number;
  /** Sent, or captured in the local outbox that stands in for the customer's inbox. */
  delivered: boolean;
  /** The address or outbox it went to, or why it could not go out. */
  detail: string;
}

export interface RecoveryState {
  /** Charges made on the invoice so far, the failed first one included. */
  attempts: number;
  consecutiveFailures: number;
  /** Days every remaining step was pushed back by a person who extended the grace period. */
  extensionDays: number;
  /** The last message the customer actually received. */
  lastMessage: string | null;
  escalations: number;
  /** A person suspended access: no more retries or reminders until the customer pays. */
  suspended: boolean;
  /** A later attempt was hard-declined: automatic retries are over. */
  hardDeclined: boolean;
  /** A charge of the invoice was disputed after the case opened. */
  disputed: boolean;
  /** The latest decline, for the person deciding; null: still the one the case opened with. */
  lastDecline: { code: string; reason: string } | null;
  cardRequest: CardRequest | null;
  /** The schedule's final automatic attempt was made and failed (the seed's FINAL_CHECK → No). */
  finalAttemptFailed: boolean;
  /** Days the write-down at the deadline was put off because nobody approved it. */
  deadlineDeferredDays: number;
}

export type RecoveryOutcome = 'recovered' | 'written_off' | 'unrecovered';

export interface Finished {
  state: RecoveryState;
  ended: RecoveryOutcome;
}

/** Where a run stands after a phase: still going, or finished with an outcome. */
export type Progress = { state: RecoveryState; ended: null } | Finished;

/** What carrying out a person's choice did. */
export type ChoiceOutcome =
  | { kind: 'recovered' }
  /** Paid elsewhere while the person decided: nothing of the choice applied (the case closed as paid). */
  | { kind: 'already_paid' }
  | { kind: 'retry_failed'; declineCode: string; adviceCode?: string | null; disputed?: boolean }
  | { kind: 'extended'; days: number }
  | { kind: 'written_off' }
  | { kind: 'suspended' };

/** A failed charge as the run reads it: how to treat the decline, and whether the money is contested. */
export interface Decline {
  type: 'soft' | 'hard';
  code: string;
  reason: string;
  disputed: boolean;
}

export const going = (state: RecoveryState): Progress => ({ state, ended: null });
export const finished = (state: RecoveryState, outcome: RecoveryOutcome): Finished => ({ state, ended: outcome });

/** A run starts with the charges already made (more than one for a failure taken over from history), all failed. */
export function startState(attempts: number): RecoveryState {
  return {
    attempts,
    consecutiveFailures: attempts,
    extensionDays: 0,
    lastMessage: null,
    escalations: 0,
    suspended: false,
    hardDeclined: false,
    disputed: false,
    lastDecline: null,
    cardRequest: null,
    finalAttemptFailed: false,
    deadlineDeferredDays: 0,
  };
}

export function afterCharge(state: RecoveryState, paid: boolean): RecoveryState {
  return {
    ...state,
    attempts: state.attempts + 1,
    consecutiveFailures: paid ? state.consecutiveFailures : state.consecutiveFailures + 1,
  };
}

/** Stripe's advice code or the decline-code table, as when the case opened; a disputed charge counts as hard. */
export function declineOf(result: ChargeResult): Decline | null {
  if (result.status === 'succeeded') {
    return result.disputed
      ? { type: 'hard', code: 'disputed', reason: 'the charge is disputed', disputed: true }
      : null;
  }
  const classified = classifyDecline({ declineCode: result.declineCode, adviceCode: result.adviceCode });
  return { type: classified.type, code: result.declineCode, reason: classified.reason, disputed: false };
}

/** The decline of a retry a person chose, from what the choice's step recorded. */
export function declineOfRetry(outcome: Extract<ChoiceOutcome, { kind: 'retry_failed' }>): Decline {
  if (outcome.disputed === true)
    return { type: 'hard', code: 'disputed', reason: 'the charge is disputed', disputed: true };
  const classified = classifyDecline({ declineCode: outcome.declineCode, adviceCode: outcome.adviceCode ?? null });
  return { type: classified.type, code: outcome.declineCode, reason: classified.reason, disputed: false };
}

/** Every decline counts: a hard one or a dispute ends automatic retries for the rest of the case. */
export function afterDecline(state: RecoveryState, decline: Decline): RecoveryState {
  return {
    ...state,
    lastDecline: { code: decline.code, reason: decline.reason },
    hardDeclined: state.hardDeclined || (decline.type === 'hard' && !decline.disputed),
    disputed: state.disputed || decline.disputed,
  };
}

/** A dispute reported from outside the run (a Stripe webhook): the money is contested. */
export function afterDispute(state: RecoveryState): RecoveryState {
  return { ...state, disputed: true, lastDecline: { code: 'disputed', reason: 'the charge is disputed' } };
}

/** Hard declines and disputes are never retried automatically: charging again cannot settle them. */
export function retriesEnded(opened: OpenedCase, state: RecoveryState): boolean {
  return opened.declineType === 'hard' || opened.disputed || state.hardDeclined || state.disputed;
}

/** The failure that makes the streak exactly as long as the policy's limit hands the case to a person. */
export function failureLimitReached(state: RecoveryState, recovery: RecoveryPolicy): boolean {
  const limit = recovery.manualEscalation.consecutiveFailures;
  return limit !== null && state.consecutiveFailures === limit;
}

export function escalationStarted(state: RecoveryState): RecoveryState {
  return { ...state, escalations: state.escalations + 1 };
}

/** The run's state after a person's choice that did not end the case. */
export function afterChoice(state: RecoveryState, outcome: ChoiceOutcome): RecoveryState {
  switch (outcome.kind) {
    case 'extended':
      return { ...state, extensionDays: state.extensionDays + outcome.days };
    case 'suspended':
      return { ...state, suspended: true };
    case 'retry_failed':
      return afterCharge(state, false);
    default:
      return state;
  }
}

/** The last message the customer received: sent, or captured in the local outbox that stands in for their inbox. */
export function afterMessage(state: RecoveryState, template: string, delivery: Delivery): RecoveryState {
  return messageDelivered(delivery.status) ? { ...state, lastMessage: template } : state;
}

/**
 * The run's record of whether its last request to update the card reached the customer. One
 * message on several channels (email and SMS on day 7) reached them if any channel delivered it.
 */
export function afterCardRequest(
  state: RecoveryState,
  message: { template: string; day: number },
  delivery: Delivery,
): RecoveryState {
  const delivered = messageDelivered(delivery.status);
  const current = state.cardRequest;
  const sameMessage = current !== null && current.day === message.day && current.template === message.template;
  if (sameMessage && current.delivered && !delivered) return state;
  return { ...state, cardRequest: { ...message, delivered, detail: delivery.detail } };
}

/** What the policy's escalation criteria look at. */
export function escalationFacts(opened: OpenedCase, state: RecoveryState): FailedPaymentFacts {
  return {
    decline: opened.declineType === 'hard' || state.hardDeclined ? 'hard' : 'soft',
    disputed: opened.disputed || state.disputed,
    amountUsd: opened.amountCents / 100,
    customerMonthlyValueUsd: (opened.monthlyValueCents ?? 0) / 100,
    enterpriseCustomer: opened.enterprise,
    consecutiveFailures: state.consecutiveFailures,
  };
}

/** The grace-period day on which access is suspended, as the run's policy snapshot says. */
export function suspensionDayOf(recovery: RecoveryPolicy): number {
  const grace = recovery.gracePeriod;
  return grace.restrictions.find((r) => r.restriction === 'suspended')?.fromDay ?? grace.durationDays;
}
