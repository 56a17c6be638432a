import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db, DomainTables } from '../../src/db/index.ts';
import { openDomain, type Domain } from '../../src/domain/index.ts';
import { simulate, type SimulationOptions } from '../../src/sim/index.ts';
import { databaseFactories, sqliteFactoryWith, type DatabaseFactory } from '../helpers/databases.ts';
import { RecordingSink } from '../helpers/recording-sink.ts';

const NOW = Date.UTC(2025, 5, 30, 23);
const fastSqlite = sqliteFactoryWith({ durability: 'normal' });
const BASE: SimulationOptions = {
  customers: 150,
  days: 60,
  seed: 'determinism',
  end: '2025-06-30',
  csmIds: ['sam', 'tara'],
};

// Billing's own tables are written by the billing workflows, never by the simulator.
type BillingTables =
  'billing_accounts' | 'recovery_cases' | 'recovery_messages' | 'sandbox_charges' | 'gateway_charges';
const TABLES: Record<Exclude<keyof DomainTables, 'domain_outbox' | 'stripe_events' | BillingTables>, string[]> = {
  customers: ['id'],
  usage_daily: ['customer_id', 'day'],
  invoices: ['id'],
  invoice_lines: ['invoice_id', 'line_no'],
  payment_attempts: ['id'],
  tickets: ['id'],
  health_samples: ['service', 'at'],
  daily_metrics: ['day'],
  metric_targets: ['metric', 'day'],
};

async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(TABLES)) {
    let q = db.kysely.selectFrom(table as keyof typeof TABLES).selectAll();
    for (const k of key) q = q.orderBy(k as never);
    out[table] = await q.execute();
  }
  return out;
}

async function simulated(
  factory: DatabaseFactory,
  options: SimulationOptions,
): Promise<{ database: Database; domain: Domain; sink: RecordingSink }> {
  const database = await factory.create();
  const sink = new RecordingSink();
  const domain = await openDomain({ db: database.db, events: sink, now: () => NOW });
  await simulate(domain.ingest, options);
  return { database, domain, sink };
}

describe('simulator determinism', () => {
  it('writes identical data for the same seed, on every adapter, and different data for another seed', async () => {
    const runs = [];
    for (const factory of [fastSqlite, ...databaseFactories({ durability: 'normal' })]) {
      const run = await simulated(factory, BASE);
      runs.push(await dump(run.database.db));
      await run.database.close();
    }
    const [first, ...rest] = runs;
    expect(first!.customers).toHaveLength(150);
    expect(first!.usage_daily!.length).toBeGreaterThan(3_000);
    for (const other of rest) expect(other).toEqual(first);

    const otherSeed = await simulated(fastSqlite, { ...BASE, seed: 'another' });
    const different = await dump(otherSeed.database.db);
    await otherSeed.database.close();
    expect(different.customers).not.toEqual(first!.customers);
    expect(different.usage_daily).not.toEqual(first!.usage_daily);
  });
});

