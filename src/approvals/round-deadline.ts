/**
 * When a round's time is up. A kind whose timeout counts business hours (the plan's
 * `businessHours`, copied from the policy when the action was routed) spends it only while the
 * business calendar is open: in the time zone of the one person the round newly asks when the
 * directory gives theirs, otherwise (several people, or no zone given) in the calendar's own zone,
 * because people in different zones share no single working day. Every other kind counts
 * wall-clock time. The deadline is computed once, when the round opens, and stored on the approval.
 */
import type { ApprovalPlan, BusinessCalendar, Directory } from '../policy/index.ts';
import { addBusinessTime, findPerson, inTimeZone } from '../policy/index.ts';

export interface RoundDeadlineInput {
  start: number;
  timeoutMs: number;
  plan: ApprovalPlan;
  /** Directory ids of the people the round asks for the first time. */
  asked: readonly string[];
}

export function roundDeadline(
  { start, timeoutMs, plan, asked }: RoundDeadlineInput,
  directory: Directory,
  calendar: BusinessCalendar,
): number {
  if (plan.businessHours !== true) return start + timeoutMs;
  const people = [...new Set(asked)];
  const zone = people.length === 1 ? findPerson(directory, people[0]!)?.timeZone : undefined;
  return addBusinessTime(start, timeoutMs, inTimeZone(calendar, zone));
}
