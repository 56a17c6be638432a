/**
 * Calendar days as ISO strings ('2025-01-31') and instants as epoch milliseconds. Days are UTC
 * calendar days: usage, invoices and metrics are booked per day, and a string compares and sorts
 * the same way in SQLite and PostgreSQL without any time-zone setting on the connection.
 */
export const DAY_MS = 86_400_000;

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function addDays(day: string, days: number): string {
  return dayOf(dayStartMs(day) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayStartMs(to) - dayStartMs(from)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(dayStartMs(day)).getUTCDay();
}

export function isWeekend(day: string): boolean {
  const wd = weekdayOf(day);
  return wd === 0 || wd === 6;
}

export function todayUtc(nowMs: number = Date.now()): string {
  return dayOf(nowMs);
}
