/**
 * A briefing source: one kind of data the morning briefing collects, behind a small interface so
 * that the workflows built later (customer health, support triage) plug in by implementing it,
 * without changing the briefing. A source either answers with its data or says it is unavailable
 * and why (never a made-up figure); the workflow runs each as a durable step with the seed's
 * 5-minute timeout and names a source that failed or timed out as unavailable.
 */
import { DAY_MS, addDays, dayOf, dayStartMs, daysBetween } from '../../../domain/dates.ts';

/** The seed's five data sources, in its order. */
export const SEED_SOURCES = [
  'overnight_revenue_metrics',
  'customer_health_changes',
  'api_performance_data',
  'support_ticket_volume',
  'system_health_status',
] as const;

/** What else a briefing reads: who signed up, opportunities, what PsiZero did, what waits for people. */
export const EXTRA_SOURCES = [
  'customer_growth',
  'opportunities',
  'autonomous_actions',
  'approvals_waiting',
  'follow_ups',
] as const;

export type SourceName = (typeof SEED_SOURCES)[number] | (typeof EXTRA_SOURCES)[number];

/** The moment a briefing describes, fixed before anything is collected. */
export interface BriefingWindow {
  /** The briefing's moment (the schedule's slot: 08:00 in the policy's zone). */
  asOf: number;
  /** The previous briefing's moment: "overnight" and "since the last briefing" start here. */
  since: number;
  /** The last complete UTC day before `asOf`: the day the daily figures report. */
  day: string;
  /** First day of the history the series carry (comparisons, the detector's learning, 90-day charts). */
  from: string;
}

/** Days of history before the reported day: 90 shown, plus a month for comparisons and the detector's learning. */
export const HISTORY_DAYS = 126;

export function briefingWindow(asOf: number, since: number, historyDays = HISTORY_DAYS): BriefingWindow {
  const day = addDays(dayOf(asOf), -1);
  return { asOf, since, day, from: addDays(day, -(historyDays - 1)) };
}

export type Collected<T> = { status: 'ok'; data: T } | { status: 'unavailable'; reason: string };

export interface BriefingSource<T = unknown> {
  readonly name: SourceName;
  /** How the briefing names it, e.g. "customer health changes". */
  readonly title: string;
  collect(window: BriefingWindow): Promise<Collected<T>>;
}

export const ok = <T>(data: T): Collected<T> => ({ status: 'ok', data });
export const unavailable = (reason: string): Collected<never> => ({ status: 'unavailable', reason });

/**
 * One value per day from `from` through the window's day; null where nothing is known (before the
 * records begin, or a day no sample covers).
 */
export interface DailySeries {
  from: string;
  values: (number | null)[];
}

/**
 * Dense daily values from sparse per-day totals: a day without records counts 0 once the records
 * have begun (`since`, default the first day with a record), and is unknown (null) before.
 */
export function dailySeries(
  window: Pick<BriefingWindow, 'from' | 'day'>,
  totals: readonly { day: string; value: number }[],
  options: { zeroFrom?: string | null } = {},
): DailySeries {
  const length = daysBetween(window.from, window.day) + 1;
  const byDay = new Map(totals.map((t) => [t.day, t.value]));
  const first = options.zeroFrom === undefined ? (totals.map((t) => t.day).sort()[0] ?? null) : options.zeroFrom;
  const values = Array.from({ length }, (_, i) => {
    const day = addDays(window.from, i);
    const v = byDay.get(day);
    if (v !== undefined) return v;
    return first !== null && day >= first ? 0 : null;
  });
  return { from: window.from, values };
}

/** The value on `day`, or null when the series does not reach it. */
export function valueOn(series: DailySeries, day: string): number | null {
  const i = Math.round((dayStartMs(day) - dayStartMs(series.from)) / DAY_MS);
  return i >= 0 && i < series.values.length ? (series.values[i] ?? null) : null;
}
