/**
 * The phases of a payment recovery, each a function from the run's state to its progress: a
 * charge, a hand-over to a person, a wait that listens for news, one day of the timeline, and the
 * deadline. They combine the durable steps (`recovery-steps.ts`) with the pure transitions
 * (`recovery-state.ts`); the run (`payment-recovery.ts`) strings them together. Where versions
 * differ, the phase asks the run's rules (`recovery-rules.ts`).
 */
import { RECOVERY_NEWS_TOPIC, type RecoveryNews } from '../../domain/billing/index.ts';
import { DAY_MS } from '../../domain/index.ts';
import { manualRecoveryReasons } from '../../policy/index.ts';
import { escalateToPerson } from './recovery-escalation.ts';
import { suspendWithApproval, writeDownWithApproval } from './recovery-guarded.ts';
import { checkpointAt, type Checkpoint } from './recovery-plan.ts';
import {
  afterCardRequest,
  afterCharge,
  afterChoice,
  afterDecline,
  afterDispute,
  afterMessage,
  declineOf,
  declineOfRetry,
  escalationFacts,
  escalationStarted,
  failureLimitReached,
  finished,
  going,
  retriesEnded,
  type Finished,
  type Progress,
  type RecoveryState,
} from './recovery-state.ts';
import {
  caseCheckStep,
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

/** Whether the policy's criteria hand the case, as it now stands, to a person. */
function needsPerson(scope: RecoveryScope, state: RecoveryState): boolean {
  return manualRecoveryReasons(escalationFacts(scope.opened, state), scope.opened.recovery).length > 0;
}

/**
 * A charge now (an automatic retry or a new card). A hard decline or a dispute escalates at once
 * (version 2); otherwise the failure that reaches the policy's limit goes to a person.
 */
export async function chargeNow(
  scope: RecoveryScope,
  state: RecoveryState,
  by: 'automatic_retry' | 'card_update',
  method: string | null,
): Promise<Progress> {
  const { paid, result } = await chargeStep(scope, {
    attempt: state.attempts + 1,
    by,
    method,
    lastMessage: state.lastMessage,
  });
  let charged = afterCharge(state, paid);
  if (paid) return thankCustomer(scope, charged);
  const decline = scope.rules.classifiesEveryAttempt && result !== null ? declineOf(result) : null;
  if (decline !== null) {
    charged = afterDecline(charged, decline);
    if (decline.type === 'hard' && needsPerson(scope, charged)) return escalate(scope, charged);
  }
  return failureLimitReached(charged, scope.opened.recovery) ? escalate(scope, charged) : going(charged);
}

/** Hands the case to a person and applies the manual step they chose, if any. */
export async function escalate(scope: RecoveryScope, state: RecoveryState, extraReason?: string): Promise<Progress> {
  const escalated = escalationStarted(state);
  const outcome = await escalateToPerson(scope, escalated, extraReason);
  if (outcome === null) return going(escalated);
  if (outcome.kind === 'recovered' || outcome.kind === 'already_paid') return thankCustomer(scope, escalated);
  if (outcome.kind === 'written_off') return finished(escalated, 'written_off');
  const next = afterChoice(escalated, outcome);
  if (outcome.kind !== 'retry_failed' || !scope.rules.classifiesEveryAttempt) return going(next);
  // The retry the person chose was declined too: classified like any other attempt.
  const decline = declineOfRetry(outcome);
  const classified = afterDecline(next, decline);
  return decline.type === 'hard' && needsPerson(scope, classified) ? escalate(scope, classified) : going(classified);
}

/** A dispute reported while the case is open: retries end, and the case goes to a person. */
async function disputeReported(scope: RecoveryScope, state: RecoveryState): Promise<Progress> {
  const disputed = afterDispute(state);
  return needsPerson(scope, disputed) ? escalate(scope, disputed) : going(disputed);
}

const knownDisputed = (scope: RecoveryScope, state: RecoveryState): boolean => scope.opened.disputed || state.disputed;

/**
 * News can be missed while the run waits for a person; the invoice and the case cannot. Version 1
 * checks for a payment; version 2 also for a dispute.
 */
export async function endIfPaidElsewhere(scope: RecoveryScope, state: RecoveryState, at: string): Promise<Progress> {
  if (!scope.rules.checksForDisputes) {
    if (!(await paidElsewhereStep(scope, at))) return going(state);
    await closePaidOutsideStep(scope, at, state.lastMessage);
    return thankCustomer(scope, state);
  }
  const seen = await caseCheckStep(scope, at);
  if (seen.paid) {
    await closePaidOutsideStep(scope, at, state.lastMessage);
    return thankCustomer(scope, state);
  }
  return seen.disputed && !knownDisputed(scope, state) ? disputeReported(scope, state) : going(state);
}

/**
 * Waits until `dueOf(state)` (re-read after every charge: a person may extend the grace period);
 * a card update meanwhile is charged at once, a payment made elsewhere ends the case, a dispute
 * hands it to a person.
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
    if (received.kind === 'charge_disputed') {
      if (received.invoiceId !== scope.opened.invoiceId || knownDisputed(scope, progress.state)) continue;
      progress = await disputeReported(scope, progress.state);
    } else progress = await chargeNow(scope, progress.state, 'card_update', received.paymentMethod);
    if (progress.ended !== null) return progress;
  }
}

/** The last day the policy retries automatically: the seed's FINAL_ATTEMPT. */
const finalRetryDay = (scope: RecoveryScope): number => Math.max(...scope.opened.recovery.softDeclineRetryDays);

/** The checkpoint's automatic retry, unless a person suspended access or (version 2) a hard decline or dispute ended retries. */
async function retryOnCheckpoint(
  scope: RecoveryScope,
  state: RecoveryState,
  checkpoint: Checkpoint,
): Promise<Progress> {
  const { rules, opened } = scope;
  if (!checkpoint.retry || state.suspended || (rules.classifiesEveryAttempt && retriesEnded(opened, state)))
    return going(state);
  const progress = await chargeNow(scope, state, 'automatic_retry', null);
  if (progress.ended !== null || !rules.escalatesFailedFinalAttempt || checkpoint.day !== finalRetryDay(scope))
    return progress;
  // Asked already about this very failure (a hard decline, the failure limit): no second request after the checkpoint.
  const askedNow = progress.state.escalations > state.escalations;
  return askedNow ? progress : going({ ...progress.state, finalAttemptFailed: true });
}

/**
 * The checkpoint's restriction. Suspending a customer the policy keeps for its senior approvers
 * waits for their approval (version 2); returns whether access is as the policy's day says.
 */
async function restrictOnCheckpoint(
  scope: RecoveryScope,
  state: RecoveryState,
  checkpoint: Checkpoint,
): Promise<{ state: RecoveryState; restricted: boolean }> {
  const restriction = checkpoint.restriction;
  if (restriction === null) return { state, restricted: true };
  const guarded =
    restriction === 'suspended' &&
    scope.rules.asksBeforeSuspendingOrWritingDown &&
    (scope.opened.restrictionsNeedApproval ?? null) !== null;
  if (!guarded) {
    await restrictStep(scope, checkpoint.day, restriction);
    return { state, restricted: true };
  }
  const asked = await suspendWithApproval(scope, state, checkpoint.day);
  return { state: asked.state, restricted: asked.done };
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
    // Even a suspension the history implies waits for the approval the policy requires.
    return going((await restrictOnCheckpoint(scope, state, checkpoint)).state);
  }
  let progress = await waitUntil(scope, state, (current) =>
    checkpointAt(failedAt, checkpoint.day, current.extensionDays),
  );
  if (progress.ended !== null) return progress;
  progress = await endIfPaidElsewhere(scope, progress.state, `day${checkpoint.day}`);
  if (progress.ended !== null) return progress;
  progress = await retryOnCheckpoint(scope, progress.state, checkpoint);
  if (progress.ended !== null || progress.state.suspended) return progress;
  const restricted = await restrictOnCheckpoint(scope, progress.state, checkpoint);
  let current = restricted.state;
  for (const message of checkpoint.messages) {
    // Without the suspension it announces, the final notice would not be true: the reminder goes instead.
    const template =
      !restricted.restricted && message.template === 'final_notice' ? 'payment_retry_reminder' : message.template;
    for (const channel of message.channels) {
      const delivery = await messageStep(scope, { day: checkpoint.day, channel, template, action: message.action });
      current = afterMessage(current, template, delivery);
      current = afterCardRequest(current, { template, day: checkpoint.day }, delivery);
    }
  }
  return going(current);
}

