import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  BusinessCalendarSchema,
  addBusinessTime,
  businessTimeBetween,
  inTimeZone,
  type BusinessCalendar,
} from '../../../src/policy/business-hours.ts';

const HOUR = 3_600_000;
const LA: BusinessCalendar = {
  timeZone: 'America/Los_Angeles',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '09:00', end: '17:00' },
  holidays: [],
};
const la = (iso: string): number => DateTime.fromISO(iso, { zone: 'America/Los_Angeles' }).toMillis();
const inLa = (t: number): string =>
  DateTime.fromMillis(t, { zone: 'America/Los_Angeles' }).toFormat('ccc yyyy-LL-dd HH:mm');

describe('business hours', () => {
  it('counts a Friday 16:00 request 4 hours into Monday 12:00', () => {
    expect(inLa(addBusinessTime(la('2026-12-04T16:00'), 4 * HOUR, LA))).toBe('Mon 2026-12-07 12:00');
  });

  it('counts wall-clock business hours across the spring-forward weekend', () => {
    // DST begins Sunday 8 March 2026 in Los Angeles: the weekend is an hour shorter, business hours are not.
    const due = addBusinessTime(la('2026-03-06T16:00'), 4 * HOUR, LA);
    expect(inLa(due)).toBe('Mon 2026-03-09 12:00');
    expect(due - la('2026-03-06T16:00')).toBe(68 * HOUR - HOUR);
  });

  it('counts wall-clock business hours across the fall-back weekend', () => {
    const due = addBusinessTime(la('2026-10-30T16:00'), 4 * HOUR, LA);
    expect(inLa(due)).toBe('Mon 2026-11-02 12:00');
    expect(due - la('2026-10-30T16:00')).toBe(68 * HOUR + HOUR);
  });

  it('skips holidays', () => {
    const withHoliday = { ...LA, holidays: ['2026-12-07'] };
    expect(inLa(addBusinessTime(la('2026-12-04T16:00'), 4 * HOUR, withHoliday))).toBe('Tue 2026-12-08 12:00');
  });

  it('starts counting at opening when asked before it, on a closed day, or after closing', () => {
    expect(inLa(addBusinessTime(la('2026-12-07T06:30'), HOUR, LA))).toBe('Mon 2026-12-07 10:00');
    expect(inLa(addBusinessTime(la('2026-12-05T11:00'), HOUR, LA))).toBe('Mon 2026-12-07 10:00');
    expect(inLa(addBusinessTime(la('2026-12-07T19:00'), HOUR, LA))).toBe('Tue 2026-12-08 10:00');
    expect(inLa(addBusinessTime(la('2026-12-07T10:00'), 0, LA))).toBe('Mon 2026-12-07 10:00');
  });

  it('spreads a long duration over several working days', () => {
    // Wednesday 4 h, Thursday 8 h, Friday 8 h: exactly at Friday's closing; one more hour is Monday's first.
    expect(inLa(addBusinessTime(la('2026-12-09T13:00'), 20 * HOUR, LA))).toBe('Fri 2026-12-11 17:00');
    expect(inLa(addBusinessTime(la('2026-12-09T13:00'), 21 * HOUR, LA))).toBe('Mon 2026-12-14 10:00');
  });

  it('follows the approver in their own time zone', () => {
    const berlin = inTimeZone(LA, 'Europe/Berlin');
    const due = addBusinessTime(la('2026-12-04T16:00'), 4 * HOUR, berlin);
    expect(DateTime.fromMillis(due, { zone: 'Europe/Berlin' }).toFormat('ccc HH:mm')).toBe('Mon 13:00');
  });

  it('measures business time between two instants as the inverse', () => {
    const start = la('2026-03-06T16:00');
    for (const hours of [0.5, 1, 4, 9, 17, 40]) {
      expect(businessTimeBetween(start, addBusinessTime(start, hours * HOUR, LA), LA)).toBe(hours * HOUR);
    }
  });

  it('validates calendars with field paths', () => {
    const result = BusinessCalendarSchema.safeParse({
      timeZone: 'Mars/Olympus',
      workingDays: ['mon', 'funday'],
      hours: { start: '17:00', end: '09:00' },
      holidays: ['2026-13-01'],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'workingDays.1', 'holidays.0']));
  });
});
