/**
 * The gate: the one way a workflow performs a business action. `act(ctx, deps, action)` builds the
 * decision record, writes it to the audit log, and then, by level:
 * - Level 1: executes the action in a durable step and reports the result;
 * - Level 2: requests approval, waits durably for the decision (escalating or expiring on the
 *   policy's timeouts), then executes, or takes the workflow's conservative default, or stops;
 * - Level 3: hands a recommendation to a person, waits for their decision, records it and returns
 *   it to the workflow. It never executes the action.
 * What happens is decided by `decideGateOutcome` (pure, property-tested); this file only drives
 * the durable steps around it. Everything lives in the engine's public context API: the engine
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
import { PsiZeroError, StepFailedError } from '../lib/errors.ts';
import type { AutonomyLevel, DecisionRecord, ProposedAction } from '../policy/index.ts';
import {
  buildDecisionRecord,
  choiceLabel,
  choicesOf,
  formatDecisionRecord,
  parseProposedAction,
} from '../policy/index.ts';
import type { ApprovalDecision } from './approval-model.ts';
import { APPROVAL_DECIDED_TOPIC } from './approval-service.ts';
import type { NotExecutedReason } from './gate-outcome.ts';
import { decideGateOutcome } from './gate-outcome.ts';
import type { ApprovalView, GateDeps } from './gate-steps.ts';
import type { NotificationFacts } from './notifier.ts';
import {
  approvalIdFor,
  auditStep,
  everyoneInvolved,
  gateEntries,
  notificationFacts,
  notifyStep,
  viewOf,
} from './gate-steps.ts';
import { isResolved, openSlots } from './lifecycle.ts';

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
  /** What PsiZero recommends: shown to the person deciding, and the substance of a Level 3 action. */
  recommendation?: { summary: string; details?: unknown };
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
  const prefix = `gate:${proposal.id}`;
  const record = await ctx.step(`${prefix}:decide`, async (info) => {
    const built = buildDecisionRecord(proposal, deps.policy);
    const data = { record: built, recommendation: action.recommendation ?? null };
    await deps.audit.append(gateEntries(ctx, deps, built, info, [{ kind: 'decision_record', data }]));
    return built;
  });
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

  const requested = await ctx.step(`${prefix}:request`, async (info) => {
    if (record.level === 3) {
      const data = { recommendation: action.recommendation ?? null };
      await deps.audit.append(gateEntries(ctx, deps, record, info, [{ kind: 'recommendation_made', data }]));
    }
    return viewOf(await deps.approvals.request({ id: approvalIdFor(info.idempotencyKey), runId: ctx.runId, record }));
  });
  const recommendation = action.recommendation ? `\n\nRecommendation: ${action.recommendation.summary}` : '';
  const facts = notificationFacts(proposal, action.recommendation?.summary ?? null);
  await notifyStep(ctx, deps, record, `${prefix}:notify`, {
    type: record.level === 3 ? 'recommendation' : 'approval_requested',
    approval: requested,
    recipients: openSlots(requested).flatMap((e) => e.people),
    summary: `${formatDecisionRecord(record)}${recommendation}`,
    facts,
  });

  const approval = await awaitResolution(ctx, deps, record, prefix, requested, facts);
  // Recorded, so a run replayed under a changed directory keeps the verdict it acted on.
  const verdict = await ctx.step(`${prefix}:verdict`, () => decideGateOutcome(record, approval, options));
  const withApproval = { ...base, approvalId: approval.id };
  const finish = (summary: string): Promise<void> =>
    notifyStep(ctx, deps, record, `${prefix}:notify`, {
      type: 'approval_resolved',
      approval,
      recipients: everyoneInvolved(approval),
      summary,
      facts,
    });

  switch (verdict.action) {
    case 'execute': {
      // From the recorded verdict (absent in verdicts recorded before choices existed).
      const choice = verdict.choice ?? null;
      const result = await executeAndReport(ctx, deps, record, action, prefix, approval.id, choice);
      await finish(
        `${record.title}: approved${choice === null ? '' : ` (${choiceLabel(record, choice)})`} and executed`,
      );
      return { ...withApproval, outcome: 'executed', result, choice };
    }
    case 'conservative_default': {
      const fallback = action.conservativeDefault!;
      const result = await ctx.step(`${prefix}:conservative-default`, async (info) =>
        fallback.run ? fallback.run(info) : null,
      );
      await auditStep(ctx, deps, record, `${prefix}:report`, [
        { kind: 'fallback_taken', approvalId: approval.id, data: { description: fallback.description, result } },
      ]);
      await finish(`${record.title}: nobody approved in time; took the conservative default: ${fallback.description}`);
      return { ...withApproval, outcome: 'conservative_default', result, description: fallback.description };
    }
    case 'return_decision': {
      const choice = verdict.choice ?? null;
      const data = { decision: verdict.decision, decisions: approval.decisions, ...(choice !== null && { choice }) };
      await auditStep(ctx, deps, record, `${prefix}:report`, [
        { kind: 'decision_recorded', approvalId: approval.id, data },
      ]);
      const chosen = choice === null ? '' : ` (${choiceLabel(record, choice)})`;
      await finish(
        `${record.title}: recommendation ${verdict.decision}${chosen}; PsiZero does not act on it by itself`,
      );
      return { ...withApproval, outcome: 'decided', decision: verdict.decision, decisions: approval.decisions, choice };
    }
    case 'return_expired':
      await finish(`${record.title}: nobody decided in time`);
      return { ...withApproval, outcome: 'expired' };
    case 'do_not_execute':
      await auditStep(ctx, deps, record, `${prefix}:report`, [
        { kind: 'action_not_executed', approvalId: approval.id, data: { reason: verdict.reason } },
      ]);
      await finish(`${record.title}: not executed (${verdict.reason.replaceAll('_', ' ')})`);
      return { ...withApproval, outcome: 'not_executed', reason: verdict.reason };
    case 'request_approval':
    case 'await_decision':
      // Unreachable: both need an unresolved approval, and awaitResolution returns only resolved ones.
      throw new PsiZeroError(
        'GATE_INVARIANT',
        `gate reached '${verdict.action}' after approval ${approval.id} resolved`,
        { kind: 'internal', retryable: false },
      );
  }
}

