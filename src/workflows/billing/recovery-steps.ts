/**
 * The durable steps of a payment recovery: a charge and its settlement, a customer message, and
 * the manual step a person chose. Each writes with keys derived from the invoice and attempt or
 * day, so a step that runs again after a crash changes nothing twice.
 */
import type { ChargeResult } from '../../connectors/index.ts';
import type { WorkflowContext } from '../../engine/workflow.ts';
import type { RecoveredBy } from './billing-records.ts';
import {
  markUncollectible,
  NO_PAYMENT_METHOD,
  paymentMethodUrl,
  recordPayment,
  requireInvoice,
  setCustomerStatus,
  type BillingDeps,
} from './billing-deps.ts';
import { deliverCustomerMessage, renderCustomerMessage, type Delivery } from './customer-messages.ts';
import { isRecoveryChoice } from './recovery-choices.ts';
import { InternalError } from '../../lib/errors.ts';

export interface RecoveryFacts {
  invoiceId: string;
  customerId: string;
  customerName: string;
  email: string | null;
  enterprise: boolean;
  csmId: string | null;
  invoiceNumber: string | null;
  amountCents: number;
  currency: string;
  failedAt: number;
  paymentMethod: string;
  declineType: 'soft' | 'hard';
  declineReason: string;
  declineCode: string;
  disputed: boolean;
}

export type ChoiceOutcome =
  | { kind: 'recovered' }
  | { kind: 'retry_failed'; declineCode: string }
  | { kind: 'extended'; days: number }
  | { kind: 'written_off' }
  | { kind: 'suspended' };

interface Attempt {
  attempt: number;
  key: string;
  method: string | null;
  lastMessage: string | null;
  by: RecoveredBy;
}

/** Whether the invoice was paid outside this run (checked before anything that assumes it is unpaid). */
export async function paidElsewhere(deps: BillingDeps, invoiceId: string): Promise<boolean> {
  return (await requireInvoice(deps, invoiceId)).status === 'paid';
}

/** Closes the case of an invoice someone paid outside this run: no charge, access restored. */
export async function closePaidOutside(deps: BillingDeps, o: RecoveryFacts, lastMessage: string | null): Promise<void> {
  const now = deps.gate.clock.now();
  const current = await deps.records.getCase(o.invoiceId);
  if (current !== null && current.status !== 'open') return;
  await deps.records.updateCase(
    o.invoiceId,
    {
      status: 'recovered',
      restriction: 'none',
      restrictedSince: null,
      recoveredAt: now,
      recoveredAttempt: current?.attempts ?? null,
      recoveredBy: 'outside_payment',
      messageBeforeRecovery: lastMessage,
      closedAt: now,
    },
    now,
  );
  await setCustomerStatus(deps, o.customerId, 'active');
}

/**
 * Charges (the gateway deduplicates by `key`) and writes the outcome; true when the invoice is now
 * paid. An invoice already paid elsewhere is never charged again: the case closes instead.
 */
async function chargeOnce(
  deps: BillingDeps,
  o: RecoveryFacts,
  a: Attempt,
): Promise<{ paid: boolean; result: ChargeResult | null }> {
  if (await paidElsewhere(deps, o.invoiceId)) {
    await closePaidOutside(deps, o, a.lastMessage);
    return { paid: true, result: null };
  }
  const method = a.method ?? (await deps.records.paymentMethodOf(o.customerId)) ?? o.paymentMethod;
  const result: ChargeResult =
    method === ''
      ? NO_PAYMENT_METHOD
      : await deps.gateway.charge({
          customerId: o.customerId,
          invoiceId: o.invoiceId,
          amountCents: o.amountCents,
          currency: o.currency,
          paymentMethod: method,
          idempotencyKey: a.key,
          description: `Invoice ${o.invoiceNumber ?? o.invoiceId}, attempt ${a.attempt}`,
        });
  const now = deps.gate.clock.now();
  await recordPayment(
    deps,
    {
      invoiceId: o.invoiceId,
      customerId: o.customerId,
      amountCents: o.amountCents,
      currency: o.currency,
      attempt: a.attempt,
      when: now,
    },
    result,
  );
  const paid = result.status === 'succeeded' && !result.disputed;
  if (paid) {
    await deps.records.updateCase(
      o.invoiceId,
      {
        status: 'recovered',
        restriction: 'none',
        restrictedSince: null,
        attempts: a.attempt,
        recoveredAt: now,
        recoveredAttempt: a.attempt,
        recoveredBy: a.by,
        messageBeforeRecovery: a.lastMessage,
        closedAt: now,
      },
      now,
    );
    await setCustomerStatus(deps, o.customerId, 'active');
  } else {
    await deps.records.updateCase(o.invoiceId, { attempts: a.attempt }, now);
  }
  return { paid, result };
}

