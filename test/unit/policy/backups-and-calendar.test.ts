/**
 * The policy's business calendar, the approval kinds' business-hours flag, the bound on backup
 * chains, people's time zones and optional backups, and the load-time check that backups never
 * lead round in a circle (with the people named).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  PolicyValidationError,
  backupCycles,
  loadPolicy,
  resolvePolicy,
  type FieldIssue,
} from '../../../src/policy/index.ts';

function issuesOf(overrides: unknown): FieldIssue[] {
  try {
    resolvePolicy(overrides);
  } catch (err) {
    if (err instanceof PolicyValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected the policy to be rejected');
}

const people = DEFAULT_POLICY.directory.people;
const withBackups = (backups: Record<string, string | null>) => ({
  directory: {
    people: people.map(({ backupId, ...p }) => {
      const next = p.id in backups ? backups[p.id] : backupId;
      return next === null || next === undefined ? p : { ...p, backupId: next };
    }),
  },
});

describe('defaults', () => {
  it('count asynchronous approvals in Los Angeles business hours, the others on the wall clock', () => {
    expect(DEFAULT_POLICY.businessCalendar).toEqual({
      timeZone: 'America/Los_Angeles',
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: { start: '09:00', end: '17:00' },
      holidays: [],
    });
    const { kinds, maxBackupHops } = DEFAULT_POLICY.approvals;
    expect([kinds.synchronous.businessHours, kinds.asynchronous.businessHours, kinds.consensus.businessHours]).toEqual([
      undefined,
      true,
      undefined,
    ]);
    expect(maxBackupHops).toBe(2);
  });

  it('give the owner no backup, so every chain of backups ends with her', () => {
    expect(people.find((p) => p.id === 'olivia')?.backupId).toBeUndefined();
    expect(backupCycles(people)).toEqual([]);
  });
});

describe('the business calendar', () => {
  it('is validated with field paths', () => {
    expect(
      issuesOf({
        businessCalendar: {
          timeZone: 'Mars/Olympus',
          workingDays: ['mon', 'funday'],
          hours: { start: '9am', end: '17:00' },
          holidays: ['2026-02-30'],
        },
      }),
    ).toEqual([
      { path: 'businessCalendar.timeZone', message: 'expected an IANA time zone such as America/Los_Angeles' },
      { path: 'businessCalendar.workingDays[1]', message: expect.stringContaining('expected one of') as unknown },
      { path: 'businessCalendar.hours.start', message: 'expected a time of day as HH:MM (24-hour clock)' },
      { path: 'businessCalendar.holidays[0]', message: 'expected a date as YYYY-MM-DD' },
    ]);
    expect(issuesOf({ businessCalendar: { hours: { start: '17:00', end: '09:00' } } })).toEqual([
      { path: 'businessCalendar.hours', message: 'opening hours must start before they end' },
    ]);
    expect(issuesOf({ businessCalendar: { workingDays: [] } })).toEqual([
      { path: 'businessCalendar.workingDays', message: expect.stringContaining('>=1') as unknown },
    ]);
  });

  it('merges key by key, and its lists replace the default', () => {
    const policy = resolvePolicy({ businessCalendar: { timeZone: 'Europe/Berlin', holidays: ['2026-12-24'] } });
    expect(policy.businessCalendar).toEqual({
      ...DEFAULT_POLICY.businessCalendar,
      timeZone: 'Europe/Berlin',
      holidays: ['2026-12-24'],
    });
  });

  it('applies to a kind only when the kind says so, and the chain bound is a small whole number', () => {
    const policy = resolvePolicy({ approvals: { maxBackupHops: 3, kinds: { synchronous: { businessHours: true } } } });
    expect(policy.approvals.kinds.synchronous).toEqual({
      timeoutMinutes: 5,
      fallback: 'escalate_to_backup',
      businessHours: true,
    });
    expect(issuesOf({ approvals: { maxBackupHops: 0, kinds: { consensus: { businessHours: 'yes' } } } })).toEqual([
      { path: 'approvals.maxBackupHops', message: expect.stringContaining('>=1') as unknown },
      { path: 'approvals.kinds.consensus.businessHours', message: 'expected boolean, received string' },
    ]);
    expect(issuesOf({ approvals: { maxBackupHops: 1.5 } })).toHaveLength(1);
  });
});

describe('people', () => {
  it('may name their time zone, which must be a real one', () => {
    const inNewYork = people.map((p) => (p.id === 'fiona' ? { ...p, timeZone: 'America/New_York' } : p));
    expect(resolvePolicy({ directory: { people: inNewYork } }).directory.people[1]?.timeZone).toBe('America/New_York');
    const nowhere = people.map((p) => (p.id === 'fiona' ? { ...p, timeZone: 'EST5EDT-ish' } : p));
    expect(issuesOf({ directory: { people: nowhere } })).toEqual([
      { path: 'directory.people[1].timeZone', message: 'expected an IANA time zone such as America/Los_Angeles' },
    ]);
  });

  it('may go without a backup', () => {
    expect(resolvePolicy(withBackups({ hana: null })).directory.people[4]).not.toHaveProperty('backupId');
  });
});

describe('cycles of backups', () => {
  it('are rejected at load, naming the people round the circle', () => {
    expect(issuesOf(withBackups({ olivia: 'carlos' }))).toEqual([
      { path: 'directory.people[0].backupId', message: 'backups form a cycle: olivia → carlos → olivia' },
    ]);
    // Sam → Tara → Hana → Sam, and a second, separate one: Bianca ↔ Olivia.
    expect(issuesOf(withBackups({ hana: 'sam', olivia: 'bianca' }))).toEqual([
      { path: 'directory.people[0].backupId', message: 'backups form a cycle: olivia → bianca → olivia' },
      { path: 'directory.people[4].backupId', message: 'backups form a cycle: hana → sam → tara → hana' },
    ]);
  });

  it('stop a policy file from loading, with the field path and the people in the message', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'psizero-cycle-')), 'policy.json');
    await writeFile(path, JSON.stringify(withBackups({ olivia: 'carlos' })));
    await expect(loadPolicy(path)).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      message: `invalid policy in ${path}: directory.people[0].backupId: backups form a cycle: olivia → carlos → olivia`,
    });
  });

  it('are found once each, from the member listed first, past chains that only lead into them', () => {
    const graph = [
      { id: 'a', backupId: 'b' },
      { id: 'b', backupId: 'c' },
      { id: 'c', backupId: 'b' },
      { id: 'd', backupId: 'a' },
      { id: 'e' },
      { id: 'f', backupId: 'f' },
      { id: 'g', backupId: 'nobody' },
    ];
    expect(backupCycles(graph)).toEqual([['b', 'c', 'b']]);
  });
});
