/** Customers, invoices, tickets and ingestion (JSON batches, CSV, Stripe webhooks) over HTTP. */
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { customerInput, invoiceInput, ticketInput } from '../../helpers/domain-fixtures.ts';
import { databaseFactories } from '../../helpers/databases.ts';

const WEBHOOK_SECRET = 'whsec_test_api';
const body = async <T>(res: Response): Promise<T> => (await res.json()) as T;

describe.each(databaseFactories())('business data API on $name', (factory) => {
  let bed: ApiBed;
  let ingest: Creds;
  beforeEach(async () => {
    bed = await createApiBed(factory, { stripeSecret: WEBHOOK_SECRET });
    ingest = await bed.key('ingest');
  });
  afterEach(async () => {
    await bed.close();
  });

  async function load(): Promise<void> {
    const customers = await bed.call('POST', '/api/ingest/customers', {
      as: ingest,
      json: {
        records: [
          customerInput({ id: 'cus_acme', csmId: 'sam' }),
          customerInput({ id: 'cus_globex', name: 'Globex', csmId: 'tara' }),
        ],
      },
    });
    expect(await body<{ accepted: number }>(customers)).toMatchObject({ accepted: 2, rejected: 0, written: 2 });
    await bed.call('POST', '/api/ingest/invoices', {
      as: ingest,
      json: { records: [invoiceInput(), invoiceInput({ id: 'in_g1', customerId: 'cus_globex' })] },
    });
    await bed.call('POST', '/api/ingest/tickets', {
      as: ingest,
      json: { records: [ticketInput(), ticketInput({ id: 'tkt_g1', customerId: 'cus_globex' })] },
    });
  }

  it('ingests batches with a per-record report, idempotently', async () => {
    const res = await bed.call('POST', '/api/ingest/customers', {
      as: ingest,
      json: {
        records: [customerInput(), customerInput({ id: 'cus_bad', employeeCount: 0, csmId: 'nobody' }), { id: 42 }],
      },
    });
    expect(res.status).toBe(200);
    const report = await body<{
      accepted: number;
      rejected: number;
      records: { index: number; status: string; issues?: { path: string }[] }[];
    }>(res);
    expect(report).toMatchObject({ received: 3, accepted: 1, rejected: 2 });
    expect(report.records[1]!.issues!.map((i) => i.path)).toContain('employeeCount');
    const again = await body<{ written: number; unchanged: number }>(
      await bed.call('POST', '/api/ingest/customers', { as: ingest, json: { records: [customerInput()] } }),
    );
    expect(again).toMatchObject({ written: 0, unchanged: 1 });

    const csv =
      'id,name,plan,monthly_price_cents,employee_count,developer_team_size,signup_date,status\ncus_csv,CSV Co,team,9900,12,3,2025-03-01,active\ncus_csv2,Bad,team,-1,12,3,2025-03-01,active\n';
    const imported = await bed.call('POST', '/api/ingest/customers', {
      as: ingest,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(
      await body<{ rows: number; accepted: number; errors: { line: number; field: string }[] }>(imported),
    ).toMatchObject({
      rows: 2,
      accepted: 1,
      rejected: 1,
      errors: [{ line: 3, field: 'monthlyPriceCents' }],
    });
    const badHeader = await bed.call('POST', '/api/ingest/customers', {
      as: ingest,
      body: 'nope,nada\n1,2\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(badHeader.status).toBe(400);
    expect((await bed.call('POST', '/api/ingest/planets', { as: ingest, json: { records: [{}] } })).status).toBe(400);
    expect((await bed.call('POST', '/api/ingest/customers', { as: ingest, json: { records: [] } })).status).toBe(400);
    expect(
      (
        await bed.call('POST', '/api/ingest/customers', {
          as: await bed.key('viewer'),
          json: { records: [customerInput()] },
        })
      ).status,
    ).toBe(403);
  });

  it('shows customers, invoices and tickets; a customer-success manager only their own', async () => {
    await load();
    const viewer = await bed.key('viewer');
    const all = await body<{ customers: { id: string; segment: string }[] }>(
      await bed.call('GET', '/api/customers', { as: viewer }),
    );
    expect(all.customers.map((c) => c.id)).toEqual(['cus_acme', 'cus_globex']);
    expect(all.customers[0]!.segment).toBe('startup');
    const acme = await body<{ customer: { name: string }; invoices: { id: string }[]; tickets: { id: string }[] }>(
      await bed.call('GET', '/api/customers/cus_acme', { as: viewer }),
    );
    expect(acme).toMatchObject({
      customer: { name: 'Acme Labs' },
      invoices: [{ id: 'in_001' }],
      tickets: [{ id: 'tkt_001' }],
    });
    const invoice = await body<{ invoice: { totalCents: number; lines: unknown[] } }>(
      await bed.call('GET', '/api/invoices/in_001', { as: viewer }),
    );
    expect(invoice.invoice.totalCents).toBe(25_900);
    expect(invoice.invoice.lines).toHaveLength(2);
    expect(
      (await body<{ invoices: unknown[] }>(await bed.call('GET', '/api/invoices?status=open', { as: viewer })))
        .invoices,
    ).toHaveLength(2);
    expect(
      (await body<{ tickets: unknown[] }>(await bed.call('GET', '/api/tickets?severity=high', { as: viewer }))).tickets,
    ).toHaveLength(2);

    const sam = await bed.signIn('sam');
    expect(
      (await body<{ customers: { id: string }[] }>(await bed.call('GET', '/api/customers', { as: sam }))).customers.map(
        (c) => c.id,
      ),
    ).toEqual(['cus_acme']);
    expect((await bed.call('GET', '/api/customers/cus_globex', { as: sam })).status).toBe(404);
    expect((await bed.call('GET', '/api/invoices/in_g1', { as: sam })).status).toBe(404);
    expect((await bed.call('GET', '/api/tickets/tkt_g1', { as: sam })).status).toBe(404);
    expect((await bed.call('GET', '/api/tickets/tkt_001', { as: sam })).status).toBe(200);
    const unscoped = await bed.call('GET', '/api/invoices', { as: sam });
    expect(unscoped.status).toBe(400);
    expect((await body<{ error: { issues: { path: string }[] } }>(unscoped)).error.issues[0]!.path).toBe(
      'query.customerId',
    );
    expect(
      (await body<{ invoices: unknown[] }>(await bed.call('GET', '/api/invoices?customerId=cus_acme', { as: sam })))
        .invoices,
    ).toHaveLength(1);

    const page = await bed.call('GET', '/customers', { as: sam });
    const html = await page.text();
    expect(html).toContain('The customers you manage');
    expect(html).toContain('Acme Labs');
    expect(html).not.toContain('Globex');
    expect(await (await bed.call('GET', '/customers/cus_acme', { as: sam })).text()).toContain(
      'Webhook signature failing',
    );
    expect((await bed.call('GET', '/customers/cus_globex', { as: sam })).status).toBe(404);
    expect(await (await bed.call('GET', '/customers', { as: await bed.signIn('hana') })).text()).toContain('Globex');
  });

  it('accepts Stripe webhooks only with a valid signature, and each event once', async () => {
    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'product.created',
      created: 1_738_800_000,
      data: { object: {} },
    });
    const signed = (at = Math.floor(Date.now() / 1000)) =>
      Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: at });
    const send = (signature: string | null, raw = payload) =>
      bed.call('POST', '/webhooks/stripe', {
        body: raw,
        headers: {
          'content-type': 'application/json',
          ...(signature === null ? {} : { 'stripe-signature': signature }),
        },
      });

    const ok = await send(signed());
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ received: true, eventId: 'evt_1', status: 'ignored' });
    expect(await (await send(signed())).json()).toMatchObject({ status: 'duplicate' });
    for (const [signature, raw] of [
      [null, payload],
      ['t=1,v1=abc', payload],
      [signed(), payload.replace('evt_1', 'evt_2')],
      [signed(1_000_000), payload],
    ] as const) {
      const refused = await send(signature, raw);
      expect(refused.status).toBe(400);
      expect((await body<{ error: { code: string } }>(refused)).error.code).toBe('STRIPE_SIGNATURE_INVALID');
    }
  });
});
