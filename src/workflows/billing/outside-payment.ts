/**
 * An invoice paid outside a recovery run (a bank transfer recorded through ingestion, a Stripe
 * webhook, a payment the customer made in Stripe's portal): `invoice.paid` starts this one-step
 * workflow, which tells the invoice's waiting recovery run so that it closes the case and restores
 * access at once instead of charging again on its next retry day.
 */
import { z } from 'zod';
import { RECOVERY_NEWS_TOPIC, type RecoveryNews } from '../../domain/billing/index.ts';
import type { Subscription } from '../../engine/registry.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import type { OutsidePaymentDeps } from './workflow-deps.ts';
import { routineInternalWork } from '../../policy/index.ts';

const OutsidePaymentInput = z.strictObject({ invoiceId: z.string().min(1), customerId: z.string().min(1) });

export function outsidePaymentWorkflow(
  deps: OutsidePaymentDeps,
): WorkflowDefinition<z.output<typeof OutsidePaymentInput>> {
  return defineWorkflow({
    name: 'billing.outside-payment',
    version: 1,
    input: OutsidePaymentInput,
    // Tells a waiting recovery run that its invoice was paid; the run closes the case itself.
    classification: routineInternalWork(),
    run: async (ctx, input) => {
      // PsiZero's own successful charges close their case before the event goes out: nothing to tell.
      const open = await ctx.step(
        'case-open',
        async () => (await deps.records.getCase(input.invoiceId))?.status === 'open',
      );
      if (!open) return { told: false };
      const news: RecoveryNews = { kind: 'invoice_paid', customerId: input.customerId, invoiceId: input.invoiceId };
      await ctx.emit(RECOVERY_NEWS_TOPIC, news);
      return { told: true };
    },
  });
}

export const OUTSIDE_PAYMENT_SUBSCRIPTION: Subscription = {
  name: 'billing.outside-payment',
  topic: 'invoice.paid',
  workflow: 'billing.outside-payment',
  toInput: (event) => {
    const paid = event.payload as { invoiceId?: unknown; customerId?: unknown };
    return { invoiceId: paid.invoiceId, customerId: paid.customerId };
  },
};
