/**
 * The briefing's sources over a real database, on every dialect: each figure is what the test
 * computes from the records it wrote, records after the briefing's moment are not seen, and the
 * customer-health source reports itself unavailable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefingReads } from '../../../src/app/briefing-reads.ts';
import { AuditRepository, type NewAuditEntry } from '../../../src/audit/index.ts';
import { FollowUpRepository } from '../../../src/briefings/index.ts';
import type { Database } from '../../../src/db/index.ts';
import { openDomain, type Domain } from '../../../src/domain/index.ts';
import {
  briefingSources,
  briefingWindow,
  HEALTH_NOT_BUILT,
  valueOn,
  type ApiPerformanceData,
  type AutonomousActionData,
  type BriefingSource,
  type BriefingWindow,
  type CustomerGrowthData,
  type OpportunityData,
  type RevenueData,
  type SupportTicketData,
  type SystemHealthData,
} from '../../../src/workflows/briefing/sources/index.ts';
import { databaseFactories } from '../../helpers/databases.ts';
import { customerInput, paymentInput, ticketInput, usageInput } from '../../helpers/domain-fixtures.ts';
import { RecordingSink } from '../../helpers/recording-sink.ts';

const H = 3_600_000;
const DAY = 24 * H;
/** 08:00 in Los Angeles (PST) on 10 March 2026; the previous briefing 24 hours earlier. */
const AS_OF = Date.UTC(2026, 2, 10, 16);
const SINCE = AS_OF - DAY;
const at = (day: string, hour: number): number => Date.parse(`${day}T00:00:00Z`) + hour * H;

async function seed(domain: Domain): Promise<void> {
  const ok = async (entity: Parameters<Domain['ingest']['ingest']>[0], records: unknown[]): Promise<void> => {
    const report = await domain.ingest.ingest(entity, records);
    expect(report.rejected, entity).toBe(0);
  };
  await ok('customers', [
    customerInput({ id: 'c1', name: 'One Co', signupDate: '2026-01-05', csmId: 'sam', plan: 'hobby' }),
    customerInput({
      id: 'c2',
      name: 'Two Trial',
      signupDate: '2026-03-02',
      trialEndsOn: '2026-03-16',
      status: 'trial',
      csmId: 'tara',
      plan: 'pro',
      monthlyPriceCents: 9_900,
    }),
    customerInput({
      id: 'c3',
      name: 'Three Converted',
      signupDate: '2026-03-01',
      trialEndsOn: '2026-03-15',
      plan: 'pro',
      monthlyPriceCents: 9_900,
    }),
    customerInput({ id: 'c4', name: 'Four Direct', signupDate: '2026-03-09', csmId: null }),
    customerInput({
      id: 'c5',
      name: 'Five Trial',
      signupDate: '2026-03-09',
      trialEndsOn: '2026-03-23',
      status: 'trial',
    }),
  ]);
  const usage = [
    usageInput({ customerId: 'c1', day: '2026-03-08', apiCalls: 1_000, apiErrors: 10 }),
    usageInput({ customerId: 'c1', day: '2026-03-09', apiCalls: 200_000, apiErrors: 30 }),
  ];
  // c2 uses the product every day of the week with three people: an engaged trial.
  for (let d = 3; d <= 9; d++)
    usage.push(usageInput({ customerId: 'c2', day: `2026-03-0${d}`, apiCalls: 500, apiErrors: 0, teamMembers: 3 }));
  await ok('usage', usage);
  await ok('payments', [
    paymentInput({
      id: 'p1',
      invoiceId: null,
      customerId: 'c1',
      attemptedAt: at('2026-03-09', 6),
      amountCents: 2_900,
      status: 'succeeded',
      declineCode: null,
    }),
    paymentInput({ id: 'p2', invoiceId: null, customerId: 'c1', attemptedAt: at('2026-03-09', 7), amountCents: 2_900 }),
    paymentInput({
      id: 'p3',
      invoiceId: null,
      customerId: 'c3',
      attemptedAt: at('2026-03-08', 10),
      amountCents: 9_900,
      status: 'succeeded',
      declineCode: null,
    }),
    paymentInput({
      id: 'p4',
      invoiceId: null,
      customerId: 'c3',
      attemptedAt: AS_OF + H,
      amountCents: 5_000,
      status: 'succeeded',
      declineCode: null,
    }),
  ]);
  await ok('tickets', [
    ticketInput({ id: 't1', customerId: 'c1', severity: 'critical', status: 'open', createdAt: at('2026-03-09', 12) }),
    ticketInput({
      id: 't2',
      customerId: 'c2',
      severity: 'critical',
      status: 'resolved',
      createdAt: at('2026-03-05', 12),
      resolvedAt: at('2026-03-06', 1),
    }),
    ticketInput({ id: 't3', customerId: 'c1', severity: 'low', status: 'new', createdAt: at('2026-03-09', 13) }),
    ticketInput({ id: 't4', customerId: 'c2', severity: 'critical', status: 'new', createdAt: at('2026-03-10', 10) }),
    ticketInput({ id: 't5', customerId: 'c2', severity: 'critical', status: 'new', createdAt: AS_OF + H }),
  ]);
  const sample = (service: string, day: string, downtime: number) => ({
    service,
    at: at(day, 0),
    windowMinutes: 1440,
    downtimeMinutes: downtime,
    latencyP50Ms: 80,
    latencyP95Ms: 200 + downtime,
    incidents: downtime > 0 ? 1 : 0,
  });
  await ok('health', [
    sample('dashboard', '2026-03-08', 0),
    sample('api', '2026-03-09', 3),
    sample('dashboard', '2026-03-09', 0),
    // Not over yet at the briefing: reported the next morning.
    sample('api', '2026-03-10', 5),
  ]);
  await ok('targets', [
    { metric: 'revenueCents', day: '2026-03-09', target: 3_000 },
    { metric: 'apiCalls', day: '2026-03-09', target: 150_000 },
  ]);
}

