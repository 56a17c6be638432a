/**
 * The monthly billing cycle (Level 1: routine, reversible by refund, executed and reported).
 * `billing.daily` runs on a schedule and starts one `billing.cycle` per customer whose billing day
 * it is; each cycle invoices, emails the invoice, charges the card with the step's idempotency key
 * (Stripe's Idempotency-Key, or the sandbox's durable ledger: a retried or replayed step never
 * charges twice), then settles: a paid invoice publishes `invoice.paid`, a failed or disputed
 * charge starts `billing.recovery`.
 */
import { z } from 'zod';
import { addDays, DaySchema, type Customer } from '../../domain/index.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { NO_PAYMENT_METHOD, recordPayment, requireCustomer, type BillingDeps } from './billing-deps.ts';
import { deliverCustomerMessage, renderCustomerMessage } from './customer-messages.ts';
import { computeCycleInvoice, isBillingDay, previousBillingDay } from './invoice-calc.ts';
import type { RecoveryInput } from './payment-recovery.ts';
import { ValidationError } from '../../lib/errors.ts';

const BILLABLE: readonly Customer['status'][] = ['active', 'past_due'];

export function anchorOf(customer: Pick<Customer, 'signupDate'>): number {
  return Number(customer.signupDate.slice(8, 10));
}

export const CycleInputSchema = z.strictObject({ customerId: z.string().min(1), day: DaySchema });

interface IssuedInvoice {
  id: string;
  number: string;
  totalCents: number;
  currency: string;
  customerName: string;
  email: string | null;
  lines: { description: string; amountCents: number }[];
}

export function billingCycleWorkflow(
  deps: BillingDeps,
): WorkflowDefinition<z.output<typeof CycleInputSchema>, unknown, z.input<typeof CycleInputSchema>> {
  return defineWorkflow({
    name: 'billing.cycle',
    input: CycleInputSchema,
    run: async (ctx, input) => {
      const issued = await ctx.step('invoice', async (): Promise<IssuedInvoice | { skipped: string }> => {
        const customer = await requireCustomer(deps, input.customerId);
        if (!BILLABLE.includes(customer.status)) return { skipped: `customer is ${customer.status}` };
        const id = `in_${customer.id}_${input.day.replaceAll('-', '')}`;
        const existing = await deps.domain.queries.listInvoices({ customerId: customer.id, limit: 5 });
        if (existing.some((i) => i.issuedOn === input.day && i.id !== id))
          return { skipped: `already invoiced on ${input.day}` };
        const anchor = anchorOf(customer);
        const from = previousBillingDay(input.day, anchor);
        const usage = await deps.domain.queries.usage(customer.id, from, addDays(input.day, -1));
        const calls = usage.reduce((sum, u) => sum + u.apiCalls, 0);
        const invoice = computeCycleInvoice(customer, input.day, anchor, calls);
        if (invoice === null) return { skipped: 'nothing owed this period' };
        const number = `PZ-${input.day.slice(0, 7).replace('-', '')}-${customer.id}`;
        const report = await deps.domain.ingest.ingest('invoices', [
          {
            id,
            customerId: customer.id,
            number,
            currency: 'usd',
            status: 'open',
            periodStart: invoice.periodStart,
            periodEnd: invoice.periodEnd,
            issuedOn: input.day,
            dueOn: input.day,
            lines: invoice.lines,
          },
        ]);
        if (report.rejected > 0) {
          const issues = report.records.flatMap((r) => r.issues ?? []);
          throw new ValidationError(`invoice ${id} refused`, issues, 'INVOICE_REFUSED');
        }
        const lines = invoice.lines.map((l) => ({ description: l.description, amountCents: l.amountCents }));
        return {
          id,
          number,
          totalCents: invoice.totalCents,
          currency: 'usd',
          customerName: customer.name,
          email: customer.email,
          lines,
        };
      });
      if ('skipped' in issued) return issued;

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
        deliverCustomerMessage(
          deps.channels,
          'email',
          { email: issued.email, phone: null },
          message,
          info.idempotencyKey,
        ),
      );

      const charged = await ctx.step('charge', async (info) => {
        const paymentMethod =
          (await deps.records.paymentMethodOf(input.customerId)) ?? deps.settings.defaultPaymentMethod;
        const at = deps.gate.clock.now();
        if (paymentMethod === null) return { result: NO_PAYMENT_METHOD, paymentMethod: '', at };
        const result = await deps.gateway.charge({
          customerId: input.customerId,
          invoiceId: issued.id,
          amountCents: issued.totalCents,
          currency: issued.currency,
          paymentMethod,
          idempotencyKey: info.idempotencyKey,
          description: `Invoice ${issued.number}`,
        });
        return { result, paymentMethod, at };
      });

      return ctx.step('settle', async () => {
        const { result, paymentMethod, at } = charged;
        const where = {
          invoiceId: issued.id,
          customerId: input.customerId,
          amountCents: issued.totalCents,
          currency: issued.currency,
          attempt: 1,
          when: at,
        };
        await recordPayment(deps, where, result);
        if (result.status === 'succeeded' && !result.disputed) {
          return { invoiceId: issued.id, totalCents: issued.totalCents, outcome: 'paid' as const };
        }
        const recovery: RecoveryInput = {
          invoiceId: issued.id,
          customerId: input.customerId,
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
      });
    },
  });
}

export const DailyInputSchema = z.strictObject({ day: DaySchema });

/** Starts today's cycles. Keys make a re-run (or a second worker's run of the same slot) start each cycle once. */
export function billingDailyWorkflow(
  deps: BillingDeps,
): WorkflowDefinition<z.output<typeof DailyInputSchema>, unknown, z.input<typeof DailyInputSchema>> {
  return defineWorkflow({
    name: 'billing.daily',
    input: DailyInputSchema,
    run: async (ctx, input) =>
      ctx.step('start-cycles', async () => {
        const due: string[] = [];
        for (const status of BILLABLE) {
          let after: string | undefined;
          for (;;) {
            const page = await deps.domain.queries.listCustomers({ status, limit: 1_000, ...(after ? { after } : {}) });
            for (const c of page) if (isBillingDay(input.day, anchorOf(c)) && c.signupDate < input.day) due.push(c.id);
            if (page.length < 1_000) break;
            after = page[page.length - 1]!.id;
          }
        }
        for (let i = 0; i < due.length; i += 500) {
          const items = due.slice(i, i + 500).map((customerId) => ({
            workflow: 'billing.cycle',
            input: { customerId, day: input.day },
            idempotencyKey: `billing.cycle:${customerId}:${input.day}`,
          }));
          await deps.runs.startMany(items);
        }
        return { day: input.day, cycles: due.length };
      }),
  });
}
