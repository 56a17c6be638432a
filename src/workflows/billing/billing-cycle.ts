/**
 * The monthly billing cycle of one customer (Level 1: routine, reversible by refund, executed and
 * reported). It invoices, emails the invoice, charges the card with the step's idempotency key
 * (Stripe's Idempotency-Key, or the sandbox's durable ledger: a retried or replayed step never
 * charges twice), then settles: a paid invoice publishes `invoice.paid`, a failed or disputed
 * charge starts `billing.recovery`.
 */
import { z } from 'zod';
import { NO_PAYMENT_METHOD, type ChargeResult } from '../../connectors/index.ts';
import type { IssuedInvoice } from '../../domain/billing/index.ts';
import { DaySchema } from '../../domain/index.ts';
import { defineWorkflow, type WorkflowContext, type WorkflowDefinition } from '../../engine/workflow.ts';
import { renderCustomerMessage } from './customer-message-templates.ts';
import type { RecoveryInput } from './payment-recovery.ts';
import type { CycleDeps } from './workflow-deps.ts';

export const CycleInputSchema = z.strictObject({ customerId: z.string().min(1), day: DaySchema });
type CycleInput = z.output<typeof CycleInputSchema>;

interface Charged {
  result: ChargeResult;
  /** The method charged ('' when none was on file). */
  paymentMethod: string;
  at: number;
}

export function billingCycleWorkflow(
  deps: CycleDeps,
): WorkflowDefinition<CycleInput, unknown, z.input<typeof CycleInputSchema>> {
  return defineWorkflow({
    name: 'billing.cycle',
    version: 1,
    input: CycleInputSchema,
    run: async (ctx, input) => {
      const issued = await ctx.step('invoice', () => deps.billing.issueCycleInvoice(input.customerId, input.day));
      if ('skipped' in issued) return issued;
      await emailInvoice(ctx, deps, input.customerId, issued);
      const charged = await ctx.step('charge', (info) =>
        chargeInvoice(deps, input.customerId, issued, info.idempotencyKey),
      );
      return ctx.step('settle', () => settle(deps, input.customerId, issued, charged));
    },
  });
}

async function emailInvoice(
  ctx: WorkflowContext,
  deps: CycleDeps,
  customerId: string,
  issued: IssuedInvoice,
): Promise<void> {
  const message = renderCustomerMessage('invoice', 'invoice', {
    customerName: issued.customerName,
    invoiceId: issued.id,
    invoiceNumber: issued.number,
    amountCents: issued.totalCents,
    paymentMethodUrl: '',
    supportContact: deps.settings.supportContact,
    suspensionDay: 0,
    lines: issued.lines,
  });
  await ctx.step('email-invoice', (info) =>
    deps.messenger.deliver({
      channel: 'email',
      customerId,
      to: { email: issued.email, phone: null },
      message,
      template: 'invoice',
      invoiceId: issued.id,
      runId: info.runId,
      idempotencyKey: info.idempotencyKey,
    }),
  );
}

async function chargeInvoice(
  deps: CycleDeps,
  customerId: string,
  issued: IssuedInvoice,
  idempotencyKey: string,
): Promise<Charged> {
  const paymentMethod = (await deps.records.paymentMethodOf(customerId)) ?? deps.settings.defaultPaymentMethod;
  const at = deps.clock.now();
  if (paymentMethod === null) return { result: NO_PAYMENT_METHOD, paymentMethod: '', at };
  const result = await deps.gateway.charge({
    customerId,
    invoiceId: issued.id,
    amountCents: issued.totalCents,
    currency: issued.currency,
    paymentMethod,
    idempotencyKey,
    description: `Invoice ${issued.number}`,
  });
  return { result, paymentMethod, at };
}

/** Records the charge; an unpaid invoice gets its recovery run (one per invoice, by key). */
async function settle(deps: CycleDeps, customerId: string, issued: IssuedInvoice, charged: Charged) {
  const { result, paymentMethod, at } = charged;
  const charge = {
    invoiceId: issued.id,
    customerId,
    amountCents: issued.totalCents,
    currency: issued.currency,
    attempt: 1,
    at,
    result,
  };
  const { paid } = await deps.billing.recordCharge(charge, null);
  if (paid) return { invoiceId: issued.id, totalCents: issued.totalCents, outcome: 'paid' as const };
  const recovery: RecoveryInput = {
    invoiceId: issued.id,
    customerId,
    amountCents: issued.totalCents,
    currency: issued.currency,
    paymentMethod,
    failedAt: at,
    declineCode: result.status === 'declined' ? result.declineCode : 'disputed',
    adviceCode: result.status === 'declined' ? result.adviceCode : null,
    disputed: result.status === 'succeeded' && result.disputed,
  };
  await deps.runs.startMany([
    { workflow: 'billing.recovery', input: recovery, idempotencyKey: `billing.recovery:${issued.id}` },
  ]);
  return {
    invoiceId: issued.id,
    totalCents: issued.totalCents,
    outcome: result.status === 'succeeded' ? ('disputed' as const) : ('declined' as const),
  };
}