function money(
  seq: number,
  kind: 'charge_attempted' | 'invoice_written_off',
  when: number,
  by?: string,
): NewAuditEntry {
  const subject = {
    customer: { id: 'c1', name: 'One Co' },
    invoice: { id: `in_${seq}`, number: null },
    amountCents: 1_000 * seq,
    currency: 'usd',
  };
  const base = {
    at: when,
    actor: 'system',
    channel: 'system',
    runId: null,
    approvalId: null,
    actionId: null,
    key: null,
  };
  return kind === 'charge_attempted'
    ? { ...base, kind, data: { ...subject, attempt: 1, by: by ?? 'billing_cycle', outcome: 'paid', chargeId: null } }
    : { ...base, kind, data: { ...subject, reason: 'unpaid after recovery' } };
}

describe.each(databaseFactories())('briefing sources on $name', (factory) => {
  let database: Database;
  let sources: Map<string, BriefingSource>;
  const window: BriefingWindow = briefingWindow(AS_OF, SINCE);

  beforeAll(async () => {
    database = await factory.create();
    const domain = await openDomain({ db: database.db, events: new RecordingSink(), now: () => AS_OF });
    await seed(domain);
    const audit = new AuditRepository(database.db);
    await audit.append([
      money(1, 'charge_attempted', SINCE - H),
      money(2, 'charge_attempted', SINCE + H),
      money(3, 'charge_attempted', SINCE + 2 * H, 'automatic_retry'),
      money(4, 'invoice_written_off', AS_OF - 1),
      money(5, 'charge_attempted', AS_OF),
    ]);
    const reads = briefingReads({
      db: database.db,
      queries: domain.queries,
      audit,
      approvals: { list: async () => [] },
      followUps: new FollowUpRepository(database.db),
    });
    sources = new Map(briefingSources(reads).map((s) => [s.name, s]));
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  async function collect<T>(name: string): Promise<T> {
    const result = await sources.get(name)!.collect(window);
    if (result.status !== 'ok') throw new Error(`${name} unavailable: ${result.reason}`);
    return result.data as T;
  }

  it('reports on the last whole UTC day before the briefing, with 126 days of history', () => {
    expect(window).toEqual({ asOf: AS_OF, since: SINCE, day: '2026-03-09', from: '2025-11-04' });
  });

  it('revenue: successful payments by day, nothing after the briefing, the target on record', async () => {
    const data = await collect<RevenueData>('overnight_revenue_metrics');
    expect(valueOn(data.revenue, '2026-03-09')).toBe(2_900);
    expect(valueOn(data.revenue, '2026-03-08')).toBe(9_900);
    expect(valueOn(data.payments, '2026-03-09')).toBe(1);
    // Before the first payment on record the revenue is unknown, not zero.
    expect(valueOn(data.revenue, '2026-03-07')).toBeNull();
    expect(data.revenue.values).toHaveLength(126);
    expect(valueOn(data.target!, '2026-03-09')).toBe(3_000);
    expect(valueOn(data.target!, '2026-03-08')).toBeNull();
  });

  it('customer growth: sign-ups, trials, conversions and who signed up', async () => {
    const data = await collect<CustomerGrowthData>('customer_growth');
    expect(valueOn(data.signups, '2026-03-09')).toBe(2);
    expect(valueOn(data.trials, '2026-03-09')).toBe(1);
    expect(valueOn(data.signups, '2026-03-02')).toBe(1);
    expect(valueOn(data.signups, '2026-03-03')).toBe(0);
    expect(valueOn(data.conversions, '2026-03-08')).toBe(1);
    expect(valueOn(data.conversions, '2026-03-09')).toBe(0);
    expect(data.newCustomers.map((c) => [c.id, c.trial])).toEqual([
      ['c4', false],
      ['c5', true],
    ]);
    expect(data.trialsTarget).toBeNull();
  });

  it('API performance: calls, errors and the error rate summed over customers; p95 of the API service', async () => {
    const data = await collect<ApiPerformanceData>('api_performance_data');
    expect(valueOn(data.calls, '2026-03-09')).toBe(200_500);
    expect(valueOn(data.errors, '2026-03-09')).toBe(30);
    expect(valueOn(data.errorRate, '2026-03-09')).toBeCloseTo((100 * 30) / 200_500, 12);
    expect(valueOn(data.calls, '2026-03-08')).toBe(1_500);
    expect(valueOn(data.latencyP95, '2026-03-09')).toBe(203);
    expect(valueOn(data.latencyP95, '2026-03-08')).toBeNull();
    expect(valueOn(data.target!, '2026-03-09')).toBe(150_000);
  });

  it('support: tickets per day, and the critical tickets open at the briefing', async () => {
    const data = await collect<SupportTicketData>('support_ticket_volume');
    expect(valueOn(data.created, '2026-03-09')).toBe(2);
    expect(valueOn(data.critical, '2026-03-09')).toBe(1);
    expect(valueOn(data.critical, '2026-03-05')).toBe(1);
    expect(data.openCritical.map((t) => [t.id, t.customer.name, t.customer.csmId])).toEqual([
      ['t1', 'One Co', 'sam'],
      ['t4', 'Two Trial', 'tara'],
    ]);
  });

  it('system health: uptime per day, and downtime in the samples completed since the last briefing', async () => {
    const data = await collect<SystemHealthData>('system_health_status');
    expect(valueOn(data.uptime, '2026-03-09')).toBeCloseTo((100 * (2 * 1440 - 3)) / (2 * 1440), 12);
    expect(valueOn(data.uptime, '2026-03-08')).toBe(100);
    expect(valueOn(data.uptime, '2026-03-07')).toBeNull();
    expect(data.overnight).toEqual([
      { service: 'api', downtimeMinutes: 3, sampledMinutes: 1440, incidents: 1 },
      { service: 'dashboard', downtimeMinutes: 0, sampledMinutes: 1440, incidents: 0 },
    ]);
  });

  it('opportunities: the engaged trial, and the customer past 80 % of its plan', async () => {
    const data = await collect<OpportunityData>('opportunities');
    expect(data.engagedTrials.map((t) => [t.id, t.activeDays, t.calls, t.teamMembers])).toEqual([['c2', 7, 3_500, 3]]);
    // c1 is on hobby (250,000 calls included) and made 201,000 in 30 days: 80.4 %.
    expect(data.nearQuota.map((c) => [c.id, c.calls, c.includedCalls])).toEqual([['c1', 201_000, 250_000]]);
  });

  it('autonomous actions: the system entries since the last briefing, and only those', async () => {
    const data = await collect<AutonomousActionData>('autonomous_actions');
    expect(data.entries.map((e) => [e.seq, e.kind, e.by, e.amountCents])).toEqual([
      [2, 'charge_attempted', 'billing_cycle', 2_000],
      [3, 'charge_attempted', 'automatic_retry', 3_000],
      [4, 'invoice_written_off', null, 4_000],
    ]);
  });

  it('customer health says it is unavailable instead of inventing a score', async () => {
    const result = await sources.get('customer_health_changes')!.collect(window);
    expect(result).toEqual({ status: 'unavailable', reason: HEALTH_NOT_BUILT });
    expect(HEALTH_NOT_BUILT).toContain('not computed yet');
  });
});