/**
 * Waits until the approval is approved, rejected or expired. Each pass reads the approval first
 * (a decision may already be in), then waits for `approval.decided` until the round's deadline; on
 * timeout the service escalates (and the new deciders are notified) or expires it.
 */
async function awaitResolution(
  ctx: WorkflowContext,
  deps: GateDeps,
  record: DecisionRecord,
  prefix: string,
  requested: ApprovalView,
  facts: NotificationFacts,
): Promise<ApprovalView> {
  for (;;) {
    const approval = await ctx.step(`${prefix}:observe`, async () =>
      viewOf(await deps.approvals.observe(requested.id)),
    );
    if (isResolved(approval)) return approval;
    const timeout = Math.max(0, approval.deadline - ctx.now());
    const decided = await ctx.waitForEvent(APPROVAL_DECIDED_TOPIC, { match: { approvalId: approval.id }, timeout });
    if (decided.ok) continue;
    const round = approval.round;
    const handled = await ctx.step(`${prefix}:timeout`, async () => {
      const { approval: next, effect } = await deps.approvals.handleTimeout(requested.id, round);
      return { approval: viewOf(next), effect };
    });
    const next = handled.approval;
    if (handled.effect === 'escalated') {
      await notifyStep(ctx, deps, record, `${prefix}:notify`, {
        type: 'approval_escalated',
        approval: next,
        recipients: openSlots(next).flatMap((e) => e.people),
        summary: `${formatDecisionRecord(record)}\n\nNobody decided within the deadline; you may now decide (round ${next.round}).`,
        facts,
      });
    }
    if (isResolved(next)) return next;
  }
}

async function executeAndReport<T, F>(
  ctx: WorkflowContext,
  deps: GateDeps,
  record: DecisionRecord,
  action: GateAction<T, F>,
  prefix: string,
  approvalId: string | null,
  choice: string | null,
): Promise<T> {
  let result: T;
  try {
    result = await ctx.step(`${prefix}:execute`, (info) => action.execute(info, { choice }), {
      retry: action.retry,
      compensate: action.compensate,
    });
  } catch (err) {
    if (!(err instanceof StepFailedError)) throw err;
    const { code, message } = err.lastError;
    await auditStep(ctx, deps, record, `${prefix}:report`, [
      { kind: 'action_failed', approvalId, data: { error: { code, message }, attempts: err.attempts } },
    ]);
    throw err;
  }
  const data = choice === null ? { result } : { result, choice };
  await auditStep(ctx, deps, record, `${prefix}:report`, [{ kind: 'action_executed', approvalId, data }]);
  return result;
}
