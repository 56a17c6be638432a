/**
 * Handing a failed payment to a person: a request through the gate with the reasons, the facts and
 * PsiZero's recommendation; the approver picks one of the manual steps and the run carries it out
 * (inside the gate's execute step at Level 2; in a step of its own for a Level 3 decision, which
 * the gate hands back). Nobody deciding in time continues the schedule. From version 2 the case
 * waits for the person and then says what became of the decision.
 */
import { act } from '../../approvals/index.ts';
import { InternalError } from '../../lib/errors.ts';
import { formatUsd } from '../../policy/money.ts';
import { manualRecoveryReasons, type ProposedAction } from '../../policy/index.ts';
import { appendMoney, restoredItem, writtenOffItem, type MoneyOrigin } from './money-audit.ts';
import { isRecoveryChoice, offeredRecoveryChoices, recommendChoice } from './recovery-choices.ts';
import { carryOutDecided, choiceEffect, recordDecisionStep } from './recovery-decisions.ts';
import { escalationFacts, type ChoiceOutcome, type OpenedCase, type RecoveryState } from './recovery-state.ts';
import {
  chargeOnce,
  closePaidOutside,
  recordEscalationStep,
  restrictAudited,
  type RecoveryScope,
} from './recovery-steps.ts';
import type { RecoveryDeps } from './workflow-deps.ts';

/** `state` already counts this escalation. Null when no manual step was carried out. */
export async function escalateToPerson(
  scope: RecoveryScope,
  state: RecoveryState,
  extraReason?: string,
): Promise<ChoiceOutcome | null> {
  const { ctx, deps, opened, rules } = scope;
  const facts = escalationFacts(opened, state);
  const reasons = [...manualRecoveryReasons(facts, opened.recovery), ...(extraReason ? [extraReason] : [])];
  const advice = recommendChoice({
    declineType: facts.decline,
    disputed: facts.disputed,
    enterprise: opened.enterprise,
    consecutiveFailures: state.consecutiveFailures,
    consecutiveLimit: opened.recovery.manualEscalation.consecutiveFailures,
    cardRequest: state.cardRequest,
  });
  const decline = state.lastDecline ?? { code: opened.declineCode, reason: opened.declineReason };
  await recordEscalationStep(scope, state.escalations);
  const proposal = escalationProposal(opened, state);
  const choiceFacts = (key: string, origin: MoneyOrigin): ChoiceFacts => ({
    attempt: state.attempts + 1,
    key,
    lastMessage: state.lastMessage,
    graceDays: opened.recovery.gracePeriod.durationDays,
    origin,
  });
  const origin: MoneyOrigin = { runId: ctx.runId, actionId: proposal.id };
  const result = await act(ctx, deps.gate, {
    proposal,
    recommendation: {
      choice: advice.choice,
      summary: `Needs a person because ${reasons.join('; ')}. Decline: ${decline.code} (${decline.reason}); ${state.attempts} charge attempt(s) so far. Recommended: ${advice.choice.replaceAll('_', ' ')}, because ${advice.why}.`,
      details: {
        reasons,
        recommended: advice.choice,
        attempts: state.attempts,
        declineCode: decline.code,
        declineType: facts.decline,
      },
    },
    execute: (info, decision) =>
      carryOutChoice(deps, opened, decision.choice, choiceFacts(info.idempotencyKey, origin)),
    conservativeDefault: { description: 'continue the automated recovery schedule; no manual step taken' },
    ifRejected:
      'no manual step is taken; the automated recovery schedule continues (retries, reminders, then restrictions)',
  });
  if (!rules.recordsDecisions) return result.outcome === 'executed' ? result.result : null;
  const outcome = await carryOutDecided(scope, result, (info, choice) =>
    carryOutChoice(
      deps,
      opened,
      choice,
      choiceFacts(info.idempotencyKey, { ...origin, approvalId: result.approvalId }),
    ),
  );
  const effect = outcome === null ? null : choiceEffect(outcome);
  await recordDecisionStep(scope, state.escalations, result, effect, 'the automated recovery schedule continues');
  return outcome;
}

