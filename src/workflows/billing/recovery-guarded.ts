/**
 * The schedule's two heaviest steps, when the case is one the policy keeps for its senior approvers
 * (an enterprise customer, or an amount in the policy's top financial tier: `restriction-approval.ts`):
 * suspending API access at the end of the grace period, and writing the invoice down as
 * uncollectible at the deadline. Either goes through the gate to the approvers the policy routes it
 * to, and happens only when they approve (carried out by the run at Level 3). Otherwise the
 * conservative default holds: access stays as it is, the invoice stays open.
 */
import { act } from '../../approvals/index.ts';
import { formatUsd } from '../../policy/money.ts';
import type { ProposedAction } from '../../policy/index.ts';
import type { StepInfo } from '../../engine/workflow.ts';
import type { MoneyOrigin } from './money-audit.ts';
import { carryOutDecided, recordDecisionStep } from './recovery-decisions.ts';
import { escalationStarted, type OpenedCase, type RecoveryState } from './recovery-state.ts';
import { closeUnrecovered, recordEscalationStep, restrictAudited, type RecoveryScope } from './recovery-steps.ts';

interface GuardedAction {
  /** Part of the action id: `billing.recovery:<invoice>:<n>:<kind>`. */
  kind: 'suspend' | 'write-down';
  title: string;
  recommendation: string;
  /** What happens instead when it is not approved, in words. */
  otherwise: string;
  /** What it did, in words, for the case's decision. */
  done: string;
  execute: (info: StepInfo, origin: MoneyOrigin) => Promise<void>;
}

/** Asks the policy's approvers; true when the action was carried out. `state` gains the hand-over. */
async function askFirst(
  scope: RecoveryScope,
  state: RecoveryState,
  action: GuardedAction,
): Promise<{ state: RecoveryState; done: boolean }> {
  const { ctx, deps, opened } = scope;
  const escalated = escalationStarted(state);
  await recordEscalationStep(scope, escalated.escalations);
  const proposal = guardedProposal(opened, escalated.escalations, action);
  const origin: MoneyOrigin = { runId: ctx.runId, actionId: proposal.id };
  const result = await act(ctx, deps.gate, {
    proposal,
    recommendation: { summary: action.recommendation },
    execute: async (info) => {
      await action.execute(info, origin);
      return true;
    },
    conservativeDefault: { description: action.otherwise },
  });
  const done =
    (await carryOutDecided(scope, result, async (info) => {
      await action.execute(info, { ...origin, approvalId: result.approvalId });
      return true;
    })) === true;
  const effect = done ? { done: true, words: action.done } : null;
  await recordDecisionStep(scope, escalated.escalations, result, effect, action.otherwise);
  return { state: escalated, done };
}

function guardedProposal(opened: OpenedCase, escalation: number, action: GuardedAction): ProposedAction {
  return {
    id: `billing.recovery:${opened.invoiceId}:${escalation}:${action.kind}`,
    title: action.title,
    classification: {
      impact: 'high',
      complexity: 'simple',
      reversibility: 'reversible',
      stakeholders: 'customer_facing',
      financialImpact: opened.amountCents / 100,
      timeToExecute: 1,
    },
    customers: [
      {
        id: opened.customerId,
        name: opened.customerName,
        enterprise: opened.enterprise,
        ...(opened.csmId ? { successManagerId: opened.csmId } : {}),
      },
    ],
  };
}

const invoiceRef = (opened: OpenedCase) =>
  `invoice ${opened.invoiceNumber ?? opened.invoiceId} (${formatUsd(opened.amountCents / 100)})`;

/** The grace period ended unpaid on `day`: suspend, once the approvers agree. */
export function suspendWithApproval(
  scope: RecoveryScope,
  state: RecoveryState,
  day: number,
): Promise<{ state: RecoveryState; done: boolean }> {
  const { deps, opened } = scope;
  const reason = `invoice ${opened.invoiceNumber ?? opened.invoiceId} unpaid on day ${day}`;
  return askFirst(scope, state, {
    kind: 'suspend',
    title: `Suspend API access of ${opened.customerName}: ${invoiceRef(opened)} unpaid on day ${day}`,
    recommendation: `Suspend, as the recovery policy does on day ${day} for every customer; it needs your approval because ${opened.restrictionsNeedApproval ?? 'the policy says so'}.`,
    otherwise: 'access stays as it is (no suspension); the recovery schedule continues',
    done: 'API access suspended',
    execute: (info, origin) =>
      restrictAudited(deps, opened, 'suspended', reason, { ...origin, key: `${info.idempotencyKey}/suspended` }),
  });
}

/** Still unpaid at the deadline: write the invoice down as uncollectible, once the approvers agree. */
export function writeDownWithApproval(
  scope: RecoveryScope,
  state: RecoveryState,
  retryInDays: number,
): Promise<{ state: RecoveryState; done: boolean }> {
  const { deps, opened } = scope;
  return askFirst(scope, state, {
    kind: 'write-down',
    title: `Write off ${invoiceRef(opened)} of ${opened.customerName} as uncollectible`,
    recommendation: `Write it off: still unpaid when the recovery deadline passed. It needs your approval because ${opened.restrictionsNeedApproval ?? 'the policy says so'}.`,
    otherwise: `the invoice stays open and restrictions stay; PsiZero asks again in ${retryInDays} days`,
    done: 'the invoice is written down as uncollectible',
    execute: (_info, origin) => closeUnrecovered(deps, opened, origin),
  });
}
