/**
 * Comparisons for a daily metric: against yesterday, the same weekday a week ago, the same day a
 * month ago, month-to-date against the prior month's same span, and pacing against a target.
 * A percentage always travels with its base, and a zero base gives no percentage (null), never
 * Infinity or NaN.
 */

export interface Change {
  current: number;
  base: number;
  /** current − base */
  delta: number;
  /** 100 · delta / |base|; null when the base is zero. */
  percent: number | null;
  direction: 'up' | 'down' | 'flat';
}

/** A change from `base` to `current`, or null when either is missing. */
export function compare(current: number | null | undefined, base: number | null | undefined): Change | null {
  if (current == null || base == null || !Number.isFinite(current) || !Number.isFinite(base)) return null;
  const delta = current - base;
  return {
    current,
    base,
    delta,
    percent: base === 0 ? null : (100 * delta) / Math.abs(base),
    direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat',
  };
}

/** "+12.0% vs 2,540", or "+3 vs 0" when the base is zero. */
export function formatChange(change: Change, digits = 1): string {
  const base = change.base.toLocaleString('en-US', { maximumFractionDigits: 2 });
  if (change.percent === null) {
    const sign = change.delta > 0 ? '+' : '';
    return `${sign}${change.delta.toLocaleString('en-US', { maximumFractionDigits: 2 })} vs ${base}`;
  }
  const sign = change.percent > 0 ? '+' : '';
  return `${sign}${change.percent.toFixed(digits)}% vs ${base}`;
}

/** Daily values keyed by UTC day `YYYY-MM-DD`; a missing day is unknown, not zero. */
export type DailyValues = ReadonlyMap<string, number>;

export type Aggregate = 'sum' | 'mean';

export interface Pacing {
  /** Actual so far in the period. */
  actual: number;
  target: number;
  /** Share of the period elapsed, in (0, 1]. */
  elapsed: number;
  /** The target's share for the elapsed part: target · elapsed. */
  expectedToDate: number;
  /** actual against expectedToDate. */
  change: Change;
  /** Where the period ends if the pace holds: actual / elapsed. */
  projected: number;
}

/** Actual against the part of the target that the elapsed share of the period calls for. */
export function pacing(actual: number, target: number, elapsedUnits: number, totalUnits: number): Pacing {
  const elapsed = Math.min(1, Math.max(0, elapsedUnits / totalUnits));
  const expectedToDate = target * elapsed;
  return {
    actual,
    target,
    elapsed,
    expectedToDate,
    change: compare(actual, expectedToDate)!,
    projected: elapsed > 0 ? actual / elapsed : 0,
  };
}

export interface Target {
  period: 'day' | 'month';
  value: number;
}

export interface DailyComparison {
  day: string;
  value: number | null;
  vsYesterday: Change | null;
  vsWeekAgo: Change | null;
  vsMonthAgo: Change | null;
  /** This month's days 1..d against the prior month's days 1..d (capped at its length). */
  monthToDate: Change | null;
  vsTarget: Pacing | null;
}

/**
 * Every comparison for `day`. Month-to-date needs every day of both spans (a gap makes it null,
 * rather than comparing a partial sum); `aggregate` is 'sum' for amounts and counts, 'mean' for
 * rates. A daily target compares the day's value; a monthly one paces month-to-date.
 */
export function compareDay(
  values: DailyValues,
  day: string,
  options: { aggregate?: Aggregate; target?: Target } = {},
): DailyComparison {
  const aggregate = options.aggregate ?? 'sum';
  const value = values.get(day) ?? null;
  const mtd = spanTotal(values, monthStart(day), day, aggregate);
  const priorStart = monthStart(addMonths(day, -1));
  const priorEnd = addMonths(day, -1);
  const prior = spanTotal(values, priorStart, priorEnd, aggregate);
  let vsTarget: Pacing | null = null;
  if (options.target && options.target.period === 'day' && value !== null)
    vsTarget = pacing(value, options.target.value, 1, 1);
  if (options.target && options.target.period === 'month' && mtd !== null) {
    const dayOfMonth = Number(day.slice(8, 10));
    vsTarget = pacing(mtd, options.target.value, dayOfMonth, daysInMonth(day));
  }
  return {
    day,
    value,
    vsYesterday: compare(value, values.get(addDays(day, -1))),
    vsWeekAgo: compare(value, values.get(addDays(day, -7))),
    vsMonthAgo: compare(value, values.get(addMonths(day, -1))),
    monthToDate: compare(mtd, prior),
    vsTarget,
  };
}

function spanTotal(values: DailyValues, from: string, to: string, aggregate: Aggregate): number | null {
  let sum = 0;
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const v = values.get(d);
    if (v === undefined) return null;
    sum += v;
    n++;
  }
  if (n === 0) return null;
  return aggregate === 'sum' ? sum : sum / n;
}

function toMs(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return toDay(toMs(day) + days * 86_400_000);
}

/** The same day of another month, clamped to that month's last day (31 March − 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const target = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return toDay(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(Number(day.slice(8, 10)), last)));
}

function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`;
}

function daysInMonth(day: string): number {
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).getUTCDate();
}