function escalationProposal(opened: OpenedCase, state: RecoveryState): ProposedAction {
  const facts = escalationFacts(opened, state);
  const amount = formatUsd(opened.amountCents / 100);
  return {
    id: `billing.recovery:${opened.invoiceId}:${state.escalations}`,
    title: `Recover ${amount} from ${opened.customerName} (invoice ${opened.invoiceNumber ?? opened.invoiceId})`,
    classification: {
      impact: 'medium',
      complexity: 'moderate',
      reversibility: 'reversible',
      stakeholders: 'customer_facing',
      financialImpact: opened.amountCents / 100,
      timeToExecute: 5,
    },
    customers: [
      {
        id: opened.customerId,
        name: opened.customerName,
        enterprise: opened.enterprise,
        ...(opened.csmId ? { successManagerId: opened.csmId } : {}),
      },
    ],
    // As the case stands now: a retry's hard decline or a later dispute blocks retrying as well.
    choices: offeredRecoveryChoices({
      declineType: facts.decline,
      disputed: facts.disputed,
      declineCode: state.lastDecline?.code ?? opened.declineCode,
    }),
  };
}

interface ChoiceFacts {
  attempt: number;
  /** The carrying-out step's idempotency key: the retry's charge key, and the key of its audit entries. */
  key: string;
  lastMessage: string | null;
  graceDays: number;
  origin: MoneyOrigin;
}

/** Runs inside the step that carries out a person's choice (the gate's execute step, or the run's own at Level 3). */
async function carryOutChoice(
  deps: RecoveryDeps,
  opened: OpenedCase,
  choice: string | null,
  facts: ChoiceFacts,
): Promise<ChoiceOutcome> {
  if (!isRecoveryChoice(choice)) throw new InternalError(`approval carried no recovery choice (got ${String(choice)})`);
  // Paid elsewhere while the person was deciding: nothing of the choice applies any more.
  if (await deps.records.isInvoicePaid(opened.invoiceId)) {
    await closePaidOutside(deps, opened, facts.lastMessage, facts.origin);
    return { kind: 'already_paid' };
  }
  const now = deps.gate.clock.now();
  switch (choice) {
    case 'retry_now': {
      const { paid, result } = await chargeOnce(deps, opened, {
        attempt: facts.attempt,
        key: facts.key,
        method: null,
        lastMessage: facts.lastMessage,
        by: 'manual_retry',
        origin: facts.origin,
      });
      if (paid) return { kind: 'recovered' };
      if (result?.status === 'declined')
        return { kind: 'retry_failed', declineCode: result.declineCode, adviceCode: result.adviceCode };
      return { kind: 'retry_failed', declineCode: 'disputed', disputed: true };
    }
    case 'extend_grace': {
      const reason = 'a person extended the grace period';
      const current = await deps.records.getCase(opened.invoiceId);
      if (current?.status === 'open' && current.restriction !== 'none')
        await appendMoney(deps.gate.audit, facts.origin, now, [restoredItem(opened, `${facts.key}/restored`, reason)]);
      await deps.billing.liftRestriction(opened.invoiceId, reason);
      return { kind: 'extended', days: facts.graceDays };
    }
    case 'write_off': {
      if ((await deps.records.getCase(opened.invoiceId))?.status === 'open') {
        await appendMoney(deps.gate.audit, facts.origin, now, [
          writtenOffItem(opened, `${facts.key}/written_off`, 'a person chose to write it off'),
          restoredItem(opened, `${facts.key}/restored`, 'the invoice was written off'),
        ]);
      }
      await deps.billing.closeCase(opened.invoiceId, { status: 'written_off' });
      return { kind: 'written_off' };
    }
    case 'suspend':
      await restrictAudited(deps, opened, 'suspended', 'a person chose to suspend access', {
        ...facts.origin,
        key: `${facts.key}/suspended`,
      });
      return { kind: 'suspended' };
  }
}
