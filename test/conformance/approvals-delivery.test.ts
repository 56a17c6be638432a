/**
 * How decisions reach their runs, and what is refused: refusals with stable codes, concurrent
 * deciders, a crash between recording a decision and publishing its event (outbox), a decision
 * that lands just before the run starts waiting (re-publication), and signed email links.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApprovalLinks } from '../../src/approvals/index.ts';
import type { Database } from '../../src/db/index.ts';
import { T0 } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { HOUR, createBed, type Bed } from './approval-harness.ts';

const SECRET = 'conformance-link-secret-0123456789abcdef';

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code: string }).code;
  }
  throw new Error('expected a refusal');
}

describe.each(databaseFactories())('approval delivery on $name', (factory) => {
  let database: Database;
  let bed: Bed;
  beforeEach(async () => {
    database = await factory.create();
    bed = await createBed(database);
  });
  afterEach(async () => {
    await bed.engine.stop(0);
    await database.close();
  });

  it('refuses with stable codes and leaves the run waiting', async () => {
    const runId = await bed.startRefund({ amountUsd: 4200, initiatedBy: 'fiona' });
    const { id } = await bed.approvalOf(runId);
    const decide = (by: string, verdict: 'approve' | 'reject', reason?: string) =>
      bed.service.decide({ approvalId: id, by, verdict, reason, channel: 'api' });
    expect(await refusal(decide('fiona', 'approve'))).toBe('SELF_APPROVAL');
    expect(await refusal(decide('sam', 'approve'))).toBe('NOT_AUTHORIZED');
    expect(await refusal(decide('carlos', 'reject'))).toBe('REASON_REQUIRED');
    expect(
      await refusal(
        bed.service.decide({ approvalId: 'apr_missing', by: 'carlos', verdict: 'approve', channel: 'api' }),
      ),
    ).toBe('NOT_FOUND');
    await bed.engine.drain();
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    await decide('carlos', 'approve');
    expect(await refusal(decide('carlos', 'approve'))).toBe('ALREADY_DECIDED');
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
  });

  it('lets exactly one of two racing decisions on a single approval win', async () => {
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const { id } = await bed.approvalOf(runId);
    const results = await Promise.allSettled([
      bed.service.decide({ approvalId: id, by: 'fiona', verdict: 'approve', channel: 'slack' }),
      bed.service.decide({
        approvalId: id,
        by: 'fiona',
        verdict: 'reject',
        reason: 'changed my mind',
        channel: 'email',
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused?.reason as { code: string }).code).toMatch(/^(ALREADY_DECIDED|DUPLICATE_DECISION)$/);
    expect((await bed.approvalOf(runId)).decisions).toHaveLength(1);
  });

  it('records both of two concurrent consensus votes (compare-and-set retries the loser)', async () => {
    const runId = await bed.startRefund({ amountUsd: 4200, customers: [{ id: 'cus_1', successManagerId: 'sam' }] });
    const { id } = await bed.approvalOf(runId);
    await Promise.all([
      bed.service.decide({ approvalId: id, by: 'fiona', verdict: 'approve', channel: 'slack' }),
      bed.service.decide({ approvalId: id, by: 'sam', verdict: 'approve', channel: 'email' }),
    ]);
    expect(await bed.approvalOf(runId)).toMatchObject({ status: 'approved', version: 3 });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
  });

  it('is finished by another process after a restart: the gate replays its history deterministically', async () => {
    const runId = await bed.startRefund({ amountUsd: 4200, customers: [{ id: 'cus_1', successManagerId: 'sam' }] });
    await bed.service.decide({
      approvalId: (await bed.approvalOf(runId)).id,
      by: 'fiona',
      verdict: 'approve',
      channel: 'email',
    });
    await bed.engine.drain();
    await bed.engine.stop(0);
    const restarted = await createBed(database);
    await restarted.service.decide({
      approvalId: (await restarted.approvalOf(runId)).id,
      by: 'sam',
      verdict: 'approve',
      channel: 'slack',
    });
    await restarted.engine.drain();
    expect(await restarted.output(runId)).toMatchObject({ outcome: 'executed' });
    expect([...bed.effects, ...restarted.effects]).toHaveLength(1);
    expect(restarted.notifier.sent.map((n) => n.type)).toEqual(['approval_resolved']);
    expect(await restarted.verify()).toMatchObject({ ok: true });
  });

  it('wakes the run after a crash between recording the decision and publishing its event', async () => {
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const { id } = await bed.approvalOf(runId);
    const publish = bed.engine.publish.bind(bed.engine);
    bed.engine.publish = () => Promise.reject(new Error('process died here'));
    await bed.service.decide({ approvalId: id, by: 'fiona', verdict: 'approve', channel: 'dashboard' });
    bed.engine.publish = publish;
    await bed.engine.drain();
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    expect(await bed.approvalOf(runId)).toMatchObject({ status: 'approved', outboxPending: true, publishedAt: null });

    expect(await bed.service.sweep()).toEqual({ flushed: 1, republished: 0 });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    expect(await bed.approvalOf(runId)).toMatchObject({ outboxPending: false, publishCount: 1 });
    expect(await bed.auditKinds(runId)).toContain('approval_decision');
    expect(await bed.service.sweep()).toEqual({ flushed: 0, republished: 0 });
  });

  it('re-publishes a decision whose event came just before its run started waiting', async () => {
    // The approver answers between the run's read of the approval and the registration of its
    // wait: the event is older than the wait, so the wait cannot see it.
    const observe = bed.service.observe.bind(bed.service);
    let raced = false;
    bed.service.observe = async (approvalId) => {
      const seen = await observe(approvalId);
      if (!raced) {
        raced = true;
        await bed.service.decide({ approvalId, by: 'fiona', verdict: 'approve', channel: 'slack' });
      }
      return seen;
    };
    const runId = await bed.startRefund({ amountUsd: 4200 });
    expect(raced).toBe(true);
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    expect(await bed.service.sweep()).toEqual({ flushed: 0, republished: 0 });
    await bed.engine.runUntil(T0 + 60_000);
    expect(await bed.service.sweep()).toEqual({ flushed: 0, republished: 1 });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    expect(await bed.approvalOf(runId)).toMatchObject({ publishCount: 2, acknowledgedAt: T0 + 60_000 });
    await bed.engine.runUntil(T0 + 10 * 60_000);
    expect(await bed.service.sweep()).toEqual({ flushed: 0, republished: 0 });
  });

  describe('approval links', () => {
    let links: ApprovalLinks;
    beforeEach(() => {
      links = new ApprovalLinks({
        secret: SECRET,
        repository: bed.repos.approvals,
        approvals: bed.service,
        clock: bed.clock,
        ttlMs: 2 * HOUR,
      });
    });

    it('inspecting changes nothing; redeeming decides once through the email channel', async () => {
      const runId = await bed.startRefund({ amountUsd: 4200 });
      const { id } = await bed.approvalOf(runId);
      const { token, expiresAt } = await links.issue({ approvalId: id, personId: 'fiona', intent: 'approve' });
      expect(expiresAt).toBe(T0 + 2 * HOUR);
      for (let i = 0; i < 3; i++) {
        expect(await links.inspect(token)).toMatchObject({
          claims: { approvalId: id, personId: 'fiona', intent: 'approve' },
          approval: { status: 'pending' },
        });
      }
      expect(await links.redeem(token, { comment: 'from my phone' })).toMatchObject({
        status: 'approved',
        decisions: [{ by: 'fiona', channel: 'email', comment: 'from my phone' }],
      });
      expect(await refusal(links.redeem(token))).toBe('LINK_USED');
      expect(await refusal(links.inspect(token))).toBe('LINK_USED');
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    });

    it('refuses tampered, unknown and expired links; a rejection link asks for a reason before it is used up', async () => {
      const runId = await bed.startRefund({ amountUsd: 4200 });
      const { id } = await bed.approvalOf(runId);
      const reject = await links.issue({ approvalId: id, personId: 'fiona', intent: 'reject' });
      expect(await refusal(links.redeem(reject.token))).toBe('REASON_REQUIRED');
      const [v, claims, mac] = reject.token.split('.');
      const tampered = `${v}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims!, 'base64url').toString()), i: 'approve' })).toString('base64url')}.${mac}`;
      expect(await refusal(links.redeem(tampered))).toBe('LINK_INVALID');
      const other = new ApprovalLinks({
        secret: `${SECRET}-other`,
        repository: bed.repos.approvals,
        approvals: bed.service,
        clock: bed.clock,
      });
      const foreign = await other.issue({ approvalId: id, personId: 'fiona', intent: 'approve' });
      expect(await refusal(links.inspect(foreign.token))).toBe('LINK_INVALID');
      expect(await links.redeem(reject.token, { reason: 'duplicate' })).toMatchObject({ status: 'rejected' });

      const second = await bed.startRefund({ amountUsd: 4200 });
      const late = await links.issue({
        approvalId: (await bed.approvalOf(second)).id,
        personId: 'fiona',
        intent: 'approve',
      });
      await bed.engine.runUntil(T0 + 2 * HOUR);
      expect(await refusal(links.redeem(late.token))).toBe('LINK_EXPIRED');
      expect(
        () =>
          new ApprovalLinks({
            secret: 'short',
            repository: bed.repos.approvals,
            approvals: bed.service,
            clock: bed.clock,
          }),
      ).toThrow(/at least 32/);
    });
  });
});
