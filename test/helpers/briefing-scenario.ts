/**
 * A small company for the morning-briefing scenario: seven weeks of history (a large customer's
 * daily payments with a weekly rhythm, usage, quiet support, daily health samples), a conversion
 * on 6 March, sign-ups on 7 and 8 March, a 3-minute API outage on 7 March, a critical ticket open
 * from 8 March 10:00 UTC to 9 March 02:00 UTC, and two customers whose monthly billing falls on 7
 * and 8 March (PsiZero's billing cycle charges them: its autonomous actions). The expected figures
 * are computed from these raw records by the test, never by the code under test.
 */
import type { App } from '../../src/app/create-app.ts';
import type { Db } from '../../src/db/index.ts';
import type { CustomerInput } from '../../src/domain/index.ts';
import { scenarioCustomerInput } from './billing-scenario.ts';

export const H = 3_600_000;
export const DAY_MS = 24 * H;
export const HISTORY_FROM = '2026-01-20';
export const HISTORY_TO = '2026-03-09';
/** The scenario starts after 6 March's briefing slot (16:00 UTC) and before the first morning. */
export const START = Date.UTC(2026, 2, 6, 17);
/** 08:00 in Los Angeles: PST on 7 March; PDT from 8 March (the clocks went forward at 02:00 that night). */
export const MORNINGS = [
  { date: '2026-03-07', asOf: Date.UTC(2026, 2, 7, 16), since: Date.UTC(2026, 2, 6, 16), day: '2026-03-06' },
  { date: '2026-03-08', asOf: Date.UTC(2026, 2, 8, 15), since: Date.UTC(2026, 2, 7, 16), day: '2026-03-07' },
  { date: '2026-03-09', asOf: Date.UTC(2026, 2, 9, 15), since: Date.UTC(2026, 2, 8, 15), day: '2026-03-08' },
] as const;

export const OUTAGE_DAY = '2026-03-07';
export const CRITICAL = {
  id: 'tk_critical',
  customerId: 'c02',
  createdAt: Date.UTC(2026, 2, 8, 10),
  resolvedAt: Date.UTC(2026, 2, 9, 2),
};

const at = (day: string, hour: number): number => Date.parse(`${day}T00:00:00Z`) + hour * H;

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The large customer's daily payment, by weekday (Sunday first): a weekly rhythm, no noise. */
const WEEKLY_CENTS = [800_000, 1_000_000, 1_050_000, 1_100_000, 1_050_000, 1_000_000, 700_000];

interface Story {
  input: CustomerInput;
  calls: number;
  team: number;
}

function customer(id: string, name: string, o: Partial<CustomerInput>, calls: number, team = 2): Story {
  return { input: scenarioCustomerInput(id, { name, ...o }), calls, team };
}

export const STORIES: Story[] = [
  customer(
    'c01',
    'Northwind Enterprise',
    {
      plan: 'enterprise',
      monthlyPriceCents: 500_000,
      employeeCount: 800,
      developerTeamSize: 60,
      signupDate: '2025-10-20',
    },
    20_000,
  ),
  // 9,000 calls a day: 270,000 in 30 days, 108 % of the hobby plan's 250,000.
  customer(
    'c02',
    'Blue Hobby',
    { plan: 'hobby', monthlyPriceCents: 2_900, signupDate: '2025-12-15', csmId: 'tara' },
    9_000,
  ),
  customer('c03', 'Cedar Small', { plan: 'hobby', monthlyPriceCents: 2_900, signupDate: '2025-12-08' }, 500),
  customer(
    'c04',
    'Delta Labs',
    { plan: 'team', monthlyPriceCents: 24_900, signupDate: '2025-11-07', csmId: 'tara' },
    3_000,
  ),
  customer('c05', 'Echo Converted', { signupDate: '2026-02-20', trialEndsOn: '2026-03-06' }, 1_500),
  customer(
    'c06',
    'Fox Trial',
    { signupDate: '2026-03-07', trialEndsOn: '2026-03-21', status: 'trial', csmId: 'tara' },
    800,
  ),
  customer(
    'c07',
    'Gamma Direct',
    { plan: 'team', monthlyPriceCents: 24_900, signupDate: '2026-03-08', csmId: null },
    1_000,
  ),
  customer('c08', 'Hazel Trial', { signupDate: '2026-02-25', trialEndsOn: '2026-03-11', status: 'trial' }, 2_000, 3),
];

