import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalRefusalCode, DecisionInput } from '../../../src/approvals/index.ts';
import {
  ApprovalRefusedError,
  applyDecision,
  applyTimeout,
  openApproval,
  openSlots,
} from '../../../src/approvals/index.ts';
import { DEFAULT_POLICY, buildDecisionRecord, type DecisionRecord, type Policy } from '../../../src/policy/index.ts';
import { CALENDAR, HOUR, LEVEL_1, MINUTE, POLICIES, T0, consensusRecord, proposal, record } from './fixtures.ts';

const directory = DEFAULT_POLICY.directory;

function open(r: DecisionRecord): Approval {
  return openApproval({ id: 'apr_1', runId: 'run_1', record: r, now: T0 }, directory, CALENDAR);
}

function decide(
  a: Approval,
  by: string,
  verdict: 'approve' | 'reject',
  extra: Partial<DecisionInput> = {},
  at = T0 + MINUTE,
  policy: Policy = DEFAULT_POLICY,
): Approval {
  return applyDecision(a, { approvalId: a.id, by, verdict, channel: 'dashboard', ...extra }, at, policy.directory);
}

function refusal(fn: () => unknown): ApprovalRefusalCode {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApprovalRefusedError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('openApproval', () => {
  it('opens round 1 for the routed people with the kind timeout from the policy', () => {
    const a = open(record(4200));
    expect(a).toMatchObject({
      status: 'pending',
      round: 1,
      kind: 'asynchronous',
      fallback: 'proceed_with_conservative_default',
    });
    expect(a.deadline).toBe(T0 + 4 * HOUR);
    expect(a.rounds[0]!.eligible).toEqual([{ requirement: 'finance_manager', people: ['fiona'], settlesAll: false }]);
    expect(open(record(4200, {}, POLICIES.synchronous)).deadline).toBe(T0 + 5 * MINUTE);
    expect(open(consensusRecord()).deadline).toBe(T0 + 24 * HOUR);
  });

  it('refuses a Level 1 action, which needs no approval', () => {
    const level1 = buildDecisionRecord({ ...proposal(10), classification: LEVEL_1 }, DEFAULT_POLICY);
    expect(level1.level).toBe(1);
    expect(() => open(level1)).toThrow(/needs no approval/);
  });
});

describe('applyDecision', () => {
  it('approves with one valid decision, records who, when, channel and comment, and sets the outbox', () => {
    const a = decide(open(record(4200)), 'fiona', 'approve', { comment: ' fine ' });
    expect(a).toMatchObject({ status: 'approved', resolvedAt: T0 + MINUTE, version: 2, outboxPending: true });
    expect(a.decisions).toEqual([
      {
        seq: 1,
        by: 'fiona',
        verdict: 'approve',
        requirement: 'finance_manager',
        settlesAll: false,
        round: 1,
        at: T0 + MINUTE,
        channel: 'dashboard',
        comment: 'fine',
        reason: null,
        choice: null,
      },
    ]);
  });

  it('refuses with a stable code for each rule', () => {
    const a = open(record(4200));
    expect(refusal(() => decide(a, 'sam', 'approve'))).toBe('NOT_AUTHORIZED');
    expect(refusal(() => decide(a, 'nobody', 'approve'))).toBe('UNKNOWN_PERSON');
    expect(refusal(() => decide(a, 'fiona', 'reject'))).toBe('REASON_REQUIRED');
    expect(refusal(() => decide(a, 'fiona', 'reject', { reason: '   ' }))).toBe('REASON_REQUIRED');
    expect(refusal(() => decide(decide(a, 'fiona', 'approve'), 'fiona', 'approve'))).toBe('ALREADY_DECIDED');
    const own = open(record(4200, { initiatedBy: 'fiona' }));
    expect(refusal(() => decide(own, 'fiona', 'approve'))).toBe('SELF_APPROVAL');
    // Fiona initiated, so her backup (Carlos) approves instead.
    expect(decide(own, 'carlos', 'approve').status).toBe('approved');
  });

  it('checks authority before the reason, so an outsider learns nothing about the form', () => {
    expect(refusal(() => decide(open(record(4200)), 'sam', 'reject'))).toBe('NOT_AUTHORIZED');
  });

  it('rejects with a reason', () => {
    const a = decide(open(record(4200)), 'fiona', 'reject', { reason: 'duplicate refund' });
    expect(a).toMatchObject({ status: 'rejected', resolvedAt: T0 + MINUTE });
    expect(a.decisions[0]!.reason).toBe('duplicate refund');
  });

  describe('consensus', () => {
    it('needs every routed role when the quorum is all; one rejection settles it', () => {
      const a = open(consensusRecord());
      const one = decide(a, 'fiona', 'approve');
      expect(one.status).toBe('pending');
      expect(openSlots(one)).toEqual([{ requirement: 'customer_success_manager', people: ['sam'], settlesAll: false }]);
      expect(refusal(() => decide(one, 'fiona', 'approve'))).toBe('DUPLICATE_DECISION');
      expect(decide(one, 'sam', 'approve', {}, T0 + 2 * MINUTE)).toMatchObject({
        status: 'approved',
        resolvedAt: T0 + 2 * MINUTE,
      });
      expect(decide(a, 'sam', 'reject', { reason: 'customer is mid-renewal' }).status).toBe('rejected');
    });

    it('with a quorum of 1, one approval is enough and one rejection is not final', () => {
      const a = open(consensusRecord(POLICIES.consensusQuorum1));
      const rejected = decide(a, 'fiona', 'reject', { reason: 'no' }, T0 + MINUTE, POLICIES.consensusQuorum1);
      expect(rejected.status).toBe('pending');
      expect(decide(rejected, 'sam', 'approve', {}, T0 + MINUTE, POLICIES.consensusQuorum1).status).toBe('approved');
    });
  });
});

describe('applyTimeout', () => {
  it('synchronous: escalates to the backup with a new deadline, then expires', () => {
    const a = open(record(4200, {}, POLICIES.synchronous));
    expect(applyTimeout(a, 1, T0 + 5 * MINUTE - 1, directory, CALENDAR).effect).toBe('not_due');
    const escalated = applyTimeout(a, 1, T0 + 5 * MINUTE, directory, CALENDAR);
    expect(escalated).toMatchObject({ effect: 'escalated', changed: true });
    expect(escalated.approval).toMatchObject({ status: 'escalated', round: 2, deadline: T0 + 10 * MINUTE, version: 2 });
    expect(escalated.approval.rounds[1]).toMatchObject({
      reason: 'escalated_to_backup',
      eligible: [{ requirement: 'finance_manager', people: ['fiona', 'carlos'] }],
    });
    expect(decide(escalated.approval, 'carlos', 'approve').status).toBe('approved');
    expect(applyTimeout(escalated.approval, 2, T0 + 10 * MINUTE, directory, CALENDAR)).toMatchObject({
      effect: 'expired',
      changed: true,
      approval: { status: 'expired' },
    });
  });

  it('is idempotent: asked again about a handled round it reports the same effect and changes nothing', () => {
    const a = open(record(4200, {}, POLICIES.synchronous));
    const escalated = applyTimeout(a, 1, T0 + 5 * MINUTE, directory, CALENDAR).approval;
    expect(applyTimeout(escalated, 1, T0 + 6 * MINUTE, directory, CALENDAR)).toEqual({
      approval: escalated,
      effect: 'escalated',
      changed: false,
    });
    const expired = applyTimeout(escalated, 2, T0 + 10 * MINUTE, directory, CALENDAR).approval;
    expect(applyTimeout(expired, 2, T0 + 11 * MINUTE, directory, CALENDAR)).toMatchObject({
      effect: 'expired',
      changed: false,
    });
    const approved = decide(a, 'fiona', 'approve');
    expect(applyTimeout(approved, 1, T0 + HOUR, directory, CALENDAR)).toMatchObject({
      effect: 'already_resolved',
      changed: false,
    });
  });

  it('never makes the initiator a decider in the backup round', () => {
    // Fiona's backup is Carlos; Carlos proposed the action.
    const a = open(record(4200, { initiatedBy: 'carlos' }, POLICIES.synchronous));
    const { approval } = applyTimeout(a, 1, T0 + 5 * MINUTE, directory, CALENDAR);
    expect(approval.rounds[1]!.eligible[0]!.people).toEqual(['fiona']);
  });

  it('asynchronous: expires at the deadline (the workflow takes its conservative default)', () => {
    const a = open(record(4200));
    expect(applyTimeout(a, 1, T0 + 4 * HOUR, directory, CALENDAR)).toMatchObject({
      effect: 'expired',
      approval: { status: 'expired', resolvedAt: T0 + 4 * HOUR },
    });
  });

  it('consensus: escalates to the final decision maker, whose one decision settles everything', () => {
    const a = decide(open(consensusRecord()), 'fiona', 'approve');
    const { approval, effect } = applyTimeout(a, 1, T0 + 24 * HOUR, directory, CALENDAR);
    expect(effect).toBe('escalated');
    expect(approval.rounds[1]!.eligible[0]).toEqual({ requirement: 'ceo', people: ['olivia'], settlesAll: true });
    const settled = decide(approval, 'olivia', 'approve', {}, T0 + 25 * HOUR);
    expect(settled).toMatchObject({
      status: 'approved',
      decisions: [{ by: 'fiona' }, { by: 'olivia', settlesAll: true, round: 2 }],
    });
    expect(decide(approval, 'olivia', 'reject', { reason: 'not now' }, T0 + 25 * HOUR).status).toBe('rejected');
    expect(applyTimeout(approval, 2, T0 + 48 * HOUR, directory, CALENDAR).effect).toBe('expired');
  });
});
