/**
 * Company-wide figures per UTC day, derived from the records themselves (payments, customers,
 * usage, tickets), so a briefing's number can always be traced to the rows it counts. Only what
 * happened before `asOf` counts: a briefing composed for a past morning sees what PsiZero could
 * have seen then (by the records' own business times; the store keeps no history of edits).
 * Days are bucketed in SQL by integer division of epoch milliseconds, the same on both dialects.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { DAY_MS, dayOf, dayStartMs } from '../dates.ts';

/** One day's total and how many records made it. */
export interface DayTotal {
  day: string;
  value: number;
  count: number;
}

export interface DayUsage {
  day: string;
  calls: number;
  errors: number;
  /** Customers with a usage row that day. */
  customers: number;
}

export interface DaySignups {
  day: string;
  signups: number;
  /** Of those, sign-ups that started a trial (a trial end date on record). */
  trials: number;
}

export interface DayTickets {
  day: string;
  created: number;
  critical: number;
}

const dayNumber = (ms: number): number => Math.floor(ms / DAY_MS);
const dayName = (n: number | string): string => dayOf(Number(n) * DAY_MS);

export class DailyTotals {
  constructor(private readonly db: Db) {}

  /** Cash collected: successful payment attempts by the UTC day they were made, `from` up to `asOf`. */
  async revenue(from: string, asOf: number): Promise<DayTotal[]> {
    const bucket = sql<number>`attempted_at / ${sql.lit(DAY_MS)}`;
    const rows = await this.db.kysely
      .selectFrom('payment_attempts')
      .select((eb) => [bucket.as('d'), eb.fn.sum<number>('amount_cents').as('value'), eb.fn.countAll().as('n')])
      .where('status', '=', 'succeeded')
      .where('attempted_at', '>=', dayStartMs(from))
      .where('attempted_at', '<', asOf)
      .groupBy(bucket)
      .orderBy(bucket)
      .execute();
    return rows.map((r) => ({ day: dayName(r.d), value: Number(r.value), count: Number(r.n) }));
  }

  /** New customers by sign-up day, and how many of them started a trial. */
  async signups(from: string, to: string): Promise<DaySignups[]> {
    const rows = await this.db.kysely
      .selectFrom('customers')
      .select((eb) => [
        'signup_date',
        eb.fn.countAll().as('n'),
        sql<number>`sum(CASE WHEN trial_ends_on IS NOT NULL THEN 1 ELSE 0 END)`.as('trials'),
      ])
      .where('signup_date', '>=', from)
      .where('signup_date', '<=', to)
      .groupBy('signup_date')
      .orderBy('signup_date')
      .execute();
    return rows.map((r) => ({ day: r.signup_date, signups: Number(r.n), trials: Number(r.trials) }));
  }

  /**
   * Paid conversions: a customer who signed up with a trial converts on the day of their first
   * successful payment. Trials older than `lookbackDays` before `from` cannot convert in range.
   */
  async conversions(from: string, asOf: number, lookbackDays = 120): Promise<DayTotal[]> {
    const rows = await this.db.kysely
      .selectFrom('customers as c')
      .innerJoin('payment_attempts as p', 'p.customer_id', 'c.id')
      .select((eb) => ['c.id', eb.fn.min<number>('p.attempted_at').as('first_paid')])
      .where('c.trial_ends_on', 'is not', null)
      .where('c.signup_date', '>=', dayOf(dayStartMs(from) - lookbackDays * DAY_MS))
      .where('p.status', '=', 'succeeded')
      .where('p.attempted_at', '<', asOf)
      .groupBy('c.id')
      .execute();
    const byDay = new Map<number, number>();
    const start = dayNumber(dayStartMs(from));
    for (const r of rows) {
      const d = dayNumber(Number(r.first_paid));
      if (d >= start) byDay.set(d, (byDay.get(d) ?? 0) + 1);
    }
    return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([d, n]) => ({ day: dayName(d), value: n, count: n }));
  }

  /** API calls and errors summed over every customer's usage row, per day. */
  async apiUsage(from: string, to: string): Promise<DayUsage[]> {
    const rows = await this.db.kysely
      .selectFrom('usage_daily')
      .select((eb) => [
        'day',
        eb.fn.sum<number>('api_calls').as('calls'),
        eb.fn.sum<number>('api_errors').as('errors'),
        eb.fn.countAll().as('n'),
      ])
      .where('day', '>=', from)
      .where('day', '<=', to)
      .groupBy('day')
      .orderBy('day')
      .execute();
    return rows.map((r) => ({
      day: r.day,
      calls: Number(r.calls),
      errors: Number(r.errors),
      customers: Number(r.n),
    }));
  }

  /** Tickets opened per day (by creation time, before `asOf`), and how many of them were critical. */
  async tickets(from: string, asOf: number): Promise<DayTickets[]> {
    const bucket = sql<number>`created_at / ${sql.lit(DAY_MS)}`;
    const rows = await this.db.kysely
      .selectFrom('tickets')
      .select((eb) => [
        bucket.as('d'),
        eb.fn.countAll().as('n'),
        sql<number>`sum(CASE WHEN severity = 'critical' THEN 1 ELSE 0 END)`.as('critical'),
      ])
      .where('created_at', '>=', dayStartMs(from))
      .where('created_at', '<', asOf)
      .groupBy(bucket)
      .orderBy(bucket)
      .execute();
    return rows.map((r) => ({ day: dayName(r.d), created: Number(r.n), critical: Number(r.critical) }));
  }
}
