/**
 * People are told when a case they handled recovers: when a recovery case closes as paid
 * (`billing.case_closed`, however it was paid), everyone who decided on one of its approvals gets
 * a notification on the dashboard and their channels, through the gate's notifier, with each
 * receipt audited as the gate audits its own. A case nobody decided on tells nobody.
 */
import { z } from 'zod';
import type { ApprovalNotification, NotificationReceipt } from '../../approvals/index.ts';
import { PAID_BY_WORDS } from './money-audit.ts';
import type { Subscription } from '../../engine/registry.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { RECOVERED_BY } from '../../domain/billing/index.ts';
import { formatUsd, routineInternalWork } from '../../policy/index.ts';
import type { RecoveredNoticeDeps } from './workflow-deps.ts';

const RecoveredInput = z.strictObject({
  invoiceId: z.string().min(1),
  outcome: z.string(),
  recoveredBy: z.enum(RECOVERED_BY).nullable(),
});
type RecoveredInput = z.output<typeof RecoveredInput>;

export function recoveredNoticeWorkflow(deps: RecoveredNoticeDeps): WorkflowDefinition<RecoveredInput> {
  return defineWorkflow({
    name: 'billing.case-recovered',
    version: 1,
    input: RecoveredInput,
    // Tells the people who decided on a case that it recovered; nothing else changes.
    classification: routineInternalWork(),
    run: async (ctx, input) => {
      if (input.outcome !== 'recovered') return { told: [] };
      const notification = await ctx.step('compose', (info) => composeNotice(deps, input, info.idempotencyKey));
      if (notification === null) return { told: [] };
      const receipts = await deps.gate.notifier.send(notification, { ctx, step: 'notify' });
      await ctx.step('notify:audit', async (info) => {
        await deps.gate.audit.append(receiptEntries(deps, ctx.runId, notification, receipts, info.idempotencyKey));
        return null;
      });
      return { told: notification.recipients };
    },
  });
}

/** The notice for the people who decided the case's approvals, on its last decided approval; null when nobody decided. */
async function composeNotice(
  deps: RecoveredNoticeDeps,
  input: RecoveredInput,
  idempotencyKey: string,
): Promise<ApprovalNotification | null> {
  const recovered = await deps.records.getCase(input.invoiceId);
  if (recovered === null) return null;
  const approvals = (await deps.gate.approvals.list({ runId: recovered.runId, limit: 100 }))
    .filter((a) => a.decisions.length > 0)
    .sort((a, b) => a.createdAt - b.createdAt);
  const last = approvals.at(-1);
  if (last === undefined) return null;
  const recipients = [...new Set(approvals.flatMap((a) => a.decisions.map((d) => d.by)))];
  const [customer, invoice] = await Promise.all([
    deps.records.requireCustomer(recovered.customerId),
    deps.records.requireInvoice(recovered.invoiceId),
  ]);
  const amount = formatUsd(recovered.amountCents / 100);
  const how = input.recoveredBy === null ? 'paid' : PAID_BY_WORDS[input.recoveredBy];
  return {
    type: 'approval_resolved',
    approvalId: last.id,
    runId: recovered.runId,
    actionId: last.actionId,
    title: last.title,
    level: last.level,
    recipients,
    summary: `Recovered: ${customer.name} paid invoice ${invoice.number ?? invoice.id} (${amount}), ${how}. You decided on this case; nothing more to do`,
    facts: {
      amountUsd: recovered.amountCents / 100,
      customers: [{ id: customer.id, name: customer.name }],
      recommendation: null,
    },
    deadline: null,
    idempotencyKey,
  };
}

function receiptEntries(
  deps: RecoveredNoticeDeps,
  runId: string,
  notification: ApprovalNotification,
  receipts: NotificationReceipt[],
  key: string,
) {
  const at = deps.gate.clock.now();
  return receipts.map((r, i) => ({
    kind: r.error === undefined ? ('notification_sent' as const) : ('notification_failed' as const),
    data: {
      type: notification.type,
      recipient: r.recipientId,
      channel: r.channel,
      messageId: r.messageId,
      ...(r.error && { error: r.error }),
    },
    at,
    actor: 'system',
    channel: r.channel,
    runId,
    approvalId: notification.approvalId,
    actionId: notification.actionId,
    key: `${key}/${i}`,
  }));
}

export const RECOVERED_NOTICE_SUBSCRIPTION: Subscription = {
  name: 'billing.case-recovered',
  topic: 'billing.case_closed',
  workflow: 'billing.case-recovered',
  toInput: (event) => {
    const closed = event.payload as { invoiceId?: unknown; outcome?: unknown; recoveredBy?: unknown };
    return { invoiceId: closed.invoiceId, outcome: closed.outcome, recoveredBy: closed.recoveredBy ?? null };
  },
};
