/**
 * Stripe events → PsiZero records. The mapping only plans writes (entity + input records); the
 * ingestion service validates and writes them with the same code as every other source.
 *
 * - invoice.*                       → the invoice (status, lines, totals); invoice.payment_failed also
 *                                     records the failed attempt, keyed by the charge when the payload
 *                                     names it (older API versions) or by invoice and attempt count.
 * - charge.succeeded / .failed      → a payment attempt keyed by the charge id.
 * - payment_intent.succeeded / .payment_failed → the same attempt (keyed by latest_charge), so the
 *                                     charge and payment-intent events of one decline merge.
 * - charge.dispute.created          → the attempt is marked disputed (also PsiZero's own attempt for
 *                                     that charge id); billing's `payment.disputed` subscription
 *                                     opens or joins the invoice's recovery case.
 * - customer.subscription.*         → the customer's plan, monthly price, status and trial end.
 * Anything else is acknowledged and ignored.
 */
import type { z } from 'zod';
import type { FieldIssue } from '../../lib/errors.ts';
import { dayOf } from '../dates.ts';
import type { SqlDialect, DbTransaction } from '../../db/database.ts';
import {
  ADVICE_CODES,
  DECLINE_CODES,
  sumLines,
  type Customer,
  type CustomerInput,
  type InvoiceInput,
  type PaymentAttemptInput,
} from '../model/index.ts';
import { findCustomerByStripeId, readPayments } from '../repo/index.ts';
import { paymentOfGatewayCharge } from '../billing/gateway-charges.ts';
import type { EntityName } from './entities.ts';
import {
  StripeChargeSchema,
  StripeDisputeSchema,
  StripeInvoiceSchema,
  StripePaymentIntentSchema,
  StripeSubscriptionSchema,
  type StripeEventEnvelope,
  type StripeInvoice,
  type StripeSubscription,
} from './stripe-objects.ts';
import { parseIssues } from '../../lib/field-issues.ts';
import { ValidationError } from '../../lib/errors.ts';

export interface PlannedBatch {
  entity: EntityName;
  records: unknown[];
}

export type StripePlan = { kind: 'apply'; batches: PlannedBatch[] } | { kind: 'ignore'; reason: string };

/** Thrown inside planning; the webhook service turns it into StripeEventRejectedError. */
export class MappingRejection extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('Stripe event cannot be mapped', issues, 'STRIPE_EVENT_UNMAPPABLE');
  }
}

interface PlanContext {
  trx: DbTransaction;
  dialect: SqlDialect;
  event: StripeEventEnvelope;
}

export async function planStripeEvent(
  trx: DbTransaction,
  dialect: SqlDialect,
  event: StripeEventEnvelope,
): Promise<StripePlan> {
  const ctx: PlanContext = { trx, dialect, event };
  const type = event.type;
  if (type.startsWith('invoice.')) return planInvoice(ctx, parse(StripeInvoiceSchema, event));
  if (type === 'charge.succeeded' || type === 'charge.failed') return planCharge(ctx);
  if (type === 'charge.dispute.created') return planDispute(ctx);
  if (type === 'payment_intent.succeeded' || type === 'payment_intent.payment_failed') return planPaymentIntent(ctx);
  if (type.startsWith('customer.subscription.')) return planSubscription(ctx, parse(StripeSubscriptionSchema, event));
  return { kind: 'ignore', reason: `event type ${type} is not mapped` };
}

function parse<T extends z.ZodType>(schema: T, event: StripeEventEnvelope): z.output<T> {
  const parsed = parseIssues(schema, event.data.object, ['data', 'object']);
  if (!parsed.ok) throw new MappingRejection(parsed.issues);
  return parsed.value;
}

async function requireCustomer(ctx: PlanContext, stripeCustomerId: string | null): Promise<Customer> {
  if (!stripeCustomerId)
    throw new MappingRejection([{ path: 'data.object.customer', message: 'required: the event names no customer' }]);
  const customer = await findCustomerByStripeId(ctx.trx, stripeCustomerId);
  if (!customer)
    throw new MappingRejection([{ path: 'data.object.customer', message: `unknown customer '${stripeCustomerId}'` }]);
  return customer;
}

const day = (secs: number): string => dayOf(secs * 1000);

