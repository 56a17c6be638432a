/**
 * A disputed charge (`payment.disputed`: a Stripe `charge.dispute.created` webhook, or any source
 * that marks a payment attempt disputed) opens or joins the invoice's recovery case, which the
 * policy hands to a person (the seed's `disputed_charges`):
 * - the invoice has an open case: the case is marked disputed and its waiting run is told
 *   (`billing.recovery_news`, `charge_disputed`), so it ends automatic retries and escalates;
 * - it has none (the charge had paid it): a recovery run starts for the invoice, keyed
 *   `billing.recovery:<invoice>` like every other, so it is never started twice;
 * - its case already ended (the disputed charge recovered it): a run keyed by the disputed
 *   payment reopens the case, because the money is at risk again.
 * The dispute is audited with the customer, the invoice and the amount.
 */
import { z } from 'zod';
import { RECOVERY_NEWS_TOPIC, type RecoveryNews } from '../../domain/billing/index.ts';
import type { Subscription } from '../../engine/registry.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { appendMoney, subjectOf } from './money-audit.ts';
import type { RecoveryInput } from './payment-recovery.ts';
import type { DisputeDeps } from './workflow-deps.ts';
import { routineInternalWork } from '../../policy/index.ts';

const DisputeInput = z.strictObject({
  paymentId: z.string().min(1),
  invoiceId: z.string().min(1).nullable(),
  customerId: z.string().min(1),
  amountCents: z.int().min(0),
  currency: z.string().length(3),
});
type DisputeInput = z.output<typeof DisputeInput>;

type Handled =
  | { handled: 'no_invoice' }
  | { handled: 'joined'; runId: string; alreadyKnown: boolean }
  | { handled: 'started'; runId: string; created: boolean };

export function chargeDisputeWorkflow(deps: DisputeDeps): WorkflowDefinition<DisputeInput> {
  return defineWorkflow({
    name: 'billing.dispute',
    version: 1,
    input: DisputeInput,
    // Records the dispute and hands the case to its recovery run, where a person decides (Level 2 there).
    classification: routineInternalWork(),
    run: async (ctx, input): Promise<Handled> => {
      const invoiceId = input.invoiceId;
      if (invoiceId === null) return { handled: 'no_invoice' };
      const handled = await ctx.step('open-or-join', async (): Promise<Handled> => {
        await auditDispute(deps, ctx.runId, input, invoiceId);
        const existing = await deps.records.getCase(invoiceId);
        if (existing?.status === 'open') {
          const alreadyKnown = existing.disputed;
          await deps.billing.recordDispute(invoiceId, input.paymentId);
          return { handled: 'joined', runId: existing.runId, alreadyKnown };
        }
        const key =
          existing === null
            ? `billing.recovery:${invoiceId}`
            : `billing.recovery:${invoiceId}:dispute:${input.paymentId}`;
        const recovery = await recoveryInputFor(deps, input, invoiceId, ctx.now());
        const [started] = await deps.runs.startMany([
          { workflow: 'billing.recovery', input: recovery, idempotencyKey: key },
        ]);
        return { handled: 'started', runId: started!.id, created: started!.created };
      });
      // The run learns of the dispute at once; one that misses it (waiting for a person) reads the case before its next step.
      if (handled.handled === 'joined' && !handled.alreadyKnown) {
        const news: RecoveryNews = {
          kind: 'charge_disputed',
          customerId: input.customerId,
          invoiceId,
          paymentId: input.paymentId,
        };
        await ctx.emit(RECOVERY_NEWS_TOPIC, news);
      }
      return handled;
    },
  });
}

async function auditDispute(deps: DisputeDeps, runId: string, input: DisputeInput, invoiceId: string): Promise<void> {
  const [customer, invoice] = await Promise.all([
    deps.records.requireCustomer(input.customerId),
    deps.records.requireInvoice(invoiceId),
  ]);
  const subject = subjectOf({
    customerId: customer.id,
    customerName: customer.name,
    invoiceId,
    invoiceNumber: invoice.number,
    amountCents: input.amountCents,
    currency: input.currency,
  });
  await appendMoney(deps.gate.audit, { runId }, deps.gate.clock.now(), [
    {
      kind: 'charge_disputed',
      key: `money:${invoiceId}:disputed:${input.paymentId}`,
      data: { ...subject, paymentId: input.paymentId },
    },
  ]);
}

/** The recovery of a disputed invoice starts from the dispute: treated as hard, never charged again automatically. */
async function recoveryInputFor(
  deps: DisputeDeps,
  input: DisputeInput,
  invoiceId: string,
  now: number,
): Promise<RecoveryInput> {
  const [invoice, charges, paymentMethod] = await Promise.all([
    deps.records.requireInvoice(invoiceId),
    deps.records.chargesOf(invoiceId),
    deps.records.paymentMethodOf(input.customerId),
  ]);
  return {
    invoiceId,
    customerId: input.customerId,
    amountCents: invoice.totalCents > 0 ? invoice.totalCents : input.amountCents,
    currency: invoice.currency,
    paymentMethod: paymentMethod ?? '',
    failedAt: now,
    declineCode: 'disputed',
    adviceCode: null,
    disputed: true,
    // The next charge's attempt number follows every attempt already recorded, so no payment id is reused.
    attempts: Math.max(1, ...charges.map((c) => c.attemptNumber)),
  };
}

export const DISPUTE_SUBSCRIPTION: Subscription = {
  name: 'billing.dispute',
  topic: 'payment.disputed',
  workflow: 'billing.dispute',
  toInput: (event) => {
    const { attempt } = event.payload as {
      attempt?: { id?: unknown; invoiceId?: unknown; customerId?: unknown; amountCents?: unknown; currency?: unknown };
    };
    return {
      paymentId: attempt?.id,
      invoiceId: attempt?.invoiceId ?? null,
      customerId: attempt?.customerId,
      amountCents: attempt?.amountCents,
      currency: attempt?.currency,
    };
  },
};
