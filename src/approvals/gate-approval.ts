/**
 * The approval half of the gate: open the approval and tell the deciders, then wait durably until
 * it is approved, rejected or expired, escalating on each round's deadline.
 */
import type { WorkflowContext } from '../engine/workflow.ts';
import type { DecisionRecord } from '../policy/index.ts';
import { formatDecisionRecord } from '../policy/index.ts';
import { APPROVAL_DECIDED_TOPIC } from './approval-service.ts';
import type { ApprovalView, GateDeps } from './gate-steps.ts';
import { approvalIdFor, gateEntries, notifyStep, viewOf } from './gate-steps.ts';
import { isResolved, openSlots } from './lifecycle.ts';
import type { NotificationFacts } from './notifier.ts';
import type { ApprovalConsequences, Recommendation } from './approval-model.ts';

/** Opens the approval (a Level 3 one with its recommendation audited) and notifies who may decide. */
export async function requestApproval(
  ctx: WorkflowContext,
  deps: GateDeps,
  record: DecisionRecord,
  recommendation: Recommendation | null,
  consequences: ApprovalConsequences,
  prefix: string,
  facts: NotificationFacts,
): Promise<ApprovalView> {
  const requested = await ctx.step(`${prefix}:request`, async (info) => {
    if (record.level === 3) {
      const data = { recommendation };
      await deps.audit.append(gateEntries(ctx, deps, record, info, [{ kind: 'recommendation_made', data }]));
    }
    const id = approvalIdFor(info.idempotencyKey);
    return viewOf(await deps.approvals.request({ id, runId: ctx.runId, record, recommendation, consequences }));
  });
  const recommended = recommendation ? `\n\nRecommendation: ${recommendation.summary}` : '';
  await notifyStep(ctx, deps, record, `${prefix}:notify`, {
    type: record.level === 3 ? 'recommendation' : 'approval_requested',
    approval: requested,
    recipients: openSlots(requested).flatMap((e) => e.people),
    summary: `${formatDecisionRecord(record)}${recommended}`,
    facts,
  });
  return requested;
}

/**
 * Waits until the approval is approved, rejected or expired. Each pass reads the approval first
 * (a decision may already be in), then waits for `approval.decided` until the round's deadline; on
 * timeout the service escalates (and the new deciders are notified) or expires it.
 */
export async function awaitResolution(
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
