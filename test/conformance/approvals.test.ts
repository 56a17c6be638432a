/**
 * Each approval kind inside real runs, with the injectable clock: approved in time, rejected, and
 * timed out (escalation to the backup, the conservative default, the final decision maker).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { T0 } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { HOUR, MINUTE, POLICIES, createBed, type Bed } from './approval-harness.ts';

const ACME = { id: 'cus_1', successManagerId: 'sam' };

describe.each(databaseFactories())('approval kinds in workflow runs on $name', (factory) => {
  let database: Database;
  let bed: Bed;
  async function open(policy = POLICIES.asynchronous): Promise<Bed> {
    database = await factory.create();
    bed = await createBed(database, policy);
    return bed;
  }
  afterEach(async () => {
    await bed.engine.stop(0);
    await database.close();
  });

  it('Level 1 executes and reports without asking anyone', async () => {
    await open();
    const runId = await bed.startRefund({ amountUsd: 10, impact: 'low' });
    expect(await bed.output(runId)).toMatchObject({
      outcome: 'executed',
      level: 1,
      approvalId: null,
      result: { refunded: 10 },
    });
    expect(bed.effects).toEqual([`refund:${runId}:gate:refund-${runId}:execute`]);
    expect(await bed.auditKinds(runId)).toEqual(['decision_record', 'action_executed']);
    expect(bed.notifier.sent).toEqual([]);
  });

  describe('asynchronous (4 hours, then the conservative default)', () => {
    it('approved in time: executes once, and the audit log tells the whole story', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 4200 });
      expect((await bed.engine.getRun(runId)).status).toBe('waiting');
      const approval = await bed.approvalOf(runId);
      expect(approval).toMatchObject({ status: 'pending', kind: 'asynchronous', deadline: T0 + 4 * HOUR });
      expect(bed.notifier.sent.map((n) => [n.type, n.recipients])).toEqual([['approval_requested', ['fiona']]]);

      await bed.engine.runUntil(T0 + HOUR);
      await bed.service.decide({
        approvalId: approval.id,
        by: 'fiona',
        verdict: 'approve',
        channel: 'slack',
        comment: 'ok',
      });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({
        outcome: 'executed',
        level: 2,
        approvalId: approval.id,
        result: { refunded: 4200 },
      });
      expect(bed.effects).toHaveLength(1);
      expect(await bed.auditKinds(runId)).toEqual([
        'decision_record',
        'approval_requested',
        'notification_sent',
        'approval_decision',
        'action_executed',
        'notification_sent',
      ]);
      const [decision] = await bed.repos.audit.list({ kind: 'approval_decision' });
      expect(decision).toMatchObject({
        actor: 'fiona',
        channel: 'slack',
        at: T0 + HOUR,
        data: { verdict: 'approve', comment: 'ok', statusAfter: 'approved' },
      });
      expect(await bed.verify()).toMatchObject({ ok: true });
    });

    it('rejected: does not execute', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 4200 });
      const approval = await bed.approvalOf(runId);
      await bed.service.decide({
        approvalId: approval.id,
        by: 'fiona',
        verdict: 'reject',
        reason: 'already refunded',
        channel: 'email',
      });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({ outcome: 'not_executed', reason: 'rejected' });
      expect(bed.effects).toEqual([]);
      expect(await bed.auditKinds(runId)).toContain('action_not_executed');
    });

    it('timed out: takes the conservative default at exactly 4 hours', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 4200 });
      await bed.engine.runUntil(T0 + 4 * HOUR - 1);
      expect((await bed.engine.getRun(runId)).status).toBe('waiting');
      await bed.engine.runUntil(T0 + 4 * HOUR);
      expect(await bed.output(runId)).toMatchObject({ outcome: 'conservative_default', result: { creditNote: true } });
      expect(bed.effects).toEqual(['credit-note']);
      expect(await bed.auditKinds(runId)).toEqual(
        expect.arrayContaining(['approval_timed_out', 'approval_expired', 'fallback_taken']),
      );
      expect((await bed.approvalOf(runId)).status).toBe('expired');
    });

    it('timed out without a declared default: does nothing', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 4200, withDefault: false });
      await bed.engine.runUntil(T0 + 4 * HOUR);
      expect(await bed.output(runId)).toMatchObject({ outcome: 'not_executed', reason: 'expired_without_default' });
      expect(bed.effects).toEqual([]);
    });
  });

  describe('synchronous (5 minutes, then the backup)', () => {
    it('approved in time', async () => {
      await open(POLICIES.synchronous);
      const runId = await bed.startRefund({ amountUsd: 4200 });
      const approval = await bed.approvalOf(runId);
      expect(approval).toMatchObject({ kind: 'synchronous', deadline: T0 + 5 * MINUTE });
      await bed.engine.runUntil(T0 + 4 * MINUTE);
      await bed.service.decide({ approvalId: approval.id, by: 'fiona', verdict: 'approve', channel: 'dashboard' });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    });

    it('timed out: escalates to the backup with a new deadline, who approves', async () => {
      await open(POLICIES.synchronous);
      const runId = await bed.startRefund({ amountUsd: 4200 });
      const { id } = await bed.approvalOf(runId);
      await expect(
        bed.service.decide({ approvalId: id, by: 'carlos', verdict: 'approve', channel: 'slack' }),
      ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
      await bed.engine.runUntil(T0 + 5 * MINUTE);
      expect(await bed.approvalOf(runId)).toMatchObject({ status: 'escalated', round: 2, deadline: T0 + 10 * MINUTE });
      expect(bed.notifier.sent.map((n) => [n.type, n.recipients])).toEqual([
        ['approval_requested', ['fiona']],
        ['approval_escalated', ['fiona', 'carlos']],
      ]);
      await bed.engine.runUntil(T0 + 7 * MINUTE);
      await bed.service.decide({ approvalId: id, by: 'carlos', verdict: 'approve', channel: 'slack' });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
      expect((await bed.approvalOf(runId)).decisions).toMatchObject([
        { by: 'carlos', round: 2, requirement: 'finance_manager' },
      ]);
      expect(await bed.auditKinds(runId)).toEqual(expect.arrayContaining(['approval_timed_out', 'approval_escalated']));
    });

    it('timed out twice: expires after the backup round too', async () => {
      await open(POLICIES.synchronous);
      const runId = await bed.startRefund({ amountUsd: 4200 });
      await bed.engine.runUntil(T0 + 10 * MINUTE);
      expect(await bed.output(runId)).toMatchObject({ outcome: 'conservative_default' });
      expect(await bed.auditKinds(runId)).toEqual(
        expect.arrayContaining(['approval_escalated', 'approval_expired', 'fallback_taken']),
      );
    });

    it('rejected by the backup', async () => {
      await open(POLICIES.synchronous);
      const runId = await bed.startRefund({ amountUsd: 4200 });
      const { id } = await bed.approvalOf(runId);
      await bed.engine.runUntil(T0 + 6 * MINUTE);
      await bed.service.decide({
        approvalId: id,
        by: 'carlos',
        verdict: 'reject',
        reason: 'fraud suspected',
        channel: 'slack',
      });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({ outcome: 'not_executed', reason: 'rejected' });
      expect(bed.effects).toEqual([]);
    });
  });

  describe('consensus (every routed role, 24 hours, then the final decision maker)', () => {
    it('approved in time by both the finance manager and the customer success manager', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 4200, customers: [ACME] });
      const approval = await bed.approvalOf(runId);
      expect(approval).toMatchObject({
        kind: 'consensus',
        approvalsNeeded: 2,
        requirements: ['finance_manager', 'customer_success_manager'],
      });
      await bed.service.decide({ approvalId: approval.id, by: 'fiona', verdict: 'approve', channel: 'email' });
      await bed.engine.drain();
      expect((await bed.engine.getRun(runId)).status).toBe('waiting');
      await bed.service.decide({ approvalId: approval.id, by: 'sam', verdict: 'approve', channel: 'slack' });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    });

    it('rejected by one of them', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 4200, customers: [ACME] });
      const { id } = await bed.approvalOf(runId);
      await bed.service.decide({ approvalId: id, by: 'fiona', verdict: 'approve', channel: 'email' });
      await bed.service.decide({
        approvalId: id,
        by: 'sam',
        verdict: 'reject',
        reason: 'customer disputes it',
        channel: 'slack',
      });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({ outcome: 'not_executed', reason: 'rejected' });
    });

    it('timed out: the final decision maker decides alone', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 4200, customers: [ACME] });
      const { id } = await bed.approvalOf(runId);
      await bed.service.decide({ approvalId: id, by: 'fiona', verdict: 'approve', channel: 'email' });
      await bed.engine.runUntil(T0 + 24 * HOUR);
      expect(await bed.approvalOf(runId)).toMatchObject({ status: 'escalated', round: 2, deadline: T0 + 48 * HOUR });
      expect(bed.notifier.sent.at(-1)).toMatchObject({ type: 'approval_escalated', recipients: ['olivia', 'sam'] });
      await bed.service.decide({
        approvalId: id,
        by: 'olivia',
        verdict: 'approve',
        comment: 'Sam is on leave',
        channel: 'dashboard',
      });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    });

    it('timed out twice: expires and takes the conservative default', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 4200, customers: [ACME] });
      await bed.engine.runUntil(T0 + 48 * HOUR);
      expect(await bed.output(runId)).toMatchObject({ outcome: 'conservative_default' });
    });
  });

  describe('Level 3 (recommend only)', () => {
    it('returns an approval to the workflow and never executes', async () => {
      await open();
      const runId = await bed.startRefund({ amountUsd: 30_000 });
      const approval = await bed.approvalOf(runId);
      expect(approval).toMatchObject({ level: 3, requirements: ['board'] });
      expect(bed.notifier.sent[0]).toMatchObject({ type: 'recommendation', recipients: ['bianca'] });
      expect(bed.notifier.sent[0]!.summary).toContain('Recommendation: refund the duplicate charge');
      await bed.service.decide({ approvalId: approval.id, by: 'bianca', verdict: 'approve', channel: 'email' });
      await bed.engine.drain();
      expect(await bed.output(runId)).toMatchObject({
        outcome: 'decided',
        level: 3,
        decision: 'approved',
        decisions: [{ by: 'bianca' }],
      });
      expect(bed.effects).toEqual([]);
      expect(await bed.auditKinds(runId)).toEqual(expect.arrayContaining(['recommendation_made', 'decision_recorded']));
      expect(await bed.auditKinds(runId)).not.toContain('action_executed');
    });

    it('returns a rejection, and an expiry without taking any default', async () => {
      await open();
      const rejected = await bed.startRefund({ amountUsd: 30_000 });
      const expired = await bed.startRefund({ amountUsd: 30_000 });
      const { id } = await bed.approvalOf(rejected);
      await bed.service.decide({
        approvalId: id,
        by: 'bianca',
        verdict: 'reject',
        reason: 'too large',
        channel: 'email',
      });
      await bed.engine.runUntil(T0 + 4 * HOUR);
      expect(await bed.output(rejected)).toMatchObject({ outcome: 'decided', decision: 'rejected' });
      expect(await bed.output(expired)).toMatchObject({ outcome: 'expired' });
      expect(bed.effects).toEqual([]);
    });
  });
});
