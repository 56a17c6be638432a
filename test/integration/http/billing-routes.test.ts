/**
 * The billing routes on their own: a fake billing service (what the routes ask of it is what is
 * tested) over a real small domain for the customers and their scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDomain } from '../../../src/domain/index.ts';
import { registerBillingRoutes } from '../../../src/http/api/routes/billing.ts';
import type { BillingPort } from '../../../src/http/shared/services.ts';
import type { RecoveryCase, RecoveryMetrics } from '../../../src/domain/billing/index.ts';
import type { Database } from '../../../src/db/index.ts';
import { sqliteFactory } from '../../helpers/databases.ts';
import { RecordingSink } from '../../helpers/recording-sink.ts';
import { customerInput } from '../../helpers/domain-fixtures.ts';
import { bodyOf, keyCaller, personCaller, routeBed, type RouteBed } from '../../helpers/route-bed.ts';

const CASE: RecoveryCase = {
  invoiceId: 'in_acme',
  customerId: 'cus_acme',
  runId: 'run_recovery',
  amountCents: 25_900,
  currency: 'usd',
  failedAt: 1_000,
  declineCode: 'insufficient_funds',
  declineType: 'soft',
  disputed: false,
  status: 'open',
  restriction: 'rate_limited',
  restrictedSince: 2_000,
  attempts: 2,
  escalations: 0,
  lastMessage: 'day-3-reminder',
  recoveredAt: null,
  recoveredAttempt: null,
  recoveredBy: null,
  messageBeforeRecovery: null,
  closedAt: null,
  updatedAt: 2_000,
  waitingSince: null,
  lastDecision: null,
};

const METRICS: RecoveryMetrics = {
  cases: 1,
  open: 1,
  recovered: 0,
  writtenOff: 0,
  unrecovered: 0,
  recoveryRate: 0,
  escalated: 0,
  waitingForPerson: 0,
  amounts: { atRiskCents: 25_900, recoveredCents: 0, writtenOffCents: 0, unrecoveredCents: 0 },
  byAttempt: [],
  byMethod: { automatic_retry: 0, manual_retry: 0, card_update: 0, outside_payment: 0 },
  timeToRecoveryHours: { median: null, mean: null, p90: null },
  retention: { recovered: 0, retained: 0, rate: null },
  precedingMessage: [],
  funnel: [],
};

describe('billing routes on their own', () => {
  let db: Database;
  let bed: RouteBed;
  const asked: { metrics: unknown[]; cases: unknown[]; cards: [string, string][] } = {
    metrics: [],
    cases: [],
    cards: [],
  };
  const billing: BillingPort = {
    entitlement: async (customerId) =>
      customerId === 'cus_acme'
        ? {
            customerId,
            access: 'rate_limited',
            since: 2_000,
            unpaidInvoices: [
              {
                invoiceId: 'in_acme',
                amountCents: 25_900,
                currency: 'usd',
                restriction: 'rate_limited',
                failedAt: 1_000,
              },
            ],
          }
        : null,
    metrics: async (filter) => {
      asked.metrics.push(filter);
      return METRICS;
    },
    listCases: async (filter) => {
      asked.cases.push(filter);
      return [CASE];
    },
    getCase: async (invoiceId) => (invoiceId === CASE.invoiceId ? CASE : null),
    // The dashboard's reads; the API routes under test do not use them.
    namedCases: async () => [],
    money: async () => ({
      atRisk: { cases: 0, cents: 0 },
      recovered: { cases: 0, cents: 0 },
      writtenOff: { cases: 0, cents: 0 },
      unrecovered: { cases: 0, cents: 0 },
      weekly: [],
    }),
    messages: async (invoiceId) => [
      { invoiceId, day: 3, channel: 'email', template: 'day-3-reminder', status: 'sent', detail: null, sentAt: 3_000 },
    ],
    updatePaymentMethod: async (customerId, paymentMethod) => {
      asked.cards.push([customerId, paymentMethod]);
    },
  };

  beforeAll(async () => {
    db = await sqliteFactory.create();
    const domain = await openDomain({ db: db.db, events: new RecordingSink(), now: () => Date.UTC(2025, 1, 5) });
    await domain.ingest.ingest('customers', [
      customerInput({ id: 'cus_acme', csmId: 'sam' }),
      customerInput({ id: 'cus_zen', name: 'Zen Co', csmId: 'tara' }),
    ]);
    bed = routeBed((router, guard) => registerBillingRoutes(router, { guard, billing, business: domain.queries }));
  });
  afterAll(() => db.close());

  it("answers a customer's entitlement, within the caller's customers", async () => {
    const res = await bed.request('GET', '/v1/entitlements/cus_acme', { as: keyCaller('viewer') });
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toMatchObject({ customerId: 'cus_acme', access: 'rate_limited' });
    const sam = personCaller('sam', 'customer_success_manager');
    expect((await bed.request('GET', '/v1/entitlements/cus_acme', { as: sam })).status).toBe(200);
    expect((await bed.request('GET', '/v1/entitlements/cus_zen', { as: sam })).status).toBe(404);
    expect((await bed.request('GET', '/v1/entitlements/cus_none', { as: keyCaller('viewer') })).status).toBe(404);
  });

  it('passes the recovery filters on, and answers one case with its messages', async () => {
    const res = await bed.request('GET', '/api/billing/recovery?since=500&status=open&limit=5', {
      as: personCaller('fiona', 'finance_manager'),
    });
    expect(res.status).toBe(200);
    expect(asked.metrics.at(-1)).toEqual({ since: 500 });
    expect(asked.cases.at(-1)).toEqual({ since: 500, status: 'open', limit: 5 });
    expect(await bodyOf(res)).toMatchObject({ metrics: { cases: 1 }, cases: [{ invoiceId: 'in_acme' }] });

    await bed.request('GET', '/api/billing/recovery', { as: keyCaller('viewer') });
    expect(asked.metrics.at(-1)).toEqual({});
    expect(asked.cases.at(-1)).toEqual({ limit: 100 });

    const one = await bed.request('GET', '/api/billing/recovery/in_acme', { as: keyCaller('viewer') });
    expect(await bodyOf(one)).toMatchObject({ case: { invoiceId: 'in_acme' }, messages: [{ day: 3 }] });
    expect((await bed.request('GET', '/api/billing/recovery/in_none', { as: keyCaller('viewer') })).status).toBe(404);
    expect(
      (await bed.request('GET', '/api/billing/recovery', { as: personCaller('sam', 'customer_success_manager') }))
        .status,
    ).toBe(403);
  });

  it("stores a known customer's new card, for ingest keys only", async () => {
    const ingest = keyCaller('ingest');
    const stored = await bed.request('PUT', '/api/billing/customers/cus_acme/payment-method', {
      as: ingest,
      json: { paymentMethod: 'pm_card_visa' },
    });
    expect(stored.status).toBe(200);
    expect(asked.cards).toEqual([['cus_acme', 'pm_card_visa']]);
    const unknown = await bed.request('PUT', '/api/billing/customers/cus_none/payment-method', {
      as: ingest,
      json: { paymentMethod: 'pm_card_visa' },
    });
    expect(unknown.status).toBe(404);
    const malformed = await bed.request('PUT', '/api/billing/customers/cus_acme/payment-method', {
      as: ingest,
      json: { paymentMethod: 'card' },
    });
    expect(malformed.status).toBe(400);
    const viewer = await bed.request('PUT', '/api/billing/customers/cus_acme/payment-method', {
      as: keyCaller('viewer'),
      json: { paymentMethod: 'pm_card_visa' },
    });
    expect(viewer.status).toBe(403);
    expect(asked.cards).toHaveLength(1);
  });
});
