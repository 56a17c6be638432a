/**
 * What the gate does once an approval is resolved, one function per verdict: execute (with the
 * approved choice), take the conservative default, hand a Level 3 decision back, or stop. Every
 * path audits what happened and tells everyone involved.
 */
import type { WorkflowContext } from '../engine/workflow.ts';
import { PsiZeroError, StepFailedError } from '../lib/errors.ts';
import type { DecisionRecord } from '../policy/index.ts';
import { choiceLabel } from '../policy/index.ts';
import type { GateAction, GateResult } from './gate.ts';
import type { GateVerdict } from './gate-outcome.ts';
import type { ApprovalView, GateDeps } from './gate-steps.ts';
import { auditStep, everyoneInvolved, notifyStep } from './gate-steps.ts';
import type { NotificationFacts } from './notifier.ts';

export interface ResolvedGate<T, F> {
  deps: GateDeps;
  record: DecisionRecord;
  action: GateAction<T, F>;
  prefix: string;
  approval: ApprovalView;
  facts: NotificationFacts;
}

export async function carryOutVerdict<T, F>(
  ctx: WorkflowContext,
  gate: ResolvedGate<T, F>,
  verdict: GateVerdict,
): Promise<GateResult<T, F>> {
  const { deps, record, action, prefix, approval } = gate;
  const base = { actionId: record.actionId, level: record.level, record, approvalId: approval.id };
  const finish = (summary: string): Promise<void> => tellEveryone(ctx, gate, summary);
  switch (verdict.action) {
    case 'execute': {
      // From the recorded verdict (absent in verdicts recorded before choices existed).
      const choice = verdict.choice ?? null;
      const result = await executeAndReport(ctx, deps, record, action, prefix, approval.id, choice);
      await finish(
        `${record.title}: approved${choice === null ? '' : ` (${choiceLabel(record, choice)})`} and executed`,
      );
      return { ...base, outcome: 'executed', result, choice };
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
      return { ...base, outcome: 'conservative_default', result, description: fallback.description };
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
      return { ...base, outcome: 'decided', decision: verdict.decision, decisions: approval.decisions, choice };
    }
    case 'return_expired':
      await finish(`${record.title}: nobody decided in time`);
      return { ...base, outcome: 'expired' };
    case 'do_not_execute':
      await auditStep(ctx, deps, record, `${prefix}:report`, [
        { kind: 'action_not_executed', approvalId: approval.id, data: { reason: verdict.reason } },
      ]);
      await finish(`${record.title}: not executed (${verdict.reason.replaceAll('_', ' ')})`);
      return { ...base, outcome: 'not_executed', reason: verdict.reason };
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

function tellEveryone<T, F>(ctx: WorkflowContext, gate: ResolvedGate<T, F>, summary: string): Promise<void> {
  return notifyStep(ctx, gate.deps, gate.record, `${gate.prefix}:notify`, {
    type: 'approval_resolved',
    approval: gate.approval,
    recipients: everyoneInvolved(gate.approval),
    summary,
    facts: gate.facts,
  });
}

/** Runs the action's effect in its durable step and audits the result or the final failure. */
export async function executeAndReport<T, F>(
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