describe('a simulated company', () => {
  let run: Awaited<ReturnType<typeof simulated>>;
  beforeAll(async () => {
    run = await simulated(fastSqlite, {
      customers: 500,
      days: 180,
      seed: 'variety',
      end: '2025-06-30',
      csmIds: ['sam', 'tara'],
    });
  });
  afterAll(() => run.database.close());

  const rows = <T>(sql: string): T[] => {
    if (run.database.dialect !== 'sqlite') throw new Error('these checks read the SQLite file directly');
    return run.database.store.db.prepare(sql).all() as T[];
  };
  const values = (sql: string): unknown[] => rows<Record<string, unknown>>(sql).map((r) => Object.values(r)[0]);

  it('has every segment, a lifecycle of statuses, and CSMs from the directory', () => {
    expect(values('SELECT DISTINCT segment FROM customers ORDER BY 1')).toEqual([
      'developer',
      'enterprise',
      'mid_market',
      'startup',
    ]);
    expect(values('SELECT DISTINCT status FROM customers')).toEqual(
      expect.arrayContaining(['active', 'trial', 'churned', 'trial_expired']),
    );
    expect(values('SELECT DISTINCT csm_id FROM customers WHERE csm_id IS NOT NULL ORDER BY 1')).toEqual([
      'sam',
      'tara',
    ]);
    expect(values('SELECT count(DISTINCT plan) FROM customers')[0]).toBeGreaterThanOrEqual(8);
  });

  it('uses the API less on weekends than on weekdays', () => {
    const [weekday, weekend] = rows<{ w: number; calls: number }>(
      "SELECT (strftime('%w', day) IN ('0','6')) AS w, avg(api_calls) AS calls FROM usage_daily GROUP BY w ORDER BY w",
    );
    expect(weekend!.calls).toBeLessThan(weekday!.calls * 0.8);
  });

  it('fails payments at realistic rates with soft and hard declines, mostly recovered', () => {
    const [stats] = rows<{ invoices: number; failedFirst: number; uncollectible: number }>(`SELECT
      (SELECT count(*) FROM invoices) AS invoices,
      (SELECT count(*) FROM payment_attempts WHERE attempt_number = 1 AND status = 'failed') AS failedFirst,
      (SELECT count(*) FROM invoices WHERE status = 'uncollectible') AS uncollectible`);
    const firstFailureRate = stats!.failedFirst / stats!.invoices;
    expect(firstFailureRate).toBeGreaterThan(0.02);
    expect(firstFailureRate).toBeLessThan(0.15);
    expect(stats!.uncollectible / stats!.invoices).toBeLessThan(0.03);
    expect(values("SELECT DISTINCT decline_type FROM payment_attempts WHERE status = 'failed' ORDER BY 1")).toEqual([
      'hard',
      'soft',
    ]);
    expect(
      values('SELECT DISTINCT advice_code FROM payment_attempts WHERE advice_code IS NOT NULL').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('writes varied tickets across categories, subcategories, severities and channels', () => {
    expect(values('SELECT DISTINCT category FROM tickets WHERE category IS NOT NULL ORDER BY 1')).toEqual([
      'billing',
      'feature',
      'general',
      'technical',
    ]);
    expect(values('SELECT count(DISTINCT subcategory) FROM tickets')[0]).toBeGreaterThanOrEqual(15);
    expect(values('SELECT DISTINCT severity FROM tickets WHERE severity IS NOT NULL ORDER BY 1')).toEqual([
      'critical',
      'high',
      'low',
      'medium',
    ]);
    expect(values('SELECT count(DISTINCT channel) FROM tickets')[0]).toBeGreaterThanOrEqual(4);
    const [t] = rows<{ n: number; subjects: number; bodies: number }>(
      'SELECT count(*) AS n, count(DISTINCT subject) AS subjects, count(DISTINCT body) AS bodies FROM tickets',
    );
    expect(t!.subjects).toBeGreaterThan(t!.n * 0.3);
    expect(t!.bodies).toBe(t!.n);
  });

  it('records health with outages, and daily metrics with targets', () => {
    expect(values('SELECT count(*) FROM health_samples WHERE downtime_minutes > 0')[0]).toBeGreaterThanOrEqual(1);
    expect(values('SELECT count(*) FROM daily_metrics')[0]).toBe(180);
    expect(values('SELECT DISTINCT metric FROM metric_targets ORDER BY 1')).toEqual([
      'apiCalls',
      'conversions',
      'mrrCents',
      'newTrials',
      'revenueCents',
    ]);
    const [m] = rows<{ revenue: number; tickets: number; trials: number }>(
      'SELECT sum(revenue_cents) AS revenue, sum(ticket_volume) AS tickets, sum(new_trials) AS trials FROM daily_metrics',
    );
    expect(m!.tickets).toBe(values('SELECT count(*) FROM tickets')[0]);
    expect(m!.revenue).toBe(values("SELECT sum(amount_cents) FROM payment_attempts WHERE status = 'succeeded'")[0]);
    expect(m!.trials).toBeGreaterThan(0);
  });

  it('publishes domain events only for the final day', () => {
    const endMs = Date.UTC(2025, 5, 30);
    expect(run.sink.events.length).toBeGreaterThan(100);
    for (const e of run.sink.events) {
      const p = e.payload as {
        day?: string;
        attempt?: { attemptedAt: number };
        ticket?: { createdAt: number };
        customer?: { signupDate: string };
        issuedOn?: string;
      };
      const when =
        p.day ??
        p.issuedOn ??
        p.customer?.signupDate ??
        (p.attempt && new Date(p.attempt.attemptedAt).toISOString().slice(0, 10)) ??
        (p.ticket && new Date(p.ticket.createdAt).toISOString().slice(0, 10));
      if (e.topic !== 'health.recorded') expect([e.topic, when]).toEqual([e.topic, '2025-06-30']);
      else expect((e.payload as { at: number }).at).toBe(endMs);
    }
    expect(run.sink.topics()).toEqual(
      expect.arrayContaining(['usage.recorded', 'health.recorded', 'metrics.recorded', 'target.set']),
    );
  });
});
