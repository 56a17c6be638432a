/**
 * Handing a failed payment to a person: a Level 2 request through the gate with the reasons, the
 * facts and PsiZero's recommendation; the approver picks one of the manual steps and the run
 * carries it out inside the gate's execute step. Nobody deciding in time continues the schedule.
 */
import { act, type GateResult } from '../../approvals/index.ts';
import { InternalError } from '../../lib/errors.ts';
import { formatUsd } from '../../policy/money.ts';
import { manualRecoveryReasons, type ProposedAction } from '../../policy/index.ts';
import { isRecoveryChoice, offeredRecoveryChoices, recommendChoice } from './recovery-choices.ts';
import { escalationFacts, type ChoiceOutcome, type OpenedCase, type RecoveryState } from './recovery-state.ts';
import { chargeOnce, closePaidOutside, recordEscalationStep, type RecoveryScope } from './recovery-steps.ts';
import type { RecoveryDeps } from './workflow-deps.ts';

/** `state` already counts this escalation. Null when no manual step was carried out. */
export async function escalateToPerson(
  scope: RecoveryScope,
  state: RecoveryState,
  extraReason?: string,
): Promise<ChoiceOutcome | null> {
  const { ctx, deps, opened } = scope;
  const reasons = [
    ...manualRecoveryReasons(escalationFacts(opened, state), opened.recovery),
    ...(extraReason ? [extraReason] : []),
  ];
  const advice = recommendChoice({
    declineType: opened.declineType,
    disputed: opened.disputed,
    enterprise: opened.enterprise,
    consecutiveFailures: state.consecutiveFailures,
    consecutiveLimit: opened.recovery.manualEscalation.consecutiveFailures,
  });
  await recordEscalationStep(scope, state.escalations);
  const result: GateResult<ChoiceOutcome, null> = await act(ctx, deps.gate, {
    proposal: escalationProposal(opened, state),
    recommendation: {
      choice: advice.choice,
      summary: `Needs a person because ${reasons.join('; ')}. Decline: ${opened.declineCode} (${opened.declineReason}); ${state.attempts} charge attempt(s) so far. Recommended: ${advice.choice.replaceAll('_', ' ')}, because ${advice.why}.`,
      details: {
        reasons,
        recommended: advice.choice,
        attempts: state.attempts,
        declineCode: opened.declineCode,
        declineType: opened.declineType,
      },
    },
    execute: (info, decision) =>
      carryOutChoice(deps, opened, decision.choice, {
        attempt: state.attempts + 1,
        key: info.idempotencyKey,
        lastMessage: state.lastMessage,
        graceDays: opened.recovery.gracePeriod.durationDays,
      }),
    conservativeDefault: { description: 'continue the automated recovery schedule; no manual step taken' },
    ifRejected:
      'no manual step is taken; the automated recovery schedule continues (retries, reminders, then restrictions)',
  });
  return result.outcome === 'executed' ? result.result : null;
}

function escalationProposal(opened: OpenedCase, state: RecoveryState): ProposedAction {
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
    choices: offeredRecoveryChoices(opened),
  };
}

interface ChoiceFacts {
  attempt: number;
  key: string;
  lastMessage: string | null;
  graceDays: number;
}

/** Runs inside the gate's execute step, after a person approved with a choice. */
async function carryOutChoice(
  deps: RecoveryDeps,
  opened: OpenedCase,
  choice: string | null,
  facts: ChoiceFacts,
): Promise<ChoiceOutcome> {
  if (!isRecoveryChoice(choice)) throw new InternalError(`approval carried no recovery choice (got ${String(choice)})`);
  // Paid elsewhere while the person was deciding: nothing of the choice applies any more.
  if (await deps.records.isInvoicePaid(opened.invoiceId)) {
    await closePaidOutside(deps, opened, facts.lastMessage);
    return { kind: 'recovered' };
  }
  switch (choice) {
    case 'retry_now': {
      const { paid, result } = await chargeOnce(deps, opened, {
        attempt: facts.attempt,
        key: facts.key,
        method: null,
        lastMessage: facts.lastMessage,
        by: 'manual_retry',
      });
      return paid
        ? { kind: 'recovered' }
        : { kind: 'retry_failed', declineCode: result?.status === 'declined' ? result.declineCode : 'disputed' };
    }
    case 'extend_grace':
      await deps.billing.liftRestriction(opened.invoiceId, 'a person extended the grace period');
      return { kind: 'extended', days: facts.graceDays };
    case 'write_off':
      await deps.billing.closeCase(opened.invoiceId, { status: 'written_off' });
      return { kind: 'written_off' };
    case 'suspend':
      await deps.billing.restrictAccess(opened.invoiceId, 'suspended', 'a person chose to suspend access');
      return { kind: 'suspended' };
  }
}