/** An automatic retry or a retry after a card update, as one durable step. */
export async function chargeAndSettle(
  ctx: WorkflowContext,
  deps: BillingDeps,
  o: RecoveryFacts,
  a: { attempt: number; by: 'automatic_retry' | 'card_update'; method: string | null; lastMessage: string | null },
): Promise<boolean> {
  const outcome = await ctx.step(`charge:${a.attempt}`, (info) =>
    chargeOnce(deps, o, { ...a, key: info.idempotencyKey }),
  );
  return outcome.paid;
}

export async function sendRecoveryMessage(
  ctx: WorkflowContext,
  deps: BillingDeps,
  o: RecoveryFacts,
  m: { day: number; channel: 'email' | 'sms' | 'slack'; template: string; action: string },
): Promise<Delivery> {
  return ctx.step(`message:day${m.day}:${m.template}:${m.channel}`, async (info) => {
    const grace = deps.gate.policy.billing.recovery.gracePeriod;
    const rendered = renderCustomerMessage(m.template, m.action, {
      customerName: o.customerName,
      invoiceId: o.invoiceId,
      invoiceNumber: o.invoiceNumber,
      amountCents: o.amountCents,
      paymentMethodUrl: paymentMethodUrl(deps, o.customerId),
      supportContact: deps.settings.supportContact,
      suspensionDay: grace.restrictions.find((r) => r.restriction === 'suspended')?.fromDay ?? grace.durationDays,
    });
    // Customers have no phone number in the data model yet, so SMS is recorded as not sent unless a provider and number exist.
    const delivery = await deliverCustomerMessage(
      deps.channels,
      m.channel,
      { email: o.email, phone: null },
      rendered,
      info.idempotencyKey,
    );
    await deps.records.recordMessage({
      invoiceId: o.invoiceId,
      day: m.day,
      channel: m.channel,
      template: m.template,
      status: delivery.status,
      detail: delivery.detail,
      sentAt: deps.gate.clock.now(),
    });
    return delivery;
  });
}

/** Runs inside the gate's execute step, after a person approved with a choice. */
export async function carryOutChoice(
  deps: BillingDeps,
  o: RecoveryFacts,
  choice: string | null,
  a: { attempt: number; key: string; lastMessage: string | null; graceDays: number },
): Promise<ChoiceOutcome> {
  if (!isRecoveryChoice(choice)) throw new InternalError(`approval carried no recovery choice (got ${String(choice)})`);
  // Paid elsewhere while the person was deciding: nothing of the choice applies any more.
  if (await paidElsewhere(deps, o.invoiceId)) {
    await closePaidOutside(deps, o, a.lastMessage);
    return { kind: 'recovered' };
  }
  const now = deps.gate.clock.now();
  switch (choice) {
    case 'retry_now': {
      const { paid, result } = await chargeOnce(deps, o, {
        attempt: a.attempt,
        key: a.key,
        method: null,
        lastMessage: a.lastMessage,
        by: 'manual_retry',
      });
      return paid
        ? { kind: 'recovered' }
        : { kind: 'retry_failed', declineCode: result?.status === 'declined' ? result.declineCode : 'disputed' };
    }
    case 'extend_grace':
      await deps.records.updateCase(o.invoiceId, { restriction: 'none', restrictedSince: null }, now);
      await setCustomerStatus(deps, o.customerId, 'past_due');
      return { kind: 'extended', days: a.graceDays };
    case 'write_off':
      await markUncollectible(deps, o.invoiceId);
      await deps.records.updateCase(
        o.invoiceId,
        { status: 'written_off', restriction: 'none', restrictedSince: null, closedAt: now },
        now,
      );
      await setCustomerStatus(deps, o.customerId, 'active');
      return { kind: 'written_off' };
    case 'suspend':
      await deps.records.updateCase(o.invoiceId, { restriction: 'suspended', restrictedSince: now }, now);
      await setCustomerStatus(deps, o.customerId, 'suspended');
      return { kind: 'suspended' };
  }
}
