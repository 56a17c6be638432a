/**
 * A briefing composed from constructed source data (a Monday in March 2026 with revenue halved,
 * 3 minutes of downtime, two critical tickets, an engaged trial and a customer near its quota)
 * and the directory reading it: shared by the briefing's unit tests.
 */
import { addDays } from '../../src/domain/dates.ts';
import {
  audienceOf,
  briefingFor,
  composeBriefing,
  type BriefingModel,
  type CollectedSource,
} from '../../src/workflows/briefing/index.ts';
import {
  briefingWindow,
  HEALTH_NOT_BUILT,
  type ActionEntry,
  type DailySeries,
} from '../../src/workflows/briefing/sources/index.ts';

export const H = 3_600_000;
export const AS_OF = Date.UTC(2026, 2, 10, 15); // 08:00 in Los Angeles (PDT) on Tuesday 10 March 2026
export const SINCE = Date.UTC(2026, 2, 9, 15); // the previous briefing, 08:00 PDT on Monday
export const window = briefingWindow(AS_OF, SINCE);
export const DAY = window.day; // 2026-03-09, a Monday
export const N = 126;

/** 126 days ending on the reported day; `f(i, day)` for the i-th. */
export function series(f: (i: number, day: string) => number | null): DailySeries {
  return { from: window.from, values: Array.from({ length: N }, (_, i) => f(i, addDays(window.from, i))) };
}

/** $10,000 a day ± $100 by weekday, halved on the reported day. */
export const revenueCents = (i: number, day: string): number =>
  day === DAY ? 500_000 : 1_000_000 + 10_000 * (((i * 3) % 7) - 3);

const customers = {
  c1: { id: 'c1', name: 'One Co', csmId: 'sam' },
  c2: { id: 'c2', name: 'Two Trial', csmId: 'tara' },
};

function entry(seq: number, kind: ActionEntry['kind'], by: string | null, outcome: string | null, cents: number) {
  return { seq, kind, at: SINCE + seq * H, by, outcome, amountCents: cents, customerId: 'c1', invoiceId: `in_${seq}` };
}

export function collected(): CollectedSource[] {
  return [
    {
      name: 'overnight_revenue_metrics',
      title: 'overnight revenue metrics',
      result: {
        status: 'ok',
        data: {
          revenue: series(revenueCents),
          payments: series(() => 10),
          target: series(() => 900_000),
        },
      },
    },
    {
      name: 'customer_health_changes',
      title: 'customer health changes',
      result: { status: 'unavailable', reason: HEALTH_NOT_BUILT },
    },
    {
      name: 'api_performance_data',
      title: 'API performance data',
      result: {
        status: 'ok',
        data: {
          calls: series((i) => 100_000 + 1_000 * (i % 3)),
          errors: series(() => 100),
          errorRate: series((i) => (100 * 100) / (100_000 + 1_000 * (i % 3))),
          latencyP95: series((i) => 200 + (i % 2)),
          target: null,
        },
      },
    },
    {
      name: 'support_ticket_volume',
      title: 'support ticket volume',
      result: {
        status: 'ok',
        data: {
          created: series((i) => 4 + (i % 3)),
          critical: series((_i, day) => (day === DAY ? 1 : 0)),
          openCritical: [
            {
              id: 't1',
              subject: 'Webhook signature failing',
              severity: 'critical',
              createdAt: AS_OF - 20 * H,
              customer: customers.c1,
            },
            {
              id: 't4',
              subject: 'Data missing',
              severity: 'critical',
              createdAt: AS_OF - 5 * H,
              customer: customers.c2,
            },
          ],
        },
      },
    },
    {
      name: 'system_health_status',
      title: 'system health status',
      result: {
        status: 'ok',
        data: {
          uptime: series((_i, day) => (day === DAY ? (100 * (3 * 1440 - 3)) / (3 * 1440) : 100)),
          overnight: [
            { service: 'api', downtimeMinutes: 3, sampledMinutes: 1440, incidents: 1 },
            { service: 'dashboard', downtimeMinutes: 0, sampledMinutes: 1440, incidents: 0 },
          ],
        },
      },
    },
    {
      name: 'customer_growth',
      title: 'new customers',
      result: {
        status: 'ok',
        data: {
          signups: series(() => 4),
          trials: series(() => 2),
          conversions: series(() => 1),
          trialsTarget: null,
          conversionsTarget: null,
          newCustomers: [
            { id: 'c4', name: 'Four Direct', csmId: null, plan: 'team', segment: 'startup', trial: false },
            { id: 'c5', name: 'Five Trial', csmId: 'tara', plan: 'pro', segment: 'startup', trial: true },
          ],
        },
      },
    },
    {
      name: 'opportunities',
      title: 'opportunities',
      result: {
        status: 'ok',
        data: {
          engagedTrials: [
            {
              ...customers.c2,
              plan: 'pro',
              trialEndsOn: '2026-03-16',
              activeDays: 7,
              calls: 3_500,
              teamMembers: 3,
              featuresUsed: 4,
            },
          ],
          nearQuota: [
            { ...customers.c1, plan: 'hobby', monthlyPriceCents: 2_900, calls: 230_000, includedCalls: 250_000 },
          ],
        },
      },
    },
    {
      name: 'autonomous_actions',
      title: 'autonomous actions',
      result: {
        status: 'ok',
        data: {
          entries: [
            entry(11, 'charge_attempted', 'billing_cycle', 'paid', 2_900),
            entry(12, 'charge_attempted', 'billing_cycle', 'paid', 9_900),
            entry(13, 'charge_attempted', 'billing_cycle', 'declined', 4_900),
            entry(14, 'charge_attempted', 'automatic_retry', 'paid', 2_900),
            entry(15, 'charge_attempted', 'automatic_retry', 'declined', 4_900),
            entry(16, 'invoice_written_off', null, null, 1_500),
            entry(17, 'access_restricted', null, null, 4_900),
          ],
        },
      },
    },
    {
      name: 'approvals_waiting',
      title: 'approvals waiting',
      result: {
        status: 'ok',
        data: {
          approvals: [
            {
              id: 'apr_1',
              title: 'Write off PZ-7 ($1,200)',
              level: 2,
              createdAt: AS_OF - 2 * H,
              deadline: AS_OF + 2 * H,
              waitingFor: ['fiona', 'carlos'],
            },
          ],
        },
      },
    },
  ];
}

export const SETTINGS = {
  date: '2026-03-10',
  timezone: 'America/Los_Angeles',
  escalation: {
    revenueVariancePercentAbove: 10,
    customerHealthDropsAbove: 5,
    systemDowntimeMinutesAbove: 1,
    criticalSupportTicketsAbove: 0,
  },
};

export const PEOPLE = {
  olivia: { id: 'olivia', name: 'Olivia Owens', roles: ['owner', 'ceo'] },
  fiona: { id: 'fiona', name: 'Fiona Finch', roles: ['finance_manager'] },
  hana: { id: 'hana', name: 'Hana Hughes', roles: ['head_of_customer_success'] },
  sam: { id: 'sam', name: 'Sam Singh', roles: ['customer_success_manager'] },
  tara: { id: 'tara', name: 'Tara Torres', roles: ['customer_success_manager'] },
  bianca: { id: 'bianca', name: 'Bianca Bauer', roles: ['board'] },
};

export function compose(sources = collected()): BriefingModel {
  return composeBriefing(window, sources, SETTINGS);
}

export function personal(model: BriefingModel, who: keyof typeof PEOPLE) {
  const reader = PEOPLE[who];
  return briefingFor(model, reader, audienceOf(reader)!);
}
