/**
 * The customer-level facts a morning briefing names: critical tickets still open, yesterday's new
 * customers, trials using the product hard, paying customers near their plan's included calls, and
 * the system health samples completed since the last briefing. Each is a list of records (with the
 * customer's name and customer-success manager, so a briefing can keep to what its reader may
 * see), read as of `asOf` where the records carry the time.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { addDays } from '../dates.ts';
import { PLANS } from '../model/plans.ts';

export interface CustomerRef {
  id: string;
  name: string;
  csmId: string | null;
}

export interface OpenTicket {
  id: string;
  subject: string;
  severity: string;
  createdAt: number;
  customer: CustomerRef;
}

export interface NewCustomer extends CustomerRef {
  plan: string;
  segment: string;
  trial: boolean;
}

export interface TrialEngagement extends CustomerRef {
  plan: string;
  trialEndsOn: string;
  /** Days with API calls in the week ending on the day. */
  activeDays: number;
  calls: number;
  teamMembers: number;
  featuresUsed: number;
}

export interface PlanUsage extends CustomerRef {
  plan: string;
  monthlyPriceCents: number;
  /** API calls in the 30 days ending on the day. */
  calls: number;
  includedCalls: number;
}

export interface CompletedHealthSample {
  service: string;
  at: number;
  windowMinutes: number;
  downtimeMinutes: number;
  latencyP95Ms: number;
  incidents: number;
}

const MINUTE_MS = 60_000;

/** Statuses of a customer who pays for a plan today (the store keeps no history of plans). */
const PAYING = ['active', 'past_due'];

export class BusinessSignals {
  constructor(private readonly db: Db) {}

  /**
   * Tickets of `severity` open at `asOf`: created before it and not resolved by then (a ticket
   * marked resolved or closed without a resolution time counts as settled).
   */
  async openTickets(severity: string, asOf: number, limit = 200): Promise<OpenTicket[]> {
    const rows = await this.db.kysely
      .selectFrom('tickets as t')
      .innerJoin('customers as c', 'c.id', 't.customer_id')
      .select(['t.id', 't.subject', 't.severity', 't.created_at', 'c.id as customer_id', 'c.name', 'c.csm_id'])
      .where('t.severity', '=', severity)
      .where('t.created_at', '<', asOf)
      .where((eb) =>
        eb.or([
          eb('t.resolved_at', '>', asOf),
          eb.and([eb('t.resolved_at', 'is', null), eb('t.status', 'not in', ['resolved', 'closed'])]),
        ]),
      )
      .orderBy('t.created_at')
      .orderBy('t.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      severity: r.severity ?? severity,
      createdAt: Number(r.created_at),
      customer: { id: r.customer_id, name: r.name, csmId: r.csm_id },
    }));
  }

  /** Customers who signed up on `day`. */
  async newCustomers(day: string, limit = 500): Promise<NewCustomer[]> {
    const rows = await this.db.kysely
      .selectFrom('customers')
      .select(['id', 'name', 'csm_id', 'plan', 'segment', 'trial_ends_on'])
      .where('signup_date', '=', day)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      csmId: r.csm_id,
      plan: r.plan,
      segment: r.segment,
      trial: r.trial_ends_on !== null,
    }));
  }

  /**
   * Customers in a trial on `day` (signed up, trial not over, nothing paid before `asOf`) and
   * their use of the product in the week ending on `day`.
   */
  async trialEngagement(day: string, asOf: number): Promise<TrialEngagement[]> {
    const paid = sql<SqlBool>`exists (select 1 from payment_attempts p where p.customer_id = c.id and p.status = 'succeeded' and p.attempted_at < ${asOf})`;
    const rows = await this.db.kysely
      .selectFrom('customers as c')
      .innerJoin('usage_daily as u', 'u.customer_id', 'c.id')
      .select((eb) => [
        'c.id',
        'c.name',
        'c.csm_id',
        'c.plan',
        'c.trial_ends_on',
        sql<number>`sum(CASE WHEN u.api_calls > 0 THEN 1 ELSE 0 END)`.as('active_days'),
        eb.fn.sum<number>('u.api_calls').as('calls'),
        eb.fn.max<number>('u.team_members').as('team'),
        eb.fn.max<number>('u.features_used').as('features'),
      ])
      .where('c.signup_date', '<=', day)
      .where('c.trial_ends_on', '>=', day)
      .where('u.day', '>=', addDays(day, -6))
      .where('u.day', '<=', day)
      .where(sql<SqlBool>`not ${paid}`)
      .groupBy(['c.id', 'c.name', 'c.csm_id', 'c.plan', 'c.trial_ends_on'])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      csmId: r.csm_id,
      plan: r.plan,
      trialEndsOn: r.trial_ends_on!,
      activeDays: Number(r.active_days),
      calls: Number(r.calls),
      teamMembers: Number(r.team),
      featuresUsed: Number(r.features),
    }));
  }

  /**
   * Paying customers whose API calls in the 30 days ending on `day` reached `share` of what their
   * plan includes a month, most used first.
   */
  async planUsage(day: string, share: number): Promise<PlanUsage[]> {
    const rows = await this.db.kysely
      .selectFrom((eb) =>
        eb
          .selectFrom('usage_daily')
          .select((u) => ['customer_id', u.fn.sum<number>('api_calls').as('calls')])
          .where('day', '>=', addDays(day, -29))
          .where('day', '<=', day)
          .groupBy('customer_id')
          .as('u'),
      )
      .innerJoin('customers as c', 'c.id', 'u.customer_id')
      .select(['c.id', 'c.name', 'c.csm_id', 'c.plan', 'c.monthly_price_cents', 'u.calls'])
      .where('c.status', 'in', PAYING)
      .where('c.signup_date', '<=', day)
      .where('c.monthly_price_cents', '>', 0)
      .execute();
    const out: PlanUsage[] = [];
    for (const r of rows) {
      const plan = PLANS[r.plan];
      const used = Number(r.calls);
      if (plan === undefined || used < share * plan.includedCalls) continue;
      out.push({
        id: r.id,
        name: r.name,
        csmId: r.csm_id,
        plan: r.plan,
        monthlyPriceCents: Number(r.monthly_price_cents),
        calls: used,
        includedCalls: plan.includedCalls,
      });
    }
    return out.sort((a, b) => b.calls / b.includedCalls - a.calls / a.includedCalls || a.id.localeCompare(b.id));
  }

  /** Health samples that began at or after `fromMs` and whose window had ended by `asOf`. */
  async completedHealthSamples(fromMs: number, asOf: number): Promise<CompletedHealthSample[]> {
    const rows = await this.db.kysely
      .selectFrom('health_samples')
      .select(['service', 'at', 'window_minutes', 'downtime_minutes', 'latency_p95_ms', 'incidents'])
      .where('at', '>=', fromMs)
      .where(sql<SqlBool>`at + window_minutes * ${MINUTE_MS} <= ${asOf}`)
      .orderBy('at')
      .orderBy('service')
      .execute();
    return rows.map((r) => ({
      service: r.service,
      at: Number(r.at),
      windowMinutes: Number(r.window_minutes),
      downtimeMinutes: Number(r.downtime_minutes),
      latencyP95Ms: Number(r.latency_p95_ms),
      incidents: Number(r.incidents),
    }));
  }
}
