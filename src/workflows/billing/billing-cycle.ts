/**
 * The monthly billing cycle of one customer (Level 1: routine, reversible by refund, executed and
 * reported). It invoices, emails the invoice, charges the card with the step's idempotency key
 * (Stripe's Idempotency-Key, or the sandbox's durable ledger: a retried or replayed step never
 * charges twice), then settles: a paid invoice publishes `invoice.paid`, a failed or disputed
 * charge starts `billing.recovery`. From version 2 the charge passes the gate as a Level 1 action
 * (the seed's "invoice processing"), so it carries a decision record like every other action; the
 * settle step reports the charge and its result to the audit log in every version.
 */
import { z } from 'zod';
import { act } from '../../approvals/index.ts';
import { NO_PAYMENT_METHOD, type ChargeResult } from '../../connectors/index.ts';
import type { IssuedInvoice } from '../../domain/billing/index.ts';
import { DaySchema } from '../../domain/index.ts';
import { defineWorkflow, type WorkflowContext, type WorkflowDefinition } from '../../engine/workflow.ts';
import { formatUsd, type ProposedAction } from '../../policy/index.ts';
import { renderCustomerMessage } from './customer-message-templates.ts';
import { appendMoney, chargeItem } from './money-audit.ts';
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

/** Version 2 charges through the gate; version 1 (a plain `charge` step) stays registered for runs in flight. */
export const CYCLE_VERSION = 2;

export function billingCycleWorkflow(
  deps: CycleDeps,
  version: number = CYCLE_VERSION,
): WorkflowDefinition<CycleInput, unknown, z.input<typeof CycleInputSchema>> {
  return defineWorkflow({
    name: 'billing.cycle',
    version,
    input: CycleInputSchema,
    // The seed's Level 1 example, invoice processing: the plan and the metered usage fix the amount,
    // so no money is at PsiZero's discretion, and a wrong charge is refunded (chargeThroughGate).
    classification: {
      autonomyLevel: 1,
      classification: {
        impact: 'low',
        complexity: 'simple',
        reversibility: 'easily_reversible',
        stakeholders: 'customer_facing',
        financialImpact: 0,
        timeToExecute: 1,
      },
    },
    run: async (ctx, input) => {
      const issued = await ctx.step('invoice', () => deps.billing.issueCycleInvoice(input.customerId, input.day));
      if ('skipped' in issued) return issued;
      await emailInvoice(ctx, deps, input.customerId, issued);
      const charged =
        ctx.version === 1
          ? await ctx.step('charge', (info) => chargeInvoice(deps, input.customerId, issued, info.idempotencyKey))
          : await chargeThroughGate(ctx, deps, input.customerId, issued);
      if (charged === null) return { invoiceId: issued.id, totalCents: issued.totalCents, outcome: 'not_charged' };
      return ctx.step('settle', () => settle(deps, ctx.runId, input.customerId, issued, charged));
    },
  });
}

/**
 * Invoice processing, which the seed names a Level 1 example: the amount is fixed by the plan and
 * the metered usage, so PsiZero decides nothing about it and puts no money at stake by collecting
 * it on the due date (a wrong charge is refunded). The classification says so; the amount is in
 * the title and in the charge's audit entry. Null when a policy made it need an approval nobody gave.
 */
async function chargeThroughGate(
  ctx: WorkflowContext,
  deps: CycleDeps,
  customerId: string,
  issued: IssuedInvoice,
): Promise<Charged | null> {
  const proposal: ProposedAction = {
    id: `billing.charge:${issued.id}`,
    title: `Charge ${issued.customerName} ${formatUsd(issued.totalCents / 100)} for invoice ${issued.number} (monthly billing)`,
    classification: {
      impact: 'low',
      complexity: 'simple',
      reversibility: 'easily_reversible',
      stakeholders: 'customer_facing',
      financialImpact: 0,
      timeToExecute: 1,
    },
    customers: [{ id: customerId, name: issued.customerName }],
  };
  const result = await act(ctx, deps.gate, {
    proposal,
    execute: (info) => chargeInvoice(deps, customerId, issued, info.idempotencyKey),
  });
  return result.outcome === 'executed' ? result.result : null;
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

/** Reports and records the charge; an unpaid invoice gets its recovery run (one per invoice, by key). */
async function settle(deps: CycleDeps, runId: string, customerId: string, issued: IssuedInvoice, charged: Charged) {
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
  const item = chargeItem(
    {
      customerId,
      customerName: issued.customerName,
      invoiceId: issued.id,
      invoiceNumber: issued.number,
      amountCents: issued.totalCents,
      currency: issued.currency,
    },
    1,
    'billing_cycle',
    result,
  );
  await appendMoney(deps.gate.audit, { runId, actionId: `billing.charge:${issued.id}` }, at, [item]);
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
