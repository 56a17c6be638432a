/**
 * Business hours: the seed's asynchronous approval is "approval within business hours" with a
 * 4-hour timeout, so its clock runs only while the approver's business is open. A calendar names a
 * time zone, the working days, the opening hours and the holidays; `addBusinessTime` walks the
 * calendar's local days (through daylight-saving changes, by wall clock) and spends the duration
 * only inside opening hours. Pure: no I/O, no clock.
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

/** The opening hours of one local day as instants, or null when the business is closed that day. */
function openingOf(day: DateTime, calendar: BusinessCalendar): { opens: number; closes: number } | null {
  const weekday = WEEKDAYS[day.weekday - 1]!;
  if (!calendar.workingDays.includes(weekday)) return null;
  if (calendar.holidays.includes(day.toISODate()!)) return null;
  const at = (time: string): number => {
    const minutes = minutesOf(time);
    // Wall-clock time on that date; a time that a spring-forward skips moves to the next valid one.
    return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
  };
  return { opens: at(calendar.hours.start), closes: at(calendar.hours.end) };
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
  let day = DateTime.fromMillis(start, { zone: calendar.timeZone }).startOf('day');
  for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched++, day = day.plus({ days: 1 }).startOf('day')) {
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
  let day = DateTime.fromMillis(start, { zone: calendar.timeZone }).startOf('day');
  while (day.toMillis() < end) {
    const opening = openingOf(day, calendar);
    if (opening !== null) total += Math.max(0, Math.min(end, opening.closes) - Math.max(start, opening.opens));
    day = day.plus({ days: 1 }).startOf('day');
  }
  return total;
}
