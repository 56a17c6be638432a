/**
 * The customer, invoice and ticket routes on their own, over a real small domain (SQLite, the
 * domain's own queries) instead of a whole App: who sees which customer is decided here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDomain, type Domain } from '../../../src/domain/index.ts';
import { registerCustomerRoutes } from '../../../src/http/api/routes/customers.ts';
import { registerInvoiceRoutes } from '../../../src/http/api/routes/invoices.ts';
import { registerTicketRoutes } from '../../../src/http/api/routes/tickets.ts';
import type { Database } from '../../../src/db/index.ts';
import { sqliteFactory } from '../../helpers/databases.ts';
import { RecordingSink } from '../../helpers/recording-sink.ts';
import { customerInput, invoiceInput, paymentInput, ticketInput } from '../../helpers/domain-fixtures.ts';
import { bodyOf, keyCaller, personCaller, routeBed, type RouteBed } from '../../helpers/route-bed.ts';

describe('business routes on their own', () => {
  let db: Database;
  let domain: Domain;
  let bed: RouteBed;
  const sam = personCaller('sam', 'customer_success_manager');
  const hana = personCaller('hana', 'head_of_customer_success');

  beforeAll(async () => {
    db = await sqliteFactory.create();
    domain = await openDomain({ db: db.db, events: new RecordingSink(), now: () => Date.UTC(2025, 1, 5) });
    await domain.ingest.ingest('customers', [
      customerInput({ id: 'cus_acme', csmId: 'sam' }),
      customerInput({ id: 'cus_zen', name: 'Zen Co', csmId: 'tara' }),
    ]);
    await domain.ingest.ingest('invoices', [
      invoiceInput({ id: 'in_acme', customerId: 'cus_acme' }),
      invoiceInput({ id: 'in_zen', customerId: 'cus_zen' }),
    ]);
    await domain.ingest.ingest('payments', [paymentInput({ id: 'pay_acme', invoiceId: 'in_acme' })]);
    await domain.ingest.ingest('tickets', [
      ticketInput({ id: 'tkt_acme', customerId: 'cus_acme' }),
      ticketInput({ id: 'tkt_zen', customerId: 'cus_zen' }),
    ]);
    const business = domain.queries;
    bed = routeBed((router, guard) => {
      registerCustomerRoutes(router, { guard, business });
      registerInvoiceRoutes(router, { guard, business });
      registerTicketRoutes(router, { guard, business });
    });
  });
  afterAll(() => db.close());

  const ids = async (res: Response, key: string): Promise<string[]> =>
    (await bodyOf<Record<string, { id: string }[]>>(res))[key]!.map((r) => r.id);

  it('shows every customer to business-wide roles, and a customer-success manager only their own', async () => {
    expect(await ids(await bed.request('GET', '/api/customers', { as: hana }), 'customers')).toEqual([
      'cus_acme',
      'cus_zen',
    ]);
    expect(await ids(await bed.request('GET', '/api/customers', { as: sam }), 'customers')).toEqual(['cus_acme']);
    // Asking for another manager's book returns nothing rather than their customers.
    expect(await ids(await bed.request('GET', '/api/customers?csmId=tara', { as: sam }), 'customers')).toEqual([]);
    expect((await bed.request('GET', '/api/customers/cus_zen', { as: sam })).status).toBe(404);
    const own = await bed.request('GET', '/api/customers/cus_acme', { as: sam });
    expect(await bodyOf(own)).toMatchObject({
      customer: { id: 'cus_acme' },
      invoices: [{ id: 'in_acme' }],
      tickets: [{ id: 'tkt_acme' }],
    });
  });

  it("needs a customer for a customer-success manager's invoice and ticket lists", async () => {
    const unnamed = await bed.request('GET', '/api/invoices', { as: sam });
    expect(unnamed.status).toBe(400);
    expect((await bodyOf<{ error: { issues: { path: string }[] } }>(unnamed)).error.issues[0]!.path).toBe(
      'query.customerId',
    );
    expect(await ids(await bed.request('GET', '/api/invoices?customerId=cus_acme', { as: sam }), 'invoices')).toEqual([
      'in_acme',
    ]);
    expect((await bed.request('GET', '/api/tickets?customerId=cus_zen', { as: sam })).status).toBe(404);
    expect(await ids(await bed.request('GET', '/api/tickets', { as: keyCaller('viewer') }), 'tickets')).toHaveLength(2);
  });

  it("hides another manager's invoices and tickets behind 404", async () => {
    expect((await bed.request('GET', '/api/invoices/in_zen', { as: sam })).status).toBe(404);
    expect((await bed.request('GET', '/api/tickets/tkt_zen', { as: sam })).status).toBe(404);
    const invoice = await bed.request('GET', '/api/invoices/in_acme', { as: sam });
    expect(await bodyOf(invoice)).toMatchObject({ invoice: { id: 'in_acme' }, payments: [{ id: 'pay_acme' }] });
    expect((await bed.request('GET', '/api/tickets/tkt_acme', { as: sam })).status).toBe(200);
  });

  it('is closed to callers without a business role', async () => {
    expect((await bed.request('GET', '/api/customers', { as: keyCaller('ingest') })).status).toBe(403);
    expect((await bed.request('GET', '/api/tickets/tkt_acme')).status).toBe(401);
  });
});
