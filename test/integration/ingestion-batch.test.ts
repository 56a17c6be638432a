import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDomain, type Domain } from '../../src/domain/index.ts';
import { RecordingSink } from '../helpers/recording-sink.ts';
import type { Database } from '../../src/db/index.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { customerInput, invoiceInput, paymentInput, ticketInput, usageInput } from '../helpers/domain-fixtures.ts';

for (const factory of databaseFactories({ durability: 'normal' })) {
  describe(`batch ingestion on ${factory.name}`, () => {
    let database: Database;
    let sink: RecordingSink;
    let domain: Domain;
    let now: number;

    beforeEach(async () => {
      database = await factory.create();
      sink = new RecordingSink();
      now = Date.UTC(2025, 1, 5);
      domain = await openDomain({ db: database.db, events: sink, now: () => now, csmIds: ['sam', 'tara'] });
    });
    afterEach(() => database.close());

    it('keeps good records, reports bad ones with field paths, and derives the segment', async () => {
      const report = await domain.ingest.ingest('customers', [
        customerInput(),
        customerInput({
          id: 'cus_big',
          employeeCount: 800,
          developerTeamSize: 120,
          monthlyPriceCents: 900_000,
          plan: 'enterprise',
        }),
        customerInput({ id: 'cus_bad', employeeCount: 'many' as unknown as number }),
        customerInput({
          id: 'cus_dev',
          employeeCount: 3,
          developerTeamSize: 2,
          monthlyPriceCents: 2_900,
          plan: 'hobby',
          csmId: 'olivia',
        }),
        { id: 'cus_x', name: 'No plan' },
      ]);
      expect(report).toMatchObject({ received: 5, accepted: 2, rejected: 3, written: 2, unchanged: 0 });
      expect(report.records[2]).toEqual({
        index: 2,
        key: 'cus_bad',
        status: 'rejected',
        issues: [{ path: 'employeeCount', message: 'expected number, received string' }],
      });
      expect(report.records[3]!.issues).toEqual([
        { path: 'csmId', message: "'olivia' is not a customer success manager in the policy directory" },
      ]);
      expect(report.records[4]!.issues!.map((i) => i.path)).toEqual(
        expect.arrayContaining(['plan', 'monthlyPriceCents', 'employeeCount', 'signupDate', 'status']),
      );
      expect((await domain.queries.getCustomer('cus_acme'))!.segment).toBe('startup');
      expect((await domain.queries.getCustomer('cus_big'))!.segment).toBe('enterprise');
      expect(sink.topics()).toEqual(['customer.created', 'customer.created']);
      expect(sink.events[0]!.id).toBe('customer.created:cus_acme');
    });

    it('is idempotent by the caller id: re-sending writes nothing, a change bumps the version', async () => {
      await domain.ingest.ingest('customers', [customerInput()]);
      const again = await domain.ingest.ingest('customers', [customerInput()]);
      expect(again).toMatchObject({ accepted: 1, written: 0, unchanged: 1 });
      now += 1000;
      const changed = await domain.ingest.ingest('customers', [customerInput({ status: 'past_due' })]);
      expect(changed).toMatchObject({ written: 1, unchanged: 0 });
      expect(sink.events.map((e) => e.id)).toEqual(['customer.created:cus_acme', 'customer.updated:cus_acme:v2']);
      expect(sink.events[1]!.payload).toMatchObject({ changes: ['status'], previous: { status: 'active' } });
      const stored = await domain.queries.getCustomer('cus_acme');
      expect(stored).toMatchObject({
        version: 2,
        status: 'past_due',
        createdAt: Date.UTC(2025, 1, 5),
        updatedAt: Date.UTC(2025, 1, 5) + 1000,
      });
    });

    it('rejects a duplicate id within one batch', async () => {
      const report = await domain.ingest.ingest('customers', [customerInput(), customerInput({ name: 'Other' })]);
      expect(report.records[1]).toMatchObject({
        status: 'rejected',
        issues: [{ path: 'id', message: 'duplicate of record 0 in this batch' }],
      });
    });

    it('records usage facts, rejecting unknown customers and impossible values', async () => {
      await domain.ingest.ingest('customers', [customerInput()]);
      const report = await domain.ingest.ingest('usage', [
        usageInput(),
        usageInput({ day: '2025-02-02' }),
        usageInput({ customerId: 'cus_nobody' }),
        usageInput({ day: '2025-02-03', apiErrors: 5000 }),
        usageInput({ day: '2025-02-30' }),
      ]);
      expect(report).toMatchObject({ accepted: 2, rejected: 3, written: 2 });
      expect(report.records.filter((r) => r.status === 'rejected').map((r) => r.issues![0])).toEqual([
        { path: 'customerId', message: "unknown customer 'cus_nobody'" },
        { path: 'apiErrors', message: 'cannot exceed apiCalls' },
        { path: 'day', message: 'expected a day as YYYY-MM-DD' },
      ]);
      const resend = await domain.ingest.ingest('usage', [
        usageInput(),
        usageInput({ day: '2025-02-02', apiCalls: 5000 }),
      ]);
      expect(resend).toMatchObject({ written: 1, unchanged: 1 });
      const usage = await domain.queries.usage('cus_acme', '2025-02-01', '2025-02-28');
      expect(usage.map((u) => [u.day, u.apiCalls, u.version])).toEqual([
        ['2025-02-01', 1200, 1],
        ['2025-02-02', 5000, 2],
      ]);
      expect(sink.events.filter((e) => e.topic === 'usage.recorded').map((e) => e.id)).toEqual([
        'usage.recorded:cus_acme:2025-02-01:v1',
        'usage.recorded:cus_acme:2025-02-02:v1',
        'usage.recorded:cus_acme:2025-02-02:v2',
      ]);
    });

    it('classifies declines, links attempts to invoices and settles paid invoices', async () => {
      await domain.ingest.ingest('customers', [customerInput(), customerInput({ id: 'cus_other' })]);
      const inv = await domain.ingest.ingest('invoices', [
        invoiceInput(),
        invoiceInput({ id: 'in_bad', totalCents: 1 }),
      ]);
      expect(inv.records[1]!.issues).toEqual([
        { path: 'totalCents', message: 'must equal the sum of lines[].amountCents' },
      ]);
      const pay = await domain.ingest.ingest('payments', [
        paymentInput(),
        paymentInput({ id: 'pay_002', declineCode: 'expired_card', attemptNumber: 2 }),
        paymentInput({
          id: 'pay_003',
          declineCode: 'insufficient_funds',
          adviceCode: 'do_not_try_again',
          attemptNumber: 3,
        }),
        paymentInput({ id: 'pay_x', customerId: 'cus_other' }),
        paymentInput({ id: 'pay_y', invoiceId: 'in_missing' }),
        paymentInput({ id: 'pay_z', status: 'succeeded' }),
      ]);
      expect(pay.records.filter((r) => r.status === 'rejected').map((r) => [r.key, r.issues![0]!.message])).toEqual([
        ['pay_x', "invoice 'in_001' belongs to customer 'cus_acme'"],
        ['pay_y', "unknown invoice 'in_missing'"],
        ['pay_z', 'only a failed attempt has a decline'],
      ]);
      const failed = sink.events.filter((e) => e.topic === 'invoice.payment_failed');
      expect(failed.map((e) => (e.payload as { decline: { type: string; source: string } }).decline)).toEqual([
        expect.objectContaining({ type: 'soft', advice: 'retry', source: 'decline_code' }),
        expect.objectContaining({ type: 'hard', advice: 'do_not_retry', source: 'decline_code' }),
        expect.objectContaining({ type: 'hard', advice: 'do_not_retry', source: 'advice_code' }),
      ]);
      const stored = await domain.queries.listPayments({ invoiceId: 'in_001' });
      expect(stored.find((p) => p.id === 'pay_002')).toMatchObject({ declineType: 'hard', advice: 'do_not_retry' });

      await domain.ingest.ingest('payments', [
        paymentInput({ id: 'pay_004', status: 'succeeded', declineCode: null, attemptNumber: 4 }),
      ]);
      expect(await domain.queries.getInvoice('in_001')).toMatchObject({
        status: 'paid',
        amountPaidCents: 25_900,
        version: 2,
        lines: [{ kind: 'subscription' }, { kind: 'usage', unitAmountCents: 0.05 }],
      });
      expect(sink.topics().filter((t) => t.startsWith('invoice.'))).toEqual([
        'invoice.created',
        'invoice.payment_failed',
        'invoice.payment_failed',
        'invoice.payment_failed',
        'invoice.updated',
        'invoice.paid',
      ]);
    });

    it('tracks tickets through triage and resolution', async () => {
      await domain.ingest.ingest('customers', [customerInput()]);
      const bad = await domain.ingest.ingest('tickets', [
        ticketInput({ id: 'tkt_bad', subcategory: 'refund_requests' }),
      ]);
      expect(bad.records[0]!.issues).toEqual([{ path: 'subcategory', message: 'does not belong to the category' }]);
      await domain.ingest.ingest('tickets', [ticketInput()]);
      now += 60_000;
      await domain.ingest.ingest('tickets', [
        ticketInput({ status: 'resolved', resolvedAt: '2025-02-03T12:00:00Z', satisfactionScore: 2 }),
      ]);
      expect(sink.topics()).toEqual(['customer.created', 'ticket.created', 'ticket.updated', 'ticket.resolved']);
      expect(await domain.queries.getTicket('tkt_001')).toMatchObject({
        status: 'resolved',
        satisfactionScore: 2,
        version: 2,
        createdAt: Date.UTC(2025, 1, 3, 10),
      });
    });

    it('stores health samples, daily metrics and targets', async () => {
      const at = Date.UTC(2025, 1, 4);
      const health = await domain.ingest.ingest('health', [
        {
          service: 'api',
          at,
          windowMinutes: 1440,
          downtimeMinutes: 14.4,
          latencyP50Ms: 80,
          latencyP95Ms: 210,
          incidents: 1,
        },
        { service: 'api', at: at + 1, windowMinutes: 60, downtimeMinutes: 61, latencyP50Ms: 80, latencyP95Ms: 70 },
      ]);
      expect(health.records[1]!.issues!.map((i) => i.path)).toEqual(['downtimeMinutes', 'latencyP95Ms']);
      const [sample] = await domain.queries.health(at, at + 1);
      expect(sample!.uptimePct).toBeCloseTo(99, 5);
      await domain.ingest.ingest('metrics', [
        {
          day: '2025-02-04',
          revenueCents: 284_700,
          mrrCents: 9_000_000,
          newTrials: 3,
          conversions: 1,
          churned: 0,
          activeCustomers: 310,
          apiCalls: 247_832,
          ticketVolume: 12,
        },
      ]);
      await domain.ingest.ingest('targets', [{ metric: 'revenueCents', day: '2025-02-04', target: 240_000 }]);
      expect(await domain.queries.dailyMetrics('2025-02-01', '2025-02-28')).toMatchObject([
        { revenueCents: 284_700, apiCalls: 247_832 },
      ]);
      expect(await domain.queries.targets('2025-02-04', '2025-02-04')).toMatchObject([
        { metric: 'revenueCents', target: 240_000 },
      ]);
      expect(sink.topics()).toEqual(['health.recorded', 'metrics.recorded', 'target.set']);
    });

    it('keeps committed events in the outbox when publishing fails, and relays them later', async () => {
      let failing = true;
      const flaky = {
        publish: async (topic: string, payload: unknown, options: { id: string }) => {
          if (failing) throw new Error('engine unavailable');
          return sink.publish(topic, payload, options);
        },
      };
      const d2 = await openDomain({ db: database.db, events: flaky, now: () => now });
      await expect(d2.ingest.ingest('customers', [customerInput()])).rejects.toThrow('engine unavailable');
      expect(await domain.queries.getCustomer('cus_acme')).not.toBeNull();
      expect(await d2.relay.pending()).toBe(1);
      failing = false;
      expect(await d2.relay.drain()).toBe(1);
      expect(await d2.relay.pending()).toBe(0);
      expect(sink.events.map((e) => e.id)).toEqual(['customer.created:cus_acme']);
    });
  });
}
