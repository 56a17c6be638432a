/**
 * Payment recovery in dollars, computed from the recovery cases (pure, like the metrics beside it):
 * what is at risk now (open cases), what was recovered, written off or closed unrecovered, and
 * what was recovered and written off week by week, for the Billing page and its chart.
 */
import { DAY_MS } from '../dates.ts';
import type { RecoveryCase } from './recovery-case.ts';

export interface MoneyFigure {
  cases: number;
  cents: number;
}

export interface RecoveryWeek {
  /** The Monday the week starts on (UTC), YYYY-MM-DD. */
  weekStart: string;
  recoveredCents: number;
  writtenOffCents: number;
}

export interface RecoveryMoney {
  /** Open cases: unpaid and still being recovered. */
  atRisk: MoneyFigure;
  recovered: MoneyFigure;
  writtenOff: MoneyFigure;
  /** Closed unpaid at the recovery deadline. */
  unrecovered: MoneyFigure;
  /** The last `weeks` weeks up to the one holding `now`, oldest first (weeks without money included). */
  weekly: RecoveryWeek[];
}

const WEEK_MS = 7 * DAY_MS;

/** The Monday 00:00 UTC on or before `ms`. */
export function weekStartOf(ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

function figure(cases: readonly RecoveryCase[]): MoneyFigure {
  return { cases: cases.length, cents: cases.reduce((sum, c) => sum + c.amountCents, 0) };
}

export function recoveryMoney(cases: readonly RecoveryCase[], options: { now: number; weeks: number }): RecoveryMoney {
  const recovered = cases.filter((c) => c.status === 'recovered');
  const writtenOff = cases.filter((c) => c.status === 'written_off');
  const last = weekStartOf(options.now);
  const weekly: RecoveryWeek[] = [];
  for (let i = options.weeks - 1; i >= 0; i--) {
    const start = last - i * WEEK_MS;
    const within = (at: number | null): boolean => at !== null && at >= start && at < start + WEEK_MS;
    weekly.push({
      weekStart: new Date(start).toISOString().slice(0, 10),
      recoveredCents: figure(recovered.filter((c) => within(c.recoveredAt))).cents,
      writtenOffCents: figure(writtenOff.filter((c) => within(c.closedAt))).cents,
    });
  }
  return {
    atRisk: figure(cases.filter((c) => c.status === 'open')),
    recovered: figure(recovered),
    writtenOff: figure(writtenOff),
    unrecovered: figure(cases.filter((c) => c.status === 'unrecovered')),
    weekly,
  };
}
