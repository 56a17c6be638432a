/**
 * Customers' phone numbers through every way customers come in: a JSON batch (written the way
 * people write numbers, stored in E.164, refused with a field path when it is no phone number), a
 * CSV file with a `phone` column, and a Stripe subscription event, which keeps the number on file.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { importCsv, openDomain, type Domain } from '../../src/domain/index.ts';
import { simulate } from '../../src/sim/index.ts';
import { simulatedPhoneNumber } from '../../src/sim/phone-numbers.ts';
import { E164_PATTERN } from '../../src/lib/phone-number.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { customerInput } from '../helpers/domain-fixtures.ts';
import { RecordingSink } from '../helpers/recording-sink.ts';
import { buildEvent, fixture, loadStripeFixtures, sign } from '../helpers/stripe-fixtures.ts';

const NOW = Date.UTC(2025, 1, 6, 12);
const resources = loadStripeFixtures();

describe.each(databaseFactories())('customer phone numbers on $name', (factory) => {
  let database: Database;
  let sink: RecordingSink;
  let domain: Domain;
  beforeEach(async () => {
    database = await factory.create();
    sink = new RecordingSink();
    domain = await openDomain({ db: database.db, events: sink, now: () => NOW });
  });
  afterEach(() => database.close());

  it('stores a batch’s numbers in E.164 and refuses what is not a phone number, by field', async () => {
    const report = await domain.ingest.ingest('customers', [
      customerInput({ id: 'cus_a', phone: '+1 (415) 555-0123' }),
      customerInput({ id: 'cus_b', phone: 'call me maybe' }),
      customerInput({ id: 'cus_c', phone: '0415 555 0123' }),
      customerInput({ id: 'cus_d' }),
    ]);
    expect(report).toMatchObject({ accepted: 2, rejected: 2 });
    const refusal = [{ path: 'phone', message: 'expected a phone number in E.164 form, e.g. +14155550123' }];
    expect(report.records[1]!.issues).toEqual(refusal);
    expect(report.records[2]!.issues).toEqual(refusal);
    expect((await domain.queries.getCustomer('cus_a'))!.phone).toBe('+14155550123');
    expect((await domain.queries.getCustomer('cus_d'))!.phone).toBeNull();

    // A number added later is a change of that field alone.
    await domain.ingest.ingest('customers', [customerInput({ id: 'cus_d', phone: '+442071838750' })]);
    const updated = sink.events.filter((e) => e.topic === 'customer.updated');
    expect(updated.map((e) => (e.payload as { changes: string[] }).changes)).toEqual([['phone']]);
  });

  it('reads a `phone` column from CSV', async () => {
    const csv = [
      'id,name,email,phone,plan,monthly_price_cents,employee_count,developer_team_size,signup_date,status',
      'cus_1,One,one@example.com,+1 212 555 0101,team,24900,10,2,2025-01-02,active',
      'cus_2,Two,two@example.com,,team,24900,10,2,2025-01-02,active',
    ].join('\n');
    const report = await importCsv(domain.ingest, 'customers', Readable.from([csv]));
    expect(report).toMatchObject({ accepted: 2, rejected: 0 });
    expect((await domain.queries.getCustomer('cus_1'))!.phone).toBe('+12125550101');
    expect((await domain.queries.getCustomer('cus_2'))!.phone).toBeNull();
  });

  it.skipIf(!resources)('keeps the number on file when a Stripe subscription event updates the customer', async () => {
    await domain.ingest.ingest('customers', [
      customerInput({ id: 'cus_acme', stripeCustomerId: 'cus_QXg1o8vcGmoR32', phone: '+14155550123' }),
    ]);
    const payload = buildEvent(
      resources!,
      'customer.subscription.updated',
      fixture(resources!, 'subscription', { status: 'past_due', trial_end: null }),
    );
    const secret = 'whsec_test_psizero';
    const result = await domain.stripe.handleStripeWebhook(
      Buffer.from(payload),
      sign(payload, secret, Math.floor(NOW / 1000)),
      secret,
    );
    expect(result.status).toBe('applied');
    expect(await domain.queries.getCustomer('cus_acme')).toMatchObject({ status: 'past_due', phone: '+14155550123' });
  });
});

describe('simulated phone numbers', () => {
  it('are given to every simulated customer', async () => {
    const database = await databaseFactories()[0]!.create();
    try {
      const domain = await openDomain({ db: database.db, events: new RecordingSink(), now: () => NOW });
      await simulate(domain.ingest, { customers: 20, days: 10, seed: 'phones', end: '2025-02-05' });
      const customers = await domain.queries.listCustomers({ limit: 100 });
      expect(customers).toHaveLength(20);
      for (const c of customers) expect(c.phone).toMatch(E164_PATTERN);
    } finally {
      await database.close();
    }
  });

  it('are E.164 numbers from the range kept for fiction, a thousand distinct ones', () => {
    const numbers = Array.from({ length: 1_000 }, (_, i) => simulatedPhoneNumber(i));
    expect(new Set(numbers).size).toBe(1_000);
    for (const n of numbers) {
      expect(n).toMatch(E164_PATTERN);
      expect(n).toMatch(/^\+1\d{3}55501\d\d$/);
    }
  });
});
