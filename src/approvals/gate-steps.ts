/**
 * The gate's durable building blocks: audit entries and notifications, in named steps whose
 * idempotency keys also key the audit entries, so a step that runs twice records once.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../lib/clock.ts';
import type { StepInfo, WorkflowContext } from '../engine/workflow.ts';
import type { DecisionRecord, Policy, ProposedAction, WorkflowPolicyResolver } from '../policy/index.ts';
import { findPerson } from '../policy/index.ts';
import type { AuditRepository } from '../audit/audit-repository.ts';
import type { AuditData, NewAuditEntry } from '../audit/entries.ts';
import type { AuditKind } from '../audit/kinds.ts';
import type { ApprovalService } from './approval-service.ts';
import type { Approval } from './lifecycle.ts';
import type { ApprovalNotification, NotificationFacts, NotificationType, Notifier } from './notifier.ts';

export interface GateDeps {
  policy: Policy;
  /**
   * Each running workflow's effective classification (its code default under the policy file's
   * override), found by `ctx.workflow`. Absent: no workflow is classified, so every action
   * classifies itself.
   */
  workflows?: WorkflowPolicyResolver;
  audit: AuditRepository;
  approvals: ApprovalService;
  notifier: Notifier;
  clock: Clock;
}

/** An approval as the gate keeps it in run history: without the decision record, which the gate already holds. */
export type ApprovalView = Omit<Approval, 'record'> & { record: null };

export function viewOf(approval: Approval): ApprovalView {
  return { ...approval, record: null };
}

/** Approval ids are derived from the requesting step's idempotency key, so a re-run step finds its approval. */
export function approvalIdFor(stepKey: string): string {
  return `apr_${createHash('sha256').update(stepKey).digest('hex').slice(0, 24)}`;
}

export type AuditItem = { [K in AuditKind]: { kind: K; data: AuditData[K]; approvalId?: string | null } }[AuditKind];

export function gateEntries(
  ctx: WorkflowContext,
  deps: GateDeps,
  record: DecisionRecord,
  info: StepInfo,
  items: AuditItem[],
): NewAuditEntry[] {
  const at = deps.clock.now();
  return items.map((item, i) => ({
    ...item,
    at,
    actor: 'system',
    channel: 'system',
    runId: ctx.runId,
    approvalId: item.approvalId ?? null,
    actionId: record.actionId,
    key: `${info.idempotencyKey}/${i}`,
  }));
}

/** Appends audit entries in a durable step of their own. */
export async function auditStep(
  ctx: WorkflowContext,
  deps: GateDeps,
  record: DecisionRecord,
  name: string,
  items: AuditItem[],
): Promise<void> {
  await ctx.step(name, async (info) => {
    await deps.audit.append(gateEntries(ctx, deps, record, info, items));
    return null;
  });
}

export interface NotifyRequest {
  type: NotificationType;
  approval: ApprovalView;
  recipients: string[];
  summary: string;
  facts: NotificationFacts;
}

/** The facts a person deciding wants first: the amount the policy routed on, the customers, the recommendation. */
export function notificationFacts(
  proposal: ProposedAction,
  record: Pick<DecisionRecord, 'financialImpactUsd'>,
  recommendation: string | null,
): NotificationFacts {
  const amount = record.financialImpactUsd;
  return {
    amountUsd: amount > 0 ? amount : null,
    customers: (proposal.customers ?? []).map((c) => ({ id: c.id, name: c.name ?? null })),
    recommendation,
  };
}

/**
 * Notifies, then records one audit entry per receipt (`notification_sent`, or `notification_failed`
 * when a channel gave up). Three parts, because the notifier runs durable steps of its own (one per
 * delivery, see notifier.ts) and steps do not nest:
 * 1. step `<name>` builds the notification; it always runs (even with nobody to tell), and replay
 *    sees the recipients the directory had when the run first got here;
 * 2. the notifier delivers, in steps named `<name>:...`;
 * 3. step `<name>:audit` records the receipts.
 */
export async function notifyStep(
  ctx: WorkflowContext,
  deps: GateDeps,
  record: DecisionRecord,
  name: string,
  req: NotifyRequest,
): Promise<void> {
  const notification = await ctx.step(name, (info): ApprovalNotification | null => {
    // Only people in the directory can be reached (an initiator may be a system, not a person).
    const recipients = [...new Set(req.recipients)].filter((id) => findPerson(deps.policy.directory, id) !== undefined);
    if (recipients.length === 0) return null;
    const { approval } = req;
    return {
      type: req.type,
      approvalId: approval.id,
      runId: approval.runId,
      actionId: approval.actionId,
      title: approval.title,
      level: approval.level,
      recipients,
      summary: req.summary,
      facts: req.facts,
      deadline: req.type === 'approval_resolved' ? null : approval.deadline,
      idempotencyKey: info.idempotencyKey,
    };
  });
  if (notification === null) return;
  const receipts = await deps.notifier.send(notification, { ctx, step: name });
  await ctx.step(`${name}:audit`, async (info) => {
    const items = receipts.map((r): AuditItem => ({
      kind: r.error === undefined ? 'notification_sent' : 'notification_failed',
      approvalId: notification.approvalId,
      data: {
        type: notification.type,
        recipient: r.recipientId,
        channel: r.channel,
        messageId: r.messageId,
        ...(r.error && { error: r.error }),
      },
    }));
    // The receipt's channel is how the message went out; the entry's actor stays the system.
    const entries = gateEntries(ctx, deps, record, info, items).map((e, i) => ({
      ...e,
      channel: receipts[i]?.channel ?? 'system',
    }));
    await deps.audit.append(entries);
    return null;
  });
}

/** Everyone who could decide in any round, plus the initiator: who hears how it ended. */
export function everyoneInvolved(approval: ApprovalView): string[] {
  const people = approval.rounds.flatMap((r) => r.eligible.flatMap((e) => e.people));
  return approval.initiatedBy === null ? people : [...people, approval.initiatedBy];
}
