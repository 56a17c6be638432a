/**
 * What a payment-recovery run knows and how it changes, as plain data and pure transitions: the
 * case as it was opened (with the policy snapshot the whole run follows), and the counters the run
 * carries from step to step. The durable steps (`recovery-steps.ts`) and the phases that combine
 * them (`recovery-phases.ts`) pass a state in and get the next one back; nothing is shared.
 */
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
  | { kind: 'retry_failed'; declineCode: string }
  | { kind: 'extended'; days: number }
  | { kind: 'written_off' }
  | { kind: 'suspended' };

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
  };
}

export function afterCharge(state: RecoveryState, paid: boolean): RecoveryState {
  return {
    ...state,
    attempts: state.attempts + 1,
    consecutiveFailures: paid ? state.consecutiveFailures : state.consecutiveFailures + 1,
  };
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

/** A message sent, or captured in the local outbox where nothing sends, counts as the customer's last message. */
export function afterMessage(state: RecoveryState, template: string, delivery: Delivery): RecoveryState {
  return delivery.status === 'not_sent' ? state : { ...state, lastMessage: template };
}

/** What the policy's escalation criteria look at. */
export function escalationFacts(opened: OpenedCase, state: RecoveryState): FailedPaymentFacts {
  return {
    decline: opened.declineType,
    disputed: opened.disputed,
    amountUsd: opened.amountCents / 100,
    enterpriseCustomer: opened.enterprise,
    consecutiveFailures: state.consecutiveFailures,
  };
}

/** The grace-period day on which access is suspended, as the run's policy snapshot says. */
export function suspensionDayOf(recovery: RecoveryPolicy): number {
  const grace = recovery.gracePeriod;
  return grace.restrictions.find((r) => r.restriction === 'suspended')?.fromDay ?? grace.durationDays;
}