export async function seedBriefingScenario(app: App): Promise<void> {
  const ingest = async (entity: Parameters<App['domain']['ingest']['ingest']>[0], records: unknown[]) => {
    const report = await app.domain.ingest.ingest(entity, records);
    if (report.rejected > 0) throw new Error(`${entity}: ${JSON.stringify(report.records.slice(0, 2))}`);
  };
  await ingest(
    'customers',
    STORIES.map((s) => s.input),
  );
  const usage = [];
  for (const s of STORIES)
    for (const day of days(s.input.signupDate > HISTORY_FROM ? s.input.signupDate : HISTORY_FROM, HISTORY_TO)) {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      const calls = s.input.id === 'c01' && (weekday === 0 || weekday === 6) ? s.calls / 2 : s.calls;
      usage.push({
        customerId: s.input.id,
        day,
        apiCalls: calls,
        apiErrors: Math.floor(calls / 100),
        featuresUsed: 4,
        sessions: 5,
        docViews: 1,
        teamMembers: s.team,
      });
    }
  await ingest('usage', usage);
  const payments: unknown[] = days(HISTORY_FROM, HISTORY_TO).map((day) => ({
    id: `pay_c01_${day}`,
    customerId: 'c01',
    invoiceId: null,
    attemptedAt: at(day, 12),
    amountCents: WEEKLY_CENTS[new Date(`${day}T00:00:00Z`).getUTCDay()]!,
    currency: 'usd',
    status: 'succeeded',
  }));
  payments.push({
    id: 'pay_c05_conversion',
    customerId: 'c05',
    invoiceId: null,
    attemptedAt: at('2026-03-06', 10),
    amountCents: 9_900,
    currency: 'usd',
    status: 'succeeded',
  });
  await ingest('payments', payments);
  const tickets: unknown[] = days(HISTORY_FROM, HISTORY_TO).flatMap((day) =>
    [
      ['c02', 9],
      ['c04', 13],
    ].map(([customerId, hour]) => ({
      id: `tk_${customerId}_${day}`,
      customerId,
      subject: 'How do I rotate an API key?',
      channel: 'email',
      status: 'resolved',
      severity: 'low',
      createdAt: at(day, hour as number),
      resolvedAt: at(day, (hour as number) + 2),
    })),
  );
  tickets.push({
    id: CRITICAL.id,
    customerId: CRITICAL.customerId,
    subject: 'All API calls failing with 500',
    channel: 'email',
    status: 'resolved',
    severity: 'critical',
    createdAt: CRITICAL.createdAt,
    resolvedAt: CRITICAL.resolvedAt,
  });
  await ingest('tickets', tickets);
  await ingest(
    'health',
    days(HISTORY_FROM, HISTORY_TO).flatMap((day) =>
      ['api', 'dashboard'].map((service) => {
        const down = service === 'api' && day === OUTAGE_DAY ? 3 : 0;
        return {
          service,
          at: at(day, 0),
          windowMinutes: 1440,
          downtimeMinutes: down,
          latencyP50Ms: 80,
          latencyP95Ms: down > 0 ? 400 : 200,
          incidents: down > 0 ? 1 : 0,
        };
      }),
    ),
  );
  await ingest(
    'targets',
    days(HISTORY_FROM, HISTORY_TO).map((day) => ({ metric: 'revenueCents', day, target: 1_000_000 })),
  );
}

/** The raw records the expected figures are computed from, read back without the code under test. */
export async function rawRecords(db: Db) {
  const k = db.kysely;
  return {
    customers: await k.selectFrom('customers').selectAll().execute(),
    payments: await k.selectFrom('payment_attempts').selectAll().execute(),
    usage: await k.selectFrom('usage_daily').selectAll().execute(),
    tickets: await k.selectFrom('tickets').selectAll().execute(),
    health: await k.selectFrom('health_samples').selectAll().execute(),
    audit: await k.selectFrom('audit_log').selectAll().orderBy('seq').execute(),
  };
}
export type RawRecords = Awaited<ReturnType<typeof rawRecords>>;
