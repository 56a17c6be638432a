/**
 * The briefing's moments from the policy's schedule (a cron expression in an IANA zone): the slot
 * on a given local date (what `psizero briefing show --date` composes for), and the slot before a
 * slot (where "since the last briefing" starts). Across a daylight-saving change the previous
 * slot is 23 or 25 hours back, as the wall clock says. Pure.
 */
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import { ValidationError } from '../../lib/errors.ts';

export interface BriefingSchedule {
  cron: string;
  timezone: string;
}

/** The first slot on `date` (YYYY-MM-DD) in the schedule's zone. */
export function slotOn(schedule: BriefingSchedule, date: string): number {
  const start = DateTime.fromISO(date, { zone: schedule.timezone }).startOf('day');
  if (!start.isValid) throw new ValidationError('invalid date', [{ path: 'date', message: 'expected YYYY-MM-DD' }]);
  const slot = CronExpressionParser.parse(schedule.cron, {
    currentDate: new Date(start.toMillis() - 1),
    tz: schedule.timezone,
  })
    .next()
    .getTime();
  if (slot >= start.plus({ days: 1 }).toMillis())
    throw new ValidationError('no briefing that day', [
      { path: 'date', message: `the schedule "${schedule.cron}" has no slot on ${date}` },
    ]);
  return slot;
}

/** The slot before `slot`: the previous briefing's moment. */
export function previousSlot(schedule: BriefingSchedule, slot: number): number {
  return CronExpressionParser.parse(schedule.cron, { currentDate: new Date(slot), tz: schedule.timezone })
    .prev()
    .getTime();
}

/** The calendar date of `slot` in the schedule's zone. */
export function dateOfSlot(schedule: BriefingSchedule, slot: number): string {
  return DateTime.fromMillis(slot, { zone: schedule.timezone }).toISODate()!;
}

/** The workflow's input for a slot. */
export function morningInput(schedule: BriefingSchedule, slot: number): { date: string; asOf: number; since: number } {
  return { date: dateOfSlot(schedule, slot), asOf: slot, since: previousSlot(schedule, slot) };
}