async function planInvoice(ctx: PlanContext, inv: StripeInvoice): Promise<StripePlan> {
  const customer = await requireCustomer(ctx, inv.customer);
  const lines: InvoiceInput['lines'] = (inv.lines?.data ?? []).map((l) => ({
    description: l.description?.trim() || 'Invoice item',
    kind: l.subscription || l.parent?.type === 'subscription_item_details' ? 'subscription' : 'one_off',
    quantity: l.quantity ?? 1,
    unitAmountCents: l.price?.unit_amount ?? null,
    amountCents: l.amount,
  }));
  const total = inv.total ?? inv.amount_due ?? sumLines(lines);
  const rest = total - sumLines(lines);
  // Taxes, discounts and lines beyond the payload's first page: one line keeps lines == total.
  if (rest !== 0 || lines.length === 0) {
    lines.push({
      description: inv.lines?.has_more ? 'Further items, taxes and discounts' : 'Taxes and discounts',
      kind: 'adjustment',
      quantity: 1,
      amountCents: rest,
    });
  }
  const issuedOn = day(inv.status_transitions?.finalized_at ?? inv.created);
  const periodStart = day(inv.period_start ?? inv.created);
  const periodEnd = day(inv.period_end ?? inv.period_start ?? inv.created);
  const dueOn = day(inv.due_date ?? inv.created);
  const invoice: InvoiceInput = {
    id: inv.id,
    customerId: customer.id,
    number: inv.number ?? null,
    currency: inv.currency,
    status: inv.status ?? 'draft',
    periodStart,
    periodEnd: periodEnd < periodStart ? periodStart : periodEnd,
    issuedOn,
    dueOn: dueOn < issuedOn ? issuedOn : dueOn,
    lines,
    amountPaidCents: inv.amount_paid ?? undefined,
    paidAt: inv.status_transitions?.paid_at ? inv.status_transitions.paid_at * 1000 : null,
  };
  const batches: PlannedBatch[] = [{ entity: 'invoices', records: [invoice] }];
  if (ctx.event.type === 'invoice.payment_failed') {
    const attemptNumber = Math.max(1, inv.attempt_count ?? 1);
    const attempt: PaymentAttemptInput = {
      id: inv.charge ?? `${inv.id}#${attemptNumber}`,
      invoiceId: inv.id,
      customerId: customer.id,
      attemptedAt: ctx.event.created * 1000,
      amountCents: inv.amount_due ?? total,
      currency: inv.currency,
      status: 'failed',
      attemptNumber,
    };
    batches.push({ entity: 'payments', records: [await mergeAttempt(ctx, attempt)] });
  }
  return { kind: 'apply', batches };
}

/** Stripe puts the issuer's decline code in outcome.reason / decline_code; failure_code is the fallback. */
function declineOf(
  candidates: (string | null | undefined)[],
  advice: string | null | undefined,
): Pick<PaymentAttemptInput, 'declineCode' | 'adviceCode'> {
  const known = candidates.find((c) => c != null && Object.hasOwn(DECLINE_CODES, c));
  const any = candidates.find((c) => c != null && /^[a-z][a-z0-9_]*$/.test(c) && c.length <= 64);
  const adviceCode = ADVICE_CODES.find((a) => a === advice) ?? null;
  return { declineCode: known ?? any ?? null, adviceCode };
}

async function planCharge(ctx: PlanContext): Promise<StripePlan> {
  const charge = parse(StripeChargeSchema, ctx.event);
  const customer = await requireCustomer(ctx, charge.customer);
  const failed = ctx.event.type === 'charge.failed';
  const attempt: PaymentAttemptInput = {
    id: charge.id,
    invoiceId: charge.invoice,
    customerId: customer.id,
    attemptedAt: charge.created * 1000,
    amountCents: charge.amount,
    currency: charge.currency,
    status: failed ? 'failed' : 'succeeded',
    ...(failed ? declineOf([charge.outcome?.reason, charge.failure_code], charge.outcome?.advice_code) : {}),
    failureMessage: failed ? (charge.failure_message ?? null) : null,
  };
  return { kind: 'apply', batches: [{ entity: 'payments', records: [await mergeAttempt(ctx, attempt)] }] };
}

async function planPaymentIntent(ctx: PlanContext): Promise<StripePlan> {
  const pi = parse(StripePaymentIntentSchema, ctx.event);
  const customer = await requireCustomer(ctx, pi.customer);
  const failed = ctx.event.type === 'payment_intent.payment_failed';
  const error = pi.last_payment_error;
  const attempt: PaymentAttemptInput = {
    id: pi.latest_charge ?? pi.id,
    invoiceId: pi.invoice,
    customerId: customer.id,
    attemptedAt: ctx.event.created * 1000,
    amountCents: pi.amount,
    currency: pi.currency,
    status: failed ? 'failed' : 'succeeded',
    ...(failed ? declineOf([error?.decline_code, error?.code], error?.advice_code) : {}),
    failureMessage: failed ? (error?.message ?? null) : null,
  };
  return { kind: 'apply', batches: [{ entity: 'payments', records: [await mergeAttempt(ctx, attempt)] }] };
}

