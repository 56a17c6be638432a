/**
 * Business hours: the seed's asynchronous approval is "approval within business hours" with a
 * 4-hour timeout, so its clock runs only while the approver's business is open. A calendar names a
 * time zone, the working days, the opening hours and the holidays; `addBusinessTime` walks the
 * calendar's local days (through daylight-saving changes, by wall clock) and spends the duration
 * only inside opening hours. Pure: no I/O, no clock (time-zone conversions are memoised).
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { PsiZeroError } from '../lib/errors.ts';
import type { DeepReadonly } from './primitives.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (24-hour clock)');

export const TimeZoneSchema = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone such as America/Los_Angeles');

const HolidaySchema = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

export const BusinessCalendarSchema = z
  .strictObject({
    timeZone: TimeZoneSchema,
    workingDays: z.array(z.enum(WEEKDAYS)).min(1),
    hours: z.strictObject({ start: TimeOfDaySchema, end: TimeOfDaySchema }),
    holidays: z.array(HolidaySchema),
  })
  .refine((calendar) => minutesOf(calendar.hours.start) < minutesOf(calendar.hours.end), {
    message: 'opening hours must start before they end',
    path: ['hours'],
  });

export type BusinessCalendar = DeepReadonly<z.infer<typeof BusinessCalendarSchema>>;

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** The calendar in another time zone (an approver's own), with the same days, hours and holidays. */
export function inTimeZone(calendar: BusinessCalendar, timeZone: string | undefined): BusinessCalendar {
  return timeZone === undefined || timeZone === calendar.timeZone ? calendar : { ...calendar, timeZone };
}

/** A date on the calendar's wall clock. */
interface LocalDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The local day an instant falls on in `timeZone`. */
function localDayOf(instant: number, timeZone: string): LocalDay {
  const { year, month, day } = DateTime.fromMillis(instant, { zone: timeZone });
  return { year, month, day };
}

/** The day after, by plain date arithmetic (no time zone is involved in counting days). */
function nextDay({ year, month, day }: LocalDay): LocalDay {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The opening hours of one local day as instants, or null when the business is closed that day.
 * Only open days touch the time-zone database, which keeps the walk cheap.
 */
function openingOf(local: LocalDay, calendar: BusinessCalendar): { opens: number; closes: number } | null {
  const weekday = WEEKDAYS[(new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7]!;
  if (!calendar.workingDays.includes(weekday)) return null;
  if (calendar.holidays.includes(`${local.year}-${pad(local.month)}-${pad(local.day)}`)) return null;
  const at = (time: string): number => instantOf(local, minutesOf(time), calendar.timeZone);
  return { opens: at(calendar.hours.start), closes: at(calendar.hours.end) };
}

/**
 * Wall-clock times already converted to instants. The time-zone database is the walk's only real
 * cost and its rules do not change while the process runs, so conversions are kept (a bounded set).
 */
const instants = new Map<string, number>();
const INSTANTS_KEPT = 10_000;

/** The instant of a wall-clock time on a local day; a time that a spring-forward skips moves to the next valid one. */
function instantOf(local: LocalDay, minutes: number, timeZone: string): number {
  const key = `${timeZone} ${local.year}-${local.month}-${local.day} ${minutes}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    const wall = { ...local, hour: Math.floor(minutes / 60), minute: minutes % 60 };
    instant = DateTime.fromObject(wall, { zone: timeZone }).toMillis();
    if (instants.size >= INSTANTS_KEPT) instants.clear();
    instants.set(key, instant);
  }
  return instant;
}

/** Longer than any run of closed days a sane calendar has (holidays included). */
const MAX_DAYS_SEARCHED = 3_660;

/**
 * The instant when `durationMs` of business time has passed since `start`. Time before opening,
 * after closing, on closed days and on holidays does not count. A calendar without a single open
 * day within ten years is refused rather than looped over forever.
 */
export function addBusinessTime(start: number, durationMs: number, calendar: BusinessCalendar): number {
  let remaining = Math.max(0, durationMs);
  let day = localDayOf(start, calendar.timeZone);
  for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched++, day = nextDay(day)) {
    const opening = openingOf(day, calendar);
    if (opening === null || opening.closes <= start) continue;
    const from = Math.max(start, opening.opens);
    if (from + remaining <= opening.closes) return from + remaining;
    remaining -= opening.closes - from;
  }
  throw new PsiZeroError('CALENDAR_NEVER_OPEN', 'the business calendar has no opening hours within ten years', {
    kind: 'invalid',
    retryable: false,
  });
}

/** Business time between two instants (0 when `end` is not after `start`). */
export function businessTimeBetween(start: number, end: number, calendar: BusinessCalendar): number {
  let total = 0;
  const last = localDayOf(Math.max(start, end), calendar.timeZone);
  const after = (a: LocalDay, b: LocalDay): boolean =>
    a.year !== b.year ? a.year > b.year : a.month !== b.month ? a.month > b.month : a.day > b.day;
  for (let day = localDayOf(start, calendar.timeZone); !after(day, last); day = nextDay(day)) {
    const opening = openingOf(day, calendar);
    if (opening !== null) total += Math.max(0, Math.min(end, opening.closes) - Math.max(start, opening.opens));
  }
  return total;
}
