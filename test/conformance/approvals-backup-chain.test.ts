/**
 * The chain of backups inside real workflow runs, through the approval service and the gate, with
 * the injected clock: a synchronous approval goes to the silent approver's backup after 5 minutes,
 * to that backup's backup after 5 more, then the workflow takes its conservative default; the
 * initiator is passed over, never asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { resolvePolicy } from '../../src/policy/index.ts';
import { T0 } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { MINUTE, createBed, type Bed } from './approval-harness.ts';

/** Synchronous, with the default chain of two backups: Fiona → Carlos → Olivia (who has none). */
const CHAIN = resolvePolicy({ approvals: { defaultKind: 'synchronous' } });

describe.each(databaseFactories())('backup chains in workflow runs on $name', (factory) => {
  let database: Database;
  let bed: Bed;
  afterEach(async () => {
    await bed.engine.stop(0);
    await database.close();
  });
  async function open(): Promise<Bed> {
    database = await factory.create();
    bed = await createBed(database, CHAIN);
    return bed;
  }
  const asked = () => bed.notifier.sent.map((n) => [n.type, n.recipients]);

  it('asks the backup, then the backup of the backup, then takes the conservative default', async () => {
    await open();
    const runId = await bed.startRefund({ amountUsd: 4200 });
    await bed.engine.runUntil(T0 + 5 * MINUTE);
    expect(await bed.approvalOf(runId)).toMatchObject({ status: 'escalated', round: 2, deadline: T0 + 10 * MINUTE });
    await bed.engine.runUntil(T0 + 10 * MINUTE - 1);
    expect((await bed.approvalOf(runId)).round).toBe(2);
    await bed.engine.runUntil(T0 + 10 * MINUTE);
    expect(await bed.approvalOf(runId)).toMatchObject({ status: 'escalated', round: 3, deadline: T0 + 15 * MINUTE });
    expect(asked()).toEqual([
      ['approval_requested', ['fiona']],
      ['approval_escalated', ['fiona', 'carlos']],
      ['approval_escalated', ['fiona', 'carlos', 'olivia']],
    ]);
    await bed.engine.runUntil(T0 + 15 * MINUTE - 1);
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    await bed.engine.runUntil(T0 + 15 * MINUTE);
    expect(await bed.output(runId)).toMatchObject({ outcome: 'conservative_default' });
    expect(bed.effects).toEqual(['credit-note']);
    const escalations = await bed.repos.audit.list({ runId, kind: 'approval_escalated' });
    expect(escalations.map((e) => e.data)).toMatchObject([
      { round: 2, reason: 'escalated_to_backup', deadline: T0 + 10 * MINUTE },
      { round: 3, reason: 'escalated_to_backup', deadline: T0 + 15 * MINUTE },
    ]);
    expect(await bed.verify()).toMatchObject({ ok: true });
  });

  it("executes on the approval of the backup's backup", async () => {
    await open();
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const { id } = await bed.approvalOf(runId);
    await bed.engine.runUntil(T0 + 6 * MINUTE);
    await expect(
      bed.service.decide({ approvalId: id, by: 'olivia', verdict: 'approve', channel: 'slack' }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    await bed.engine.runUntil(T0 + 12 * MINUTE);
    await bed.service.decide({ approvalId: id, by: 'olivia', verdict: 'approve', channel: 'slack' });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    expect((await bed.approvalOf(runId)).decisions).toMatchObject([{ by: 'olivia', round: 3 }]);
  });

  it('passes over the initiator: Carlos proposed it, so after Fiona comes his backup, Olivia', async () => {
    await open();
    const runId = await bed.startRefund({ amountUsd: 4200, initiatedBy: 'carlos' });
    const { id } = await bed.approvalOf(runId);
    await bed.engine.runUntil(T0 + 5 * MINUTE);
    await expect(
      bed.service.decide({ approvalId: id, by: 'carlos', verdict: 'approve', channel: 'slack' }),
    ).rejects.toMatchObject({ code: 'SELF_APPROVAL' });
    await bed.engine.runUntil(T0 + 10 * MINUTE);
    expect(asked()).toEqual([
      ['approval_requested', ['fiona']],
      ['approval_escalated', ['fiona']],
      ['approval_escalated', ['fiona', 'olivia']],
    ]);
    await bed.service.decide({ approvalId: id, by: 'olivia', verdict: 'approve', channel: 'dashboard' });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
  });
});
