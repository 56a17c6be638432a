/**
 * Customers and moves for the money defects of issue 13 (test/integration/billing/money-defects.test.ts
 * and the recovery scenario's second part): a $12,000 customer whose escalation is a Level 3
 * decision, a $28,000 enterprise customer the schedule may not suspend alone, a customer worth
 * $1,500 a month, cards that turn stolen mid-recovery, and Stripe dispute webhooks signed as
 * Stripe signs them.
 */
import Stripe from 'stripe';
import { expect } from 'vitest';
import type { App } from '../../src/app/create-app.ts';
import type { AuditEntry, AuditKind } from '../../src/audit/index.ts';
import type { CustomerInput } from '../../src/domain/index.ts';
import type { ApiBed } from './api-bed.ts';
import { invoiceOf, scenarioCustomerInput } from './billing-scenario.ts';

export const WEBHOOK_SECRET = 'whsec_money_defects_0123456789';
export const INSUFFICIENT = 'pm_card_chargeDeclinedInsufficientFunds';
export const TRY_LATER = 'pm_card_chargeDeclinedTryAgainLater';
export const STOLEN = 'pm_card_chargeDeclinedStolenCard';

export interface MoneyCustomer {
  id: string;
  method: string;
  input: CustomerInput;
}

function customer(id: string, method: string, o: Partial<CustomerInput> = {}): MoneyCustomer {
  return { id, method, input: scenarioCustomerInput(id, o) };
}

/** Every customer a money-defect test may bill on 2026-03-01; each test seeds the ones it names. */
export const MONEY_CUSTOMERS: Record<string, MoneyCustomer> = {
  /** $12,000 a month: its escalation is above the Level 3 threshold, decided by the CFO and its CSM together. */
  l3big01: customer('l3big01', INSUFFICIENT, {
    plan: 'business',
    monthlyPriceCents: 1_200_000,
    employeeCount: 200,
    developerTeamSize: 40,
  }),
  /** $28,000 a month, enterprise: suspension and write-down need the board and the CEO. */
  ent28: customer('ent28', INSUFFICIENT, {
    plan: 'enterprise',
    monthlyPriceCents: 2_800_000,
    employeeCount: 900,
    developerTeamSize: 80,
  }),
  /** A $99 customer whose card turns stolen before a retry. */
  turns01: customer('turns01', INSUFFICIENT),
  /** Soft declines that never clear: escalated at the third failure, then again when the final attempt fails. */
  final01: customer('final01', TRY_LATER, { csmId: 'tara' }),
  /** Pays on the billing day; a dispute arrives later. */
  paid01: customer('paid01', 'pm_card_visa'),
  /** A soft decline with an open case when a dispute webhook arrives. */
  open01: customer('open01', INSUFFICIENT),
  /** Soft declines until the card is reported stolen before the day-3 retry. */
  hard3d01: customer('hard3d01', INSUFFICIENT),
  /** A soft decline whose open case a Stripe dispute webhook joins on day 2. */
  dispw01: customer('dispw01', INSUFFICIENT),
  /** Worth $1,500 a month. */
  hv01: customer('hv01', 'pm_card_visa', { plan: 'business', monthlyPriceCents: 150_000, employeeCount: 60 }),
};

export async function seedMoneyCustomers(app: App, ids: readonly string[]): Promise<void> {
  const chosen = ids.map((id) => MONEY_CUSTOMERS[id]!);
  const report = await app.domain.ingest.ingest(
    'customers',
    chosen.map((c) => c.input),
  );
  expect(report.rejected, JSON.stringify(report.records.filter((r) => r.status === 'rejected'))).toBe(0);
  await app.billing.commands.setPaymentMethods(chosen.map((c) => ({ customerId: c.id, paymentMethod: c.method })));
}

/** The card on file changes without telling the run (the bank reports it stolen, or funds arrive). */
export async function cardBecomes(app: App, customerId: string, paymentMethod: string): Promise<void> {
  await app.billing.commands.setPaymentMethods([{ customerId, paymentMethod }]);
}

/** What the sandbox "bank" answered for each charge of the customer's invoice. */
export async function chargesOf(app: App, customerId: string): Promise<string[]> {
  return (await app.billing.sandboxLedger.chargesFor(invoiceOf(customerId))).map((c) =>
    c.result.status === 'succeeded' ? (c.result.disputed ? 'disputed' : 'paid') : c.result.declineCode,
  );
}

/** The gateway's id of the customer's `n`-th charge (1-based). */
export async function chargeIdOf(app: App, customerId: string, n: number): Promise<string> {
  const charge = (await app.billing.sandboxLedger.chargesFor(invoiceOf(customerId)))[n - 1];
  expect(charge, `charge ${n} of ${customerId}`).toBeDefined();
  return charge!.result.chargeId!;
}

/** How a test reaches the HTTP API (an ApiBed's `call`, or a scenario driver's). */
type Caller = Pick<ApiBed, 'app' | 'call'>;

/** Stripe's `charge.dispute.created` for a charge, signed with the bed's webhook secret at the app's time. */
export async function sendDispute(bed: Caller, chargeId: string, amountCents: number): Promise<void> {
  const now = bed.app.engine.clock.now();
  const payload = JSON.stringify({
    id: `evt_dispute_${chargeId}`,
    object: 'event',
    type: 'charge.dispute.created',
    created: Math.floor(now / 1000),
    data: {
      object: {
        id: `dp_${chargeId}`,
        object: 'dispute',
        charge: chargeId,
        amount: amountCents,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response',
      },
    },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: WEBHOOK_SECRET,
    timestamp: Math.floor(now / 1000),
  });
  const res = await bed.call('POST', '/webhooks/stripe', {
    body: payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(((await res.json()) as { status: string }).status).toBe('applied');
  await bed.app.engine.drain();
}

/** Audit entries of one kind, oldest first. */
export async function auditOf<K extends AuditKind>(app: App, kind: K): Promise<Extract<AuditEntry, { kind: K }>[]> {
  return (await app.repositories.audit.list({ kind, limit: 10_000 })) as Extract<AuditEntry, { kind: K }>[];
}

/** The money entries about one invoice. */
export async function moneyAuditOf(app: App, customerId: string): Promise<AuditEntry[]> {
  const all = await app.repositories.audit.list({ limit: 10_000 });
  return all.filter((e) => (e.data as { invoice?: { id?: string } } | null)?.invoice?.id === invoiceOf(customerId));
}
