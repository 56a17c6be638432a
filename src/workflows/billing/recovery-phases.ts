/**
 * The phases of a payment recovery, each a function from the run's state to its progress: a
 * charge, a hand-over to a person, a wait that listens for news, one day of the timeline, and the
 * deadline. They combine the durable steps (`recovery-steps.ts`) with the pure transitions
 * (`recovery-state.ts`); the run (`payment-recovery.ts`) strings them together.
 */
import { RECOVERY_NEWS_TOPIC, type RecoveryNews } from '../../domain/billing/index.ts';
import { DAY_MS } from '../../domain/index.ts';
import { escalateToPerson } from './recovery-escalation.ts';
import { checkpointAt, type Checkpoint } from './recovery-plan.ts';
import {
  afterCharge,
  afterChoice,
  afterMessage,
  escalationStarted,
  failureLimitReached,
  finished,
  going,
  type Finished,
  type Progress,
  type RecoveryState,
} from './recovery-state.ts';
import {
  chargeStep,
  closePaidOutsideStep,
  closeUnrecoveredStep,
  messageStep,
  paidElsewhereStep,
  restrictStep,
  type RecoveryScope,
} from './recovery-steps.ts';

/** Unpaid this long after the failure (plus any extension), the invoice is written down as unrecovered. */
export const UNRECOVERED_AFTER_DAYS = 30;

/** The customer paid: thank them (access is restored by the step that recorded the payment). */
export async function thankCustomer(scope: RecoveryScope, state: RecoveryState): Promise<Progress> {
  const day = Math.floor((scope.ctx.now() - scope.opened.failedAt) / DAY_MS);
  await messageStep(scope, { day, channel: 'email', template: 'payment_received', action: 'access_restored' });
  return finished(state, 'recovered');
}

/** A charge now (an automatic retry or a new card); the failure that reaches the policy's limit goes to a person. */
export async function chargeNow(
  scope: RecoveryScope,
  state: RecoveryState,
  by: 'automatic_retry' | 'card_update',
  method: string | null,
): Promise<Progress> {
  const paid = await chargeStep(scope, { attempt: state.attempts + 1, by, method, lastMessage: state.lastMessage });
  const charged = afterCharge(state, paid);
  if (paid) return thankCustomer(scope, charged);
  return failureLimitReached(charged, scope.opened.recovery) ? escalate(scope, charged) : going(charged);
}

/** Hands the case to a person and applies the manual step they chose, if any. */
export async function escalate(scope: RecoveryScope, state: RecoveryState, extraReason?: string): Promise<Progress> {
  const escalated = escalationStarted(state);
  const outcome = await escalateToPerson(scope, escalated, extraReason);
  if (outcome === null) return going(escalated);
  if (outcome.kind === 'recovered') return thankCustomer(scope, escalated);
  if (outcome.kind === 'written_off') return finished(escalated, 'written_off');
  return going(afterChoice(escalated, outcome));
}

/** News of a payment can be missed while the run waits for a person; the invoice itself cannot. */
export async function endIfPaidElsewhere(scope: RecoveryScope, state: RecoveryState, at: string): Promise<Progress> {
  if (!(await paidElsewhereStep(scope, at))) return going(state);
  await closePaidOutsideStep(scope, at, state.lastMessage);
  return thankCustomer(scope, state);
}

/**
 * Waits until `dueOf(state)` (re-read after every charge: a person may extend the grace period);
 * a card update meanwhile is charged at once, a payment made elsewhere ends the case.
 */
export async function waitUntil(
  scope: RecoveryScope,
  state: RecoveryState,
  dueOf: (state: RecoveryState) => number,
): Promise<Progress> {
  let progress = going(state);
  for (;;) {
    const now = scope.ctx.now();
    const due = dueOf(progress.state);
    if (now >= due) return progress;
    const news = await scope.ctx.waitForEvent<RecoveryNews>(RECOVERY_NEWS_TOPIC, {
      match: { customerId: scope.opened.customerId },
      timeout: due - now,
    });
    if (!news.ok) return progress;
    const received = news.event.payload;
    if (received.kind === 'invoice_paid') {
      if (received.invoiceId !== scope.opened.invoiceId) continue;
      await closePaidOutsideStep(scope, news.event.id, progress.state.lastMessage);
      return thankCustomer(scope, progress.state);
    }
    progress = await chargeNow(scope, progress.state, 'card_update', received.paymentMethod);
    if (progress.ended !== null) return progress;
  }
}

/**
 * One day of the timeline: wait for it, check the invoice, retry, restrict, write to the customer.
 * A day that was already past when PsiZero took the failure over from history only restricts.
 */
export async function passCheckpoint(
  scope: RecoveryScope,
  state: RecoveryState,
  checkpoint: Checkpoint,
  adoptedAt: number | null,
): Promise<Progress> {
  const { failedAt } = scope.opened;
  if (adoptedAt !== null && checkpointAt(failedAt, checkpoint.day, 0) < adoptedAt) {
    if (checkpoint.restriction) await restrictStep(scope, checkpoint.day, checkpoint.restriction);
    return going(state);
  }
  let progress = await waitUntil(scope, state, (current) =>
    checkpointAt(failedAt, checkpoint.day, current.extensionDays),
  );
  if (progress.ended !== null) return progress;
  progress = await endIfPaidElsewhere(scope, progress.state, `day${checkpoint.day}`);
  if (progress.ended !== null) return progress;
  if (checkpoint.retry && !progress.state.suspended) {
    progress = await chargeNow(scope, progress.state, 'automatic_retry', null);
    if (progress.ended !== null) return progress;
  }
  if (progress.state.suspended) return progress;
  if (checkpoint.restriction) await restrictStep(scope, checkpoint.day, checkpoint.restriction);
  let current = progress.state;
  for (const message of checkpoint.messages) {
    for (const channel of message.channels) {
      const delivery = await messageStep(scope, {
        day: checkpoint.day,
        channel,
        template: message.template,
        action: message.action,
      });
      current = afterMessage(current, message.template, delivery);
    }
  }
  return going(current);
}

/** Still unpaid at the deadline (plus extensions): the invoice is written down and the case ends unrecovered. */
export async function closeAtDeadline(scope: RecoveryScope, state: RecoveryState): Promise<Finished> {
  const { failedAt } = scope.opened;
  let progress = await waitUntil(
    scope,
    state,
    (current) => failedAt + (UNRECOVERED_AFTER_DAYS + current.extensionDays) * DAY_MS,
  );
  if (progress.ended !== null) return progress;
  progress = await endIfPaidElsewhere(scope, progress.state, 'final');
  if (progress.ended !== null) return progress;
  await closeUnrecoveredStep(scope);
  return finished(progress.state, 'unrecovered');
}
