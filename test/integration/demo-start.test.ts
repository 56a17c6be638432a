/**
 * The demo as `npm start` brings it up on an empty database (seed, then take-over, then the worker
 * catches up): a company whose numbers add up. Nothing in it is later than the start; every open
 * receivable is in a recovery case or not yet due; "past due" on the customers page is billing's
 * "in recovery", customer for customer and in the counts. On SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { DAY_MS, dayOf } from '../../src/domain/dates.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { DEMO_COMPANY, DEMO_TAKEOVER_DAYS, startDemoCompany } from '../../src/sim/index.ts';
import { databaseFactories } from '../helpers/databases.ts';

/** Two starts: before the billing hour, and in the afternoon (the final day is played up to them). */
const STARTS = [Date.UTC(2026, 2, 18, 5, 12, 7), Date.UTC(2026, 10, 3, 15, 41, 30)];

describe.each(databaseFactories({ durability: 'normal' }))('the demo company at start on $name', (factory) => {
  let app: App | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it.each(STARTS.map((t) => [new Date(t).toISOString(), t] as const))(
    'started at %s: nothing later, every open receivable in recovery or not yet due, past due = in recovery',
    async (_label, start) => {
      const clock = new ManualClock(start);
      app = await createApp(loadConfig({ env: {} }), { clock, database: await factory.create() });
      const { seeded, adopted } = await startDemoCompany(app);
      expect(seeded).toMatchObject({ customers: DEMO_COMPANY.customers, end: dayOf(start) });
      expect(adopted).toBeGreaterThan(0);
      await app.engine.drain();
      const { kysely } = app.domain.db;
      const today = dayOf(start);

      // Nothing created, paid, resolved or opened later than the start.
      const latest = async (table: 'payment_attempts' | 'tickets' | 'invoices' | 'recovery_cases', column: string) =>
        Number(
          (
            await kysely
              .selectFrom(table)
              .select((eb) => eb.fn.max(column as never).as('m'))
              .executeTakeFirst()
          )?.m ?? 0,
        );
      expect(await latest('payment_attempts', 'attempted_at')).toBeLessThanOrEqual(start);
      expect(await latest('tickets', 'created_at')).toBeLessThanOrEqual(start);
      expect(await latest('tickets', 'resolved_at')).toBeLessThanOrEqual(start);
      expect(await latest('invoices', 'paid_at')).toBeLessThanOrEqual(start);
      expect(await latest('recovery_cases', 'failed_at')).toBeLessThanOrEqual(start);
      const health = await kysely.selectFrom('health_samples').select(['at', 'window_minutes']).execute();
      for (const h of health) expect(Number(h.at) + Number(h.window_minutes) * 60_000).toBeLessThanOrEqual(start);
      const lastDays = await kysely
        .selectFrom('usage_daily')
        .select((eb) => eb.fn.max('day').as('d'))
        .executeTakeFirst();
      expect(lastDays?.d).toBe(today);

      // Every open receivable is in a recovery case or not yet due.
      const cases = await app.billing.records.listCases();
      const openCases = cases.filter((c) => c.status === 'open');
      const inRecovery = new Set(openCases.map((c) => c.invoiceId));
      const open = await app.domain.queries.listInvoices({ status: 'open', limit: 1_000 });
      expect(open.length).toBeGreaterThan(0);
      for (const invoice of open)
        expect(inRecovery.has(invoice.id) || invoice.dueOn >= today, `${invoice.id} due ${invoice.dueOn}`).toBe(true);
      // The cases are the take-over's: failures of the window, all of them.
      expect(cases).toHaveLength(adopted!);
      for (const c of cases) expect(start - c.failedAt).toBeLessThan(DEMO_TAKEOVER_DAYS * DAY_MS);

      // Past due on the customers page = customers with an open case, one for one, and in the counts.
      const pastDue = await app.domain.queries.listCustomers({ pastDue: true, limit: 1_000 });
      const withOpenCase = [...new Set(openCases.map((c) => c.customerId))].sort();
      expect(pastDue.map((c) => c.id)).toEqual(withOpenCase);
      expect(await app.domain.queries.countCustomers({ pastDue: true })).toBe(withOpenCase.length);
      expect((await app.billing.metrics()).open).toBe(openCases.length);
      // The stored status agrees: a customer in recovery reads past due or suspended, and nobody else reads past due.
      for (const c of pastDue) expect(['past_due', 'suspended'], c.id).toContain(c.status);
      const storedPastDue = await app.domain.queries.listCustomers({ status: 'past_due', limit: 1_000 });
      for (const c of storedPastDue) expect(withOpenCase, c.id).toContain(c.id);
      expect(
        (await app.domain.queries.countCustomers({})) - (await app.domain.queries.countCustomers({ pastDue: false })),
      ).toBe(withOpenCase.length);

      // A later start finds the company complete and the take-over done: nothing is seeded or adopted twice.
      expect(await startDemoCompany(app)).toEqual({ seeded: null, adopted: null });
    },
    120_000,
  );
});
