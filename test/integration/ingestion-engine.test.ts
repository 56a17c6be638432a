import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/app/config.ts';
import { openDomain, type Domain } from '../../src/domain/index.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { DEMO_COMPANY, seedDemoCompanyIfEmpty } from '../../src/sim/index.ts';
import type { Store } from '../../src/store/types.ts';
import { sqliteFactory } from '../helpers/databases.ts';
import { testEngine, type TestEngine } from '../helpers/engine.ts';
import { customerInput, invoiceInput, paymentInput } from '../helpers/domain-fixtures.ts';

const recovery = defineWorkflow({
  name: 'test.payment-recovery',
  input: z.object({ invoiceId: z.string(), decline: z.object({ type: z.enum(['soft', 'hard']) }) }),
  run: async (_ctx, input) => ({ invoiceId: input.invoiceId, retry: input.decline.type === 'soft' }),
});

describe('domain events on the engine (SQLite, shared connection)', () => {
  let store: Store;
  let t: TestEngine;
  let domain: Domain;

  beforeEach(async () => {
    const database = await sqliteFactory.create();
    store = database.store;
    t = testEngine(store);
    t.engine.register(recovery);
    t.engine.subscribe({ name: 'recover-failed-payments', topic: 'invoice.payment_failed', workflow: recovery.name });
    domain = await openDomain({ db: database.db, events: t.engine, now: () => t.clock.now() });
  });
  afterEach(() => store.close());

  it('starts a workflow once per failed payment, however often the record is re-sent', async () => {
    await domain.ingest.ingest('customers', [customerInput()]);
    await domain.ingest.ingest('invoices', [invoiceInput()]);
    await domain.ingest.ingest('payments', [paymentInput()]);
    await domain.ingest.ingest('payments', [paymentInput()]);
    await t.engine.drain();
    const runs = await t.engine.listRuns({ workflow: recovery.name });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', output: { invoiceId: 'in_001', retry: true } });
    const events = await store.listEvents(0, 100);
    expect(events.map((e) => e.id)).toEqual([
      'customer.created:cus_acme',
      'invoice.created:in_001',
      'invoice.payment_failed:pay_001',
    ]);
  });

  it('republishing an outbox row the engine already has is a no-op', async () => {
    await domain.ingest.ingest('customers', [customerInput()]);
    await domain.db.kysely
      .insertInto('domain_outbox')
      .values({ event_id: 'customer.created:cus_acme', topic: 'customer.created', payload: '{}', created_at: 0 })
      .execute();
    expect(await domain.relay.drain()).toBe(1);
    expect(await store.listEvents(0, 100)).toHaveLength(1);
  });
});

describe('npm start seeding', () => {
  let app: App;
  beforeEach(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'psizero-seed-')), 'db.sqlite');
    app = await createApp(loadConfig({ env: { PSIZERO_DB: file } }));
  });
  afterEach(() => app.close());

  it('seeds a demo company into an empty database, once', async () => {
    const summary = await seedDemoCompanyIfEmpty(app);
    expect(summary).toMatchObject({
      customers: DEMO_COMPANY.customers,
      days: DEMO_COMPANY.days,
      end: new Date().toISOString().slice(0, 10),
    });
    expect(await app.domain.queries.count('customers')).toBe(DEMO_COMPANY.customers);
    expect(await app.domain.queries.count('usage_daily')).toBe(summary!.usageRows);
    expect(await seedDemoCompanyIfEmpty(app)).toBeNull();
  });

  it("hands the last week's failed payments to payment recovery, whose runs start at once", async () => {
    await seedDemoCompanyIfEmpty(app);
    const open = await app.domain.queries.listInvoices({ status: 'open', limit: 1_000 });
    expect(open.length).toBeGreaterThan(0);
    const adopted = await app.billing.adoptRecentFailures();
    expect(adopted).toBeGreaterThan(0);
    expect(adopted).toBeLessThanOrEqual(open.length);
    const runs = await app.engine.listRuns({ workflow: 'billing.recovery', limit: 1_000 });
    expect(runs).toHaveLength(adopted);
    expect(await app.billing.adoptRecentFailures()).toBe(0);
    await app.engine.drain();
    // Each run opened its case and now waits for its next step (a retry day, a person, a card update).
    expect((await app.billing.records.listCases()).length).toBe(adopted);
    for (const run of await app.engine.listRuns({ workflow: 'billing.recovery', limit: 1_000 }))
      expect(run.status, run.id).toBe('waiting');
  });
});
