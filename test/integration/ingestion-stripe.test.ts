import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDomain, StripeEventRejectedError, StripeSignatureError, type Domain } from '../../src/domain/index.ts';
import { RecordingSink } from '../helpers/recording-sink.ts';
import type { Database } from '../../src/db/index.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { customerInput } from '../helpers/domain-fixtures.ts';
import {
  buildEvent,
  fixture,
  loadStripeFixtures,
  sign,
  stripeFixturesPath,
  type StripeResources,
} from '../helpers/stripe-fixtures.ts';

const resources = loadStripeFixtures();
if (!resources)
  console.warn(`Stripe webhook tests skipped: no fixtures at ${stripeFixturesPath()} (set PSIZERO_STRIPE_FIXTURES)`);

const SECRET = 'whsec_test_psizero';
const NOW = Date.UTC(2025, 1, 6, 12);
const STRIPE_CUSTOMER = 'cus_QXg1o8vcGmoR32';

for (const factory of databaseFactories({ durability: 'normal' })) {
  describe.skipIf(!resources)(`Stripe webhooks on ${factory.name}`, () => {
    const r = resources as StripeResources;
    let database: Database;
    let sink: RecordingSink;
    let domain: Domain;

    const deliver = (payload: string, options: { secret?: string; at?: number; header?: string } = {}) =>
      domain.stripe.handleStripeWebhook(
        Buffer.from(payload),
        options.header ?? sign(payload, options.secret ?? SECRET, Math.floor((options.at ?? NOW) / 1000)),
        SECRET,
      );

    const counts = async () => ({
      events: await domain.queries.count('stripe_events'),
      invoices: await domain.queries.count('invoices'),
      payments: await domain.queries.count('payment_attempts'),
    });

    beforeEach(async () => {
      database = await factory.create();
      sink = new RecordingSink();
      domain = await openDomain({ db: database.db, events: sink, now: () => NOW });
      await domain.ingest.ingest('customers', [customerInput({ id: 'cus_acme', stripeCustomerId: STRIPE_CUSTOMER })]);
    });
    afterEach(() => database.close());

    it('maps an invoice event onto the customer that carries the Stripe id, and ignores its redelivery', async () => {
      const payload = buildEvent(r, 'invoice.finalized', fixture(r, 'invoice', { status: 'open', number: 'INV-0001' }));
      const first = await deliver(payload);
      expect(first).toMatchObject({ status: 'applied', type: 'invoice.finalized' });
      const invoice = await domain.queries.getInvoice('in_1Pgc6tB7WZ01zgkWu9fdqL6I');
      expect(invoice).toMatchObject({ customerId: 'cus_acme', status: 'open', totalCents: 1000, number: 'INV-0001' });
      expect(invoice!.lines).toEqual([
        expect.objectContaining({ description: 'My First Invoice Item (created for API docs)', amountCents: 1000 }),
      ]);
      const published = sink.events.length;
      const again = await deliver(payload);
      expect(again).toMatchObject({ status: 'duplicate', reports: [] });
      expect(sink.events.length).toBe(published);
      expect(await counts()).toEqual({ events: 1, invoices: 1, payments: 0 });
    });

    it('applies one of two concurrent deliveries of the same event; the other is a duplicate', async () => {
      const payload = buildEvent(r, 'invoice.finalized', fixture(r, 'invoice', { status: 'open' }), { id: 'evt_race' });
      const results = await Promise.all([deliver(payload), deliver(payload)]);
      expect(results.map((x) => x.status).sort()).toEqual(['applied', 'duplicate']);
      expect(await counts()).toEqual({ events: 1, invoices: 1, payments: 0 });
      expect(sink.events.filter((e) => e.topic === 'invoice.created')).toHaveLength(1);
    });

    it('refuses forged, tampered and stale signatures and stores nothing', async () => {
      const payload = buildEvent(r, 'invoice.finalized', fixture(r, 'invoice', { status: 'open' }));
      await expect(deliver(payload, { secret: 'whsec_wrong' })).rejects.toBeInstanceOf(StripeSignatureError);
      const tampered = payload.replace('"amount_due":1000', '"amount_due":1');
      await expect(deliver(tampered, { header: sign(payload, SECRET, NOW / 1000) })).rejects.toThrow(/signature/i);
      const stale = deliver(payload, { at: NOW - 10 * 60_000 });
      await expect(stale).rejects.toMatchObject({
        code: 'STRIPE_SIGNATURE_INVALID',
        issues: [{ path: 'Stripe-Signature', message: 'Timestamp outside the tolerance zone' }],
      });
      await expect(deliver(payload, { header: '' })).rejects.toBeInstanceOf(StripeSignatureError);
      expect(await counts()).toEqual({ events: 0, invoices: 0, payments: 0 });
      expect(sink.events.filter((e) => e.topic.startsWith('invoice'))).toEqual([]);
    });

    it('records one attempt from the charge and payment-intent events of a decline, with the advice code', async () => {
      await deliver(buildEvent(r, 'invoice.finalized', fixture(r, 'invoice', { status: 'open' }), { id: 'evt_inv' }));
      const charge = fixture(r, 'charge', {
        customer: STRIPE_CUSTOMER,
        invoice: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I',
        amount: 1000,
        status: 'failed',
        paid: false,
        failure_code: 'card_declined',
        failure_message: 'Your card has insufficient funds.',
        outcome: { advice_code: 'try_again_later', reason: 'insufficient_funds', type: 'issuer_declined' },
      });
      expect(await deliver(buildEvent(r, 'charge.failed', charge, { id: 'evt_ch' }))).toMatchObject({
        status: 'applied',
      });
      const pi = fixture(r, 'payment_intent', {
        customer: STRIPE_CUSTOMER,
        amount: 1000,
        latest_charge: charge.id,
        last_payment_error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        },
      });
      expect(await deliver(buildEvent(r, 'payment_intent.payment_failed', pi, { id: 'evt_pi' }))).toMatchObject({
        status: 'applied',
      });
      const attempts = await domain.queries.listPayments({ customerId: 'cus_acme' });
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({
        id: 'ch_1PgafuB7WZ01zgkWXYmPNZs8',
        invoiceId: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I',
        status: 'failed',
        declineCode: 'insufficient_funds',
        adviceCode: 'try_again_later',
        declineType: 'soft',
        advice: 'retry',
      });
      expect(sink.topics().filter((t) => t === 'invoice.payment_failed')).toHaveLength(1);

      const dispute = fixture(r, 'dispute', { charge: charge.id });
      await deliver(buildEvent(r, 'charge.dispute.created', dispute, { id: 'evt_dp' }));
      expect((await domain.queries.listPayments({ customerId: 'cus_acme' }))[0]!.disputed).toBe(true);
      expect(sink.topics()).toContain('payment.disputed');
    });

    it('records the failed attempt of invoice.payment_failed, then settles the invoice from a succeeded charge', async () => {
      await deliver(buildEvent(r, 'invoice.finalized', fixture(r, 'invoice', { status: 'open' }), { id: 'evt_inv' }));
      const failedInvoice = fixture(r, 'invoice', { status: 'open', attempt_count: 1 });
      await deliver(buildEvent(r, 'invoice.payment_failed', failedInvoice, { id: 'evt_inv_failed' }));
      expect(await domain.queries.listPayments({ invoiceId: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I' })).toMatchObject([
        {
          id: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I#1',
          status: 'failed',
          declineCode: null,
          declineType: 'soft',
          attemptNumber: 1,
        },
      ]);
      const charge = fixture(r, 'charge', {
        id: 'ch_ok',
        customer: STRIPE_CUSTOMER,
        invoice: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I',
        amount: 1000,
        status: 'succeeded',
      });
      await deliver(buildEvent(r, 'charge.succeeded', charge, { id: 'evt_ok' }));
      expect(await domain.queries.getInvoice('in_1Pgc6tB7WZ01zgkWu9fdqL6I')).toMatchObject({
        status: 'paid',
        amountPaidCents: 1000,
      });
      expect(sink.topics()).toEqual(
        expect.arrayContaining(['invoice.payment_failed', 'payment.succeeded', 'invoice.paid']),
      );
    });

    it('updates the customer from subscription events', async () => {
      const sub = fixture(r, 'subscription', { status: 'past_due', trial_end: null });
      const result = await deliver(buildEvent(r, 'customer.subscription.updated', sub, { id: 'evt_sub' }));
      expect(result.status).toBe('applied');
      // The fixture's one item: $20.00 per month, quantity 1, lookup key and nickname null.
      expect(await domain.queries.getCustomer('cus_acme')).toMatchObject({
        status: 'past_due',
        monthlyPriceCents: 2000,
        plan: 'price_1pgafmb7wz01zgkw6dkueic5',
      });
      await deliver(buildEvent(r, 'customer.subscription.deleted', sub, { id: 'evt_sub_del' }));
      expect((await domain.queries.getCustomer('cus_acme'))!.status).toBe('churned');
      expect(sink.topics().filter((t) => t === 'customer.updated')).toHaveLength(2);
    });

    it('rejects an event for an unknown customer without storing it, so a redelivery can succeed later', async () => {
      const payload = buildEvent(
        r,
        'invoice.finalized',
        fixture(r, 'invoice', { customer: 'cus_unknown', status: 'open' }),
      );
      const error = await deliver(payload).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StripeEventRejectedError);
      expect((error as StripeEventRejectedError).issues).toEqual([
        { path: 'data.object.customer', message: "unknown customer 'cus_unknown'" },
      ]);
      expect(await counts()).toEqual({ events: 0, invoices: 0, payments: 0 });
      await domain.ingest.ingest('customers', [customerInput({ id: 'cus_unknown' })]);
      expect(await deliver(payload)).toMatchObject({ status: 'applied' });
    });

    it('acknowledges event types it does not map, once', async () => {
      const payload = JSON.stringify({ ...r.event, id: 'evt_plan' });
      expect(await deliver(payload)).toMatchObject({
        status: 'ignored',
        type: 'plan.created',
        reason: 'event type plan.created is not mapped',
      });
      expect(await deliver(payload)).toMatchObject({ status: 'duplicate' });
    });
  });
}