/**
 * After the timeline: the seed's flow hands the case to a person when the final automatic attempt
 * failed (version 2: even if someone was asked before), or when nobody was asked at all.
 */
export async function handOverAfterSchedule(scope: RecoveryScope, state: RecoveryState): Promise<Progress> {
  if (state.suspended) return going(state);
  if (scope.rules.escalatesFailedFinalAttempt && state.finalAttemptFailed)
    return escalate(scope, state, 'the final automatic attempt failed');
  if (state.escalations === 0) return escalate(scope, state, 'the automated recovery schedule ended without payment');
  return going(state);
}

/**
 * Still unpaid at the deadline (plus extensions): the invoice is written down and the case ends
 * unrecovered. For a case the policy keeps for its senior approvers (version 2) the write-down
 * waits for their approval; without it the invoice stays open and they are asked again later.
 */
export async function closeAtDeadline(scope: RecoveryScope, state: RecoveryState): Promise<Finished> {
  const { failedAt } = scope.opened;
  let progress: Progress = going(state);
  for (;;) {
    progress = await waitUntil(
      scope,
      progress.state,
      (current) => failedAt + (UNRECOVERED_AFTER_DAYS + current.extensionDays + current.deadlineDeferredDays) * DAY_MS,
    );
    if (progress.ended !== null) return progress;
    progress = await endIfPaidElsewhere(scope, progress.state, deadlineCheck(progress.state));
    if (progress.ended !== null) return progress;
    const guarded =
      scope.rules.asksBeforeSuspendingOrWritingDown && (scope.opened.restrictionsNeedApproval ?? null) !== null;
    if (!guarded) {
      await closeUnrecoveredStep(scope);
      return finished(progress.state, 'unrecovered');
    }
    const asked = await writeDownWithApproval(scope, progress.state, UNRECOVERED_AFTER_DAYS);
    if (asked.done) return finished(asked.state, 'unrecovered');
    progress = going({
      ...asked.state,
      deadlineDeferredDays: asked.state.deadlineDeferredDays + UNRECOVERED_AFTER_DAYS,
    });
  }
}

/** `final` as before; each deferred deadline checks under its own name. */
const deadlineCheck = (state: RecoveryState): string =>
  state.deadlineDeferredDays === 0 ? 'final' : `final+${state.deadlineDeferredDays}`;
