/**
 * Business-hours deadlines inside real workflow runs, through the approval service and the gate's
 * durable wait, with the injected clock: an asynchronous request made on Friday at 16:00 in Los
 * Angeles (09:00-17:00) stays pending over the weekend and times out on Monday at 12:00, when the
 * workflow takes its conservative default; in the approver's own time zone when the directory
 * gives one; past a holiday.
 */
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { DEFAULT_POLICY, resolvePolicy, type Policy } from '../../src/policy/index.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { HOUR, createBed, type Bed } from './approval-harness.ts';

const LA = 'America/Los_Angeles';
const at = (iso: string, zone = LA): number => DateTime.fromISO(iso, { zone }).toMillis();
const FRIDAY_16 = at('2026-12-04T16:00');
const MONDAY_12 = at('2026-12-07T12:00');

describe.each(databaseFactories())('business-hours approvals in workflow runs on $name', (factory) => {
  let database: Database;
  let bed: Bed;
  async function open(policy: Policy = DEFAULT_POLICY): Promise<Bed> {
    database = await factory.create();
    bed = await createBed(database, policy);
    bed.clock.set(FRIDAY_16);
    return bed;
  }
  afterEach(async () => {
    await bed.engine.stop(0);
    await database.close();
  });

  it('waits from Friday 16:00 to Monday 12:00, pending until the last moment, then takes the conservative default', async () => {
    await open();
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const approval = await bed.approvalOf(runId);
    expect(approval).toMatchObject({ kind: 'asynchronous', status: 'pending', deadline: MONDAY_12 });
    expect(bed.notifier.sent.map((n) => [n.type, n.recipients, n.deadline])).toEqual([
      ['approval_requested', ['fiona'], MONDAY_12],
    ]);

    // Four wall-clock hours, and the whole weekend, change nothing.
    await bed.engine.runUntil(FRIDAY_16 + 4 * HOUR);
    await bed.engine.runUntil(MONDAY_12 - 1);
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    expect(await bed.approvalOf(runId)).toMatchObject({ status: 'pending', deadline: MONDAY_12 });
    expect(bed.effects).toEqual([]);

    await bed.engine.runUntil(MONDAY_12);
    expect(await bed.output(runId)).toMatchObject({ outcome: 'conservative_default', result: { creditNote: true } });
    expect(await bed.approvalOf(runId)).toMatchObject({ status: 'expired', resolvedAt: MONDAY_12 });
    expect(bed.effects).toEqual(['credit-note']);
    const [timedOut] = await bed.repos.audit.list({ runId, kind: 'approval_timed_out' });
    expect(timedOut).toMatchObject({ at: MONDAY_12, data: { round: 1, deadline: MONDAY_12 } });
    expect(await bed.verify()).toMatchObject({ ok: true });
  });

  it("a decision on Monday morning still counts: the weekend did not use up the approver's time", async () => {
    await open();
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const { id } = await bed.approvalOf(runId);
    await bed.engine.runUntil(at('2026-12-07T09:30'));
    await bed.service.decide({ approvalId: id, by: 'fiona', verdict: 'approve', channel: 'slack' });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
  });

  it("counts in the approver's own time zone: New York's Monday 09:00-13:00", async () => {
    const people = DEFAULT_POLICY.directory.people.map((p) =>
      p.id === 'fiona' ? { ...p, timeZone: 'America/New_York' } : p,
    );
    await open(resolvePolicy({ directory: { people } }));
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const due = at('2026-12-07T13:00', 'America/New_York');
    expect((await bed.approvalOf(runId)).deadline).toBe(due);
    await bed.engine.runUntil(due - 1);
    expect((await bed.approvalOf(runId)).status).toBe('pending');
    await bed.engine.runUntil(due);
    expect(await bed.output(runId)).toMatchObject({ outcome: 'conservative_default' });
  });

  it('skips a holiday on the calendar', async () => {
    await open(resolvePolicy({ businessCalendar: { holidays: ['2026-12-07'] } }));
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const tuesday = at('2026-12-08T12:00');
    expect((await bed.approvalOf(runId)).deadline).toBe(tuesday);
    await bed.engine.runUntil(MONDAY_12);
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    await bed.engine.runUntil(tuesday);
    expect(await bed.output(runId)).toMatchObject({ outcome: 'conservative_default' });
  });
});
