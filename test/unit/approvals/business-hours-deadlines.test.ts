/**
 * Round deadlines on the business calendar: the asynchronous kind's 4 hours count only while the
 * business is open (the default calendar: Los Angeles, Monday to Friday, 09:00-17:00), in the
 * approver's own time zone when the directory gives one; synchronous and consensus stay on the
 * wall clock unless the policy says otherwise.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { applyTimeout, openApproval, type Approval } from '../../../src/approvals/index.ts';
import { resolvePolicy, type DecisionRecord, type Policy } from '../../../src/policy/index.ts';
import { DEFAULT_POLICY } from '../../../src/policy/index.ts';
import { HOUR, MINUTE, consensusRecord, record } from './fixtures.ts';

const LA = 'America/Los_Angeles';
const NY = 'America/New_York';
const at = (iso: string, zone = LA): number => DateTime.fromISO(iso, { zone }).toMillis();
const local = (t: number, zone = LA): string => DateTime.fromMillis(t, { zone }).toFormat('ccc yyyy-LL-dd HH:mm');

function open(r: DecisionRecord, now: number, policy: Policy = DEFAULT_POLICY): Approval {
  return openApproval({ id: 'apr_1', runId: 'run_1', record: r, now }, policy.directory, policy.businessCalendar);
}

/** The default policy with Fiona (the finance manager, so the $4,200 approver) working in another zone. */
function withFionaIn(timeZone: string, overrides: Record<string, unknown> = {}): Policy {
  const people = DEFAULT_POLICY.directory.people.map((p) => (p.id === 'fiona' ? { ...p, timeZone } : p));
  return resolvePolicy({ ...overrides, directory: { people } });
}

describe('asynchronous deadlines in business hours', () => {
  it('a request made on Friday at 16:00 in Los Angeles times out on Monday at 12:00', () => {
    const a = open(record(4200), at('2026-12-04T16:00'));
    expect(a.kind).toBe('asynchronous');
    expect(local(a.deadline)).toBe('Mon 2026-12-07 12:00');
    expect(a.rounds[0]!.deadline).toBe(a.deadline);
    // The timeout stored is still the kind's 4 hours; only the deadline moved over the weekend.
    expect(a.timeoutMs).toBe(4 * HOUR);
  });

  it('counts wall-clock business hours across the March and November daylight-saving changes', () => {
    const spring = open(record(4200), at('2026-03-06T16:00'));
    expect(local(spring.deadline)).toBe('Mon 2026-03-09 12:00');
    expect(spring.deadline - at('2026-03-06T16:00')).toBe(67 * HOUR);
    const fall = open(record(4200), at('2026-10-30T16:00'));
    expect(local(fall.deadline)).toBe('Mon 2026-11-02 12:00');
    expect(fall.deadline - at('2026-10-30T16:00')).toBe(69 * HOUR);
  });

  it('skips the holidays the calendar lists', () => {
    const policy = resolvePolicy({ businessCalendar: { holidays: ['2026-12-07', '2026-12-25'] } });
    expect(local(open(record(4200, {}, policy), at('2026-12-04T16:00'), policy).deadline)).toBe('Tue 2026-12-08 12:00');
  });

  it("follows the approver's own time zone when the directory gives one", () => {
    const policy = withFionaIn(NY);
    // Friday 16:00 in Los Angeles is 19:00 in New York, after Fiona's day: her 4 hours are Monday 09:00-13:00.
    const late = open(record(4200, {}, policy), at('2026-12-04T16:00'), policy);
    expect(local(late.deadline, NY)).toBe('Mon 2026-12-07 13:00');
    expect(local(late.deadline)).toBe('Mon 2026-12-07 10:00');
    // Friday 16:00 in New York: one hour on Friday, three on Monday.
    const early = open(record(4200, {}, policy), at('2026-12-04T16:00', NY), policy);
    expect(local(early.deadline, NY)).toBe('Mon 2026-12-07 12:00');
  });

  it("uses the calendar's zone when a round asks several people, whatever their own zones", () => {
    const policy = withFionaIn(NY, { approvals: { kinds: { consensus: { businessHours: true } } } });
    // Fiona (New York) and Sam (no zone) both approve: the calendar's Los Angeles hours count,
    // 1 on Friday, 8 on Monday and Tuesday, 7 on Wednesday (in New York hours it would be Wednesday 14:00).
    const a = open(consensusRecord(policy), at('2026-12-04T16:00'), policy);
    expect(a.kind).toBe('consensus');
    expect(local(a.deadline)).toBe('Wed 2026-12-09 16:00');
  });
});

describe('wall-clock kinds', () => {
  it('keeps synchronous (5 minutes) and consensus (24 hours) on the wall clock by default', () => {
    const friday = at('2026-12-04T16:58');
    const sync = resolvePolicy({ approvals: { defaultKind: 'synchronous' } });
    expect(open(record(4200, {}, sync), friday, sync).deadline).toBe(friday + 5 * MINUTE);
    expect(open(consensusRecord(), friday).deadline).toBe(friday + 24 * HOUR);
  });

  it('counts a synchronous kind in business hours when the policy says so, escalation rounds too', () => {
    const policy = resolvePolicy({
      approvals: { defaultKind: 'synchronous', kinds: { synchronous: { businessHours: true } } },
    });
    const a = open(record(4200, {}, policy), at('2026-12-04T16:58'), policy);
    // Two minutes on Friday, three on Monday morning.
    expect(local(a.deadline)).toBe('Mon 2026-12-07 09:03');
    const { approval } = applyTimeout(a, 1, a.deadline, policy.directory, policy.businessCalendar);
    expect(approval.rounds[1]).toMatchObject({ reason: 'escalated_to_backup', deadline: a.deadline + 5 * MINUTE });
  });

  it('times an escalation round in the time zone of the one backup it newly asks', () => {
    const people = DEFAULT_POLICY.directory.people.map((p) => (p.id === 'carlos' ? { ...p, timeZone: NY } : p));
    const policy = resolvePolicy({
      approvals: { defaultKind: 'synchronous', kinds: { synchronous: { businessHours: true, timeoutMinutes: 60 } } },
      directory: { people },
    });
    // Fiona's hour runs 15:30-16:30 in Los Angeles; Carlos, her backup, is asked at 19:30 in New York.
    const a = open(record(4200, {}, policy), at('2026-12-04T15:30'), policy);
    expect(local(a.deadline)).toBe('Fri 2026-12-04 16:30');
    const { approval } = applyTimeout(a, 1, a.deadline, policy.directory, policy.businessCalendar);
    expect(approval.rounds[1]!.eligible[0]!.people).toEqual(['fiona', 'carlos']);
    expect(local(approval.deadline, NY)).toBe('Mon 2026-12-07 10:00');
  });
});
