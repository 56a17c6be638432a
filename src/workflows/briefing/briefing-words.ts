/**
 * How a briefing writes numbers, days and times. Hand-rolled like the rest of PsiZero's words
 * (lib/calendar.ts, policy/money.ts), so output never depends on the process locale; times are
 * written in the briefing's zone (the policy's), days as the UTC days the figures are booked on.
 */
import { DateTime } from 'luxon';
import type { Change } from '../../analytics/index.ts';
import { dayStartMs } from '../../domain/dates.ts';
import { MONTH_NAMES, WEEKDAY_NAMES } from '../../lib/calendar.ts';
import { formatCount, formatUsd } from '../../policy/money.ts';
import type { MetricUnit } from './metric-definitions.ts';

/** "Monday, March 9, 2026" for a YYYY-MM-DD day. */
export function longDay(day: string): string {
  const d = new Date(dayStartMs(day));
  return `${WEEKDAY_NAMES[d.getUTCDay()]}, ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** "Monday, March 9" for a YYYY-MM-DD day. */
export function shortDay(day: string): string {
  const d = new Date(dayStartMs(day));
  return `${WEEKDAY_NAMES[d.getUTCDay()]}, ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "Monday" for a YYYY-MM-DD day. */
export function weekdayName(day: string): string {
  return WEEKDAY_NAMES[new Date(dayStartMs(day)).getUTCDay()]!;
}

/** "Mar 9, 14:30" in `zone`. */
export function shortTime(ms: number, zone: string): string {
  const t = DateTime.fromMillis(ms, { zone });
  const hm = `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
  return `${MONTH_NAMES[t.month - 1]!.slice(0, 3)} ${t.day}, ${hm}`;
}

/** The calendar day (YYYY-MM-DD) of an instant in `zone`. */
export function localDay(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate()!;
}

/** A value in its unit: "$2,847", "247,832", "99.93%", "212 ms". */
export function formatValue(value: number, unit: MetricUnit): string {
  switch (unit) {
    case 'usd_cents': {
      // Whole dollars from $1,000 up, as the seed's sample writes them.
      const usd = Math.round(value) / 100;
      return formatUsd(Math.abs(usd) >= 1000 ? Math.round(usd) : usd);
    }
    case 'count':
      return formatCount(Math.round(value));
    case 'percent':
      return `${value >= 99 && value < 100 ? value.toFixed(2) : Number(value.toFixed(1))}%`;
    case 'ms':
      return `${formatCount(Math.round(value))} ms`;
  }
}

/** "+12.1%", "−3.0%", or the plain difference when the base is zero ("+3"). */
export function formatPercentChange(change: Change, unit: MetricUnit): string {
  if (change.percent === null) {
    const sign = change.delta > 0 ? '+' : change.delta < 0 ? '−' : '±';
    return `${sign}${formatValue(Math.abs(change.delta), unit)}`;
  }
  const sign = change.percent > 0 ? '+' : change.percent < 0 ? '−' : '±';
  return `${sign}${Math.abs(change.percent).toFixed(1)}%`;
}

/** "+12.1% vs $2,540 yesterday": the change always with its base. */
export function changeWords(change: Change, unit: MetricUnit, base: string): string {
  return `${formatPercentChange(change, unit)} vs ${formatValue(change.base, unit)} ${base}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "3 min", "2.5 min". */
export function minutes(m: number): string {
  const r = Math.round(m * 10) / 10;
  return `${Number.isInteger(r) ? formatCount(r) : r.toFixed(1)} min`;
}