/**
 * The disputed charge's payment attempts: the one recorded under Stripe's charge id (from a charge
 * webhook) and the one PsiZero recorded when it made the charge itself (found through the charge
 * id kept beside it), so the dispute reaches the invoice even when Stripe's charge names none.
 */
async function planDispute(ctx: PlanContext): Promise<StripePlan> {
  const dispute = parse(StripeDisputeSchema, ctx.event);
  const chargeId = dispute.charge;
  const ownPayment = chargeId ? await paymentOfGatewayCharge(ctx.trx, chargeId) : null;
  const ids = [chargeId, ownPayment].filter((id): id is string => id !== null);
  const found = await readPayments(ctx.trx, ctx.dialect, [...new Set(ids)], true);
  if (found.size === 0)
    return { kind: 'ignore', reason: `no payment attempt recorded for charge ${chargeId ?? '(none)'}` };
  const records = [...found.values()].map((existing) => {
    const { version: _v, createdAt: _c, updatedAt: _u, declineType: _t, advice: _a, ...input } = existing;
    return { ...input, disputed: true };
  });
  return { kind: 'apply', batches: [{ entity: 'payments', records }] };
}

/**
 * One decline reaches us as several events (charge.failed, payment_intent.payment_failed,
 * invoice.payment_failed): fields a later event does not carry keep what an earlier one said.
 */
async function mergeAttempt(ctx: PlanContext, attempt: PaymentAttemptInput): Promise<PaymentAttemptInput> {
  const existing = (await readPayments(ctx.trx, ctx.dialect, [attempt.id], true)).get(attempt.id);
  if (!existing) return attempt;
  return {
    ...attempt,
    invoiceId: attempt.invoiceId ?? existing.invoiceId,
    declineCode: attempt.declineCode ?? (attempt.status === existing.status ? existing.declineCode : null),
    adviceCode:
      attempt.adviceCode ??
      (attempt.status === existing.status ? (existing.adviceCode as PaymentAttemptInput['adviceCode']) : null),
    failureMessage: attempt.failureMessage ?? (attempt.status === existing.status ? existing.failureMessage : null),
    attemptNumber: Math.max(attempt.attemptNumber ?? 1, existing.attemptNumber),
    disputed: existing.disputed,
  };
}

const SUBSCRIPTION_STATUS: Record<string, Customer['status'] | undefined> = {
  trialing: 'trial',
  active: 'active',
  past_due: 'past_due',
  unpaid: 'suspended',
  paused: 'suspended',
  canceled: 'churned',
  incomplete_expired: 'trial_expired',
};

async function planSubscription(ctx: PlanContext, sub: StripeSubscription): Promise<StripePlan> {
  const customer = await requireCustomer(ctx, sub.customer);
  const status =
    ctx.event.type === 'customer.subscription.deleted'
      ? 'churned'
      : (SUBSCRIPTION_STATUS[sub.status] ?? customer.status);
  const first = sub.items.data[0]?.price;
  const { version: _v, createdAt: _c, updatedAt: _u, segment: _s, ...current } = customer;
  const next: CustomerInput = {
    ...current,
    useCase: current.useCase as CustomerInput['useCase'],
    plan: first ? planSlug(first.lookup_key ?? first.nickname ?? first.id) : customer.plan,
    monthlyPriceCents: sub.items.data.length > 0 ? monthlyCents(sub) : customer.monthlyPriceCents,
    status,
    trialEndsOn: sub.trial_end ? day(sub.trial_end) : customer.trialEndsOn,
    stripeCustomerId: customer.stripeCustomerId ?? (sub.customer?.startsWith('cus_') ? sub.customer : null),
  };
  if (next.trialEndsOn && next.trialEndsOn < next.signupDate) next.trialEndsOn = next.signupDate;
  return { kind: 'apply', batches: [{ entity: 'customers', records: [next] }] };
}

/** What the subscription costs per month, whatever the billing interval of each item. */
function monthlyCents(sub: StripeSubscription): number {
  const monthsPer = { day: 12 / 365, week: 12 / 52, month: 1, year: 12 } as const;
  const total = sub.items.data.reduce((sum, item) => {
    const recurring = item.price.recurring;
    const months = recurring ? monthsPer[recurring.interval] * (recurring.interval_count ?? 1) : 1;
    return sum + ((item.price.unit_amount ?? 0) * (item.quantity ?? 1)) / months;
  }, 0);
  return Math.max(0, Math.round(total));
}

function planSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return slug || 'stripe_plan';
}
