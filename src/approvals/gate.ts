/**
 * The gate: the one way a workflow performs a business action. `act(ctx, deps, action)` builds the
 * decision record, writes it to the audit log, and then, by level:
 * - Level 1: executes the action in a durable step and reports the result;
 * - Level 2: requests approval, waits durably for the decision (escalating or expiring on the
 *   policy's timeouts), then executes, or takes the workflow's conservative default, or stops;
 * - Level 3: hands a recommendation to a person, waits for their decision, records it and returns
 *   it to the workflow. It never executes the action.
 * What happens is decided by `decideGateOutcome` (pure, property-tested); this file only drives
 * the durable steps around it: `gate-approval.ts` opens and awaits the approval, `gate-verdict.ts`
 * carries out what was decided. Everything lives in the engine's public context API: the engine
 * stays free of business code.
 *
 * Choices: an action may offer options the approver picks one of (`proposal.choices`); `execute`
 * then receives the approved one. It comes from the recorded `verdict` step, never from a fresh
 * read of the approval, so a replay executes with the choice the run first acted on. An action
 * with choices that the policy puts at Level 1 is a caller error (GATE_CHOICES_NEED_APPROVAL,
 * after the decision record is audited): nobody would be asked, so there is no choice to pass.
 */
import type { RetryPolicy } from '../engine/retry.ts';
import type { StepInfo, WorkflowContext } from '../engine/workflow.ts';
import { PsiZeroError } from '../lib/errors.ts';
import type { AutonomyLevel, DecisionRecord, ProposedAction } from '../policy/index.ts';
import {
  ActionValidationError,
  buildDecisionRecord,
  choicesOf,
  parseProposedAction,
  unclassifiedWorkflow,
} from '../policy/index.ts';
import type { ApprovalDecision } from './approval-model.ts';
import { awaitResolution, requestApproval } from './gate-approval.ts';
import type { Recommendation } from './approval-model.ts';
import type { NotExecutedReason } from './gate-outcome.ts';
import { decideGateOutcome } from './gate-outcome.ts';
import type { GateDeps } from './gate-steps.ts';
import { gateEntries, notificationFacts } from './gate-steps.ts';
import { carryOutVerdict, executeAndReport } from './gate-verdict.ts';

export interface ConservativeDefault<F> {
  /** What the workflow does instead when nobody approves in time, in words for the audit log. */
  description: string;
  /** The safer effect, if any (runs in its own durable step). */
  run?: (info: StepInfo) => Promise<F> | F;
}

export interface GateAction<T, F = null> {
  /** The action as the policy sees it; validated (field paths on error) before anything happens. */
  proposal: ProposedAction;
  /**
   * The side effect. Runs only at Level 1 or after a valid approval, in a step named `gate:<id>:execute`.
   * `decision.choice` is the option approved when the proposal offers choices, else null.
   */
  execute: (info: StepInfo, decision: { choice: string | null }) => Promise<T> | T;
  retry?: Partial<RetryPolicy>;
  compensate?: (result: T, info: StepInfo) => Promise<unknown>;
  /** Taken when an approval expires (the asynchronous kind's fallback); without it the action just does not run. */
  conservativeDefault?: ConservativeDefault<F>;
  /**
   * What PsiZero recommends: shown to the person deciding, and the substance of a Level 3 action.
   * With choices, `recommendation.choice` names the recommended option (it must be available).
   */
  recommendation?: Recommendation;
  /** What the workflow does when a person rejects the action, in words for the people deciding. */
  ifRejected?: string;
}

interface ResultBase {
  actionId: string;
  level: AutonomyLevel;
  record: DecisionRecord;
  approvalId: string | null;
}

export type GateResult<T, F = null> =
  | (ResultBase & { outcome: 'executed'; result: T; choice: string | null })
  | (ResultBase & { outcome: 'conservative_default'; result: F | null; description: string })
  | (ResultBase & { outcome: 'not_executed'; reason: NotExecutedReason })
  | (ResultBase & {
      outcome: 'decided';
      decision: 'approved' | 'rejected';
      decisions: ApprovalDecision[];
      choice: string | null;
    })
  | (ResultBase & { outcome: 'expired' });

export async function act<T, F = null>(
  ctx: WorkflowContext,
  deps: GateDeps,
  action: GateAction<T, F>,
): Promise<GateResult<T, F>> {
  const proposal = parseProposedAction(action.proposal);
  checkRecommendedChoice(proposal, action.recommendation);
  const prefix = `gate:${proposal.id}`;
  const record = await recordDecision(ctx, deps, action, proposal, prefix);
  const options = {
    directory: deps.policy.directory,
    hasConservativeDefault: action.conservativeDefault !== undefined,
  };
  const base = { actionId: record.actionId, level: record.level, record };

  if (decideGateOutcome(record, null, options).action === 'execute') {
    if (choicesOf(record).length > 0) {
      throw new PsiZeroError(
        'GATE_CHOICES_NEED_APPROVAL',
        `action ${record.actionId} offers choices but is Level 1, so nobody would choose; classify it so that it needs approval, or drop the choices`,
        { kind: 'invalid', retryable: false },
      );
    }
    const result = await executeAndReport(ctx, deps, record, action, prefix, null, null);
    return { ...base, approvalId: null, outcome: 'executed', result, choice: null };
  }

  const facts = notificationFacts(proposal, record, action.recommendation?.summary ?? null);
  const consequences = {
    ifNobodyDecides: action.conservativeDefault?.description ?? null,
    ifRejected: action.ifRejected ?? null,
  };
  const requested = await requestApproval(
    ctx,
    deps,
    record,
    action.recommendation ?? null,
    consequences,
    prefix,
    facts,
  );
  const approval = await awaitResolution(ctx, deps, record, prefix, requested, facts);
  // Recorded, so a run replayed under a changed directory keeps the verdict it acted on.
  const verdict = await ctx.step(`${prefix}:verdict`, () => decideGateOutcome(record, approval, options));
  return carryOutVerdict(ctx, { deps, record, action, prefix, approval, facts }, verdict);
}

/** A recommended option must be one the approver can pick: offered, and not marked unavailable. */
function checkRecommendedChoice(proposal: ProposedAction, recommendation: Recommendation | undefined): void {
  const choice = recommendation?.choice;
  if (choice === undefined) return;
  const offered = (proposal.choices ?? []).find((c) => c.id === choice);
  const problem =
    offered === undefined
      ? `"${choice}" is not one of the action's choices`
      : offered.unavailable !== undefined
        ? `"${choice}" is marked unavailable (${offered.unavailable})`
        : null;
  if (problem !== null) throw new ActionValidationError([{ path: 'recommendation.choice', message: problem }]);
}

/**
 * The decision record, built once from the policy and the running workflow's classification (which
 * the action inherits and may only raise) and audited with the recommendation. Inside the step, so
 * a replay keeps the record the run first acted on whatever the policy says by then.
 */
function recordDecision<T, F>(
  ctx: WorkflowContext,
  deps: GateDeps,
  action: GateAction<T, F>,
  proposal: ProposedAction,
  prefix: string,
): Promise<DecisionRecord> {
  return ctx.step(`${prefix}:decide`, async (info) => {
    const workflow =
      deps.workflows?.policyOf(ctx.workflow, ctx.version) ?? unclassifiedWorkflow(ctx.workflow, ctx.version);
    const built = buildDecisionRecord(proposal, deps.policy, workflow);
    const data = { record: built, recommendation: action.recommendation ?? null };
    await deps.audit.append(gateEntries(ctx, deps, built, info, [{ kind: 'decision_record', data }]));
    return built;
  });
}
