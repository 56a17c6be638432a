import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../src/approvals/index.ts';
import {
  applyDecision,
  applyTimeout,
  decideGateOutcome,
  isValidApproval,
  openApproval,
} from '../../../src/approvals/index.ts';
import { DEFAULT_POLICY, buildDecisionRecord, type DecisionRecord } from '../../../src/policy/index.ts';
import { CALENDAR, HOUR, LEVEL_1, MINUTE, T0, consensusRecord, proposal, record } from './fixtures.ts';

const directory = DEFAULT_POLICY.directory;
const withDefault = { directory, hasConservativeDefault: true };
const withoutDefault = { directory, hasConservativeDefault: false };

function open(r: DecisionRecord): Approval {
  return openApproval({ id: 'apr_1', runId: 'run_1', record: r, now: T0 }, directory, CALENDAR);
}

function approve(a: Approval, by: string): Approval {
  return applyDecision(a, { approvalId: a.id, by, verdict: 'approve', channel: 'slack' }, T0 + MINUTE, directory);
}

describe('decideGateOutcome', () => {
  it('Level 1 executes without an approval', () => {
    const r = buildDecisionRecord({ ...proposal(10), classification: LEVEL_1 }, DEFAULT_POLICY);
    expect(decideGateOutcome(r, null, withoutDefault)).toEqual({ action: 'execute', basis: 'level_1' });
  });

  it('Level 2: request, wait, then execute only on a valid approval', () => {
    const r = record(4200);
    expect(decideGateOutcome(r, null, withDefault)).toEqual({ action: 'request_approval' });
    const a = open(r);
    expect(decideGateOutcome(r, a, withDefault)).toEqual({ action: 'await_decision' });
    expect(decideGateOutcome(r, approve(a, 'fiona'), withDefault)).toEqual({ action: 'execute', basis: 'approved' });
    const rejected = applyDecision(
      a,
      { approvalId: a.id, by: 'fiona', verdict: 'reject', reason: 'no', channel: 'cli' },
      T0,
      directory,
    );
    expect(decideGateOutcome(r, rejected, withDefault)).toEqual({ action: 'do_not_execute', reason: 'rejected' });
  });

  it('Level 2 expired: the conservative default if declared, else nothing', () => {
    const r = record(4200);
    const expired = applyTimeout(open(r), 1, T0 + 4 * HOUR, directory, CALENDAR).approval;
    expect(decideGateOutcome(r, expired, withDefault)).toEqual({ action: 'conservative_default' });
    expect(decideGateOutcome(r, expired, withoutDefault)).toEqual({
      action: 'do_not_execute',
      reason: 'expired_without_default',
    });
  });

  it('refuses an approval row changed behind its back: wrong person, initiator, too few, other action', () => {
    const r = consensusRecord(DEFAULT_POLICY, { initiatedBy: 'hana' });
    const a = open(r);
    const forged = (decisions: Approval['decisions'], extra: Partial<Approval> = {}): Approval => ({
      ...a,
      status: 'approved',
      decisions,
      ...extra,
    });
    const d = (by: string, requirement: string, seq = 1) =>
      ({
        seq,
        by,
        verdict: 'approve',
        requirement,
        settlesAll: false,
        round: 1,
        at: T0,
        channel: 'sql',
        comment: null,
        reason: null,
        choice: null,
      }) as const;
    const valid = forged([d('fiona', 'finance_manager'), d('sam', 'customer_success_manager', 2)]);
    expect(isValidApproval(r, valid, directory)).toBe(true);
    expect(decideGateOutcome(r, forged([d('fiona', 'finance_manager')]), withDefault)).toEqual({
      action: 'do_not_execute',
      reason: 'approval_invalid',
    });
    expect(
      isValidApproval(r, forged([d('fiona', 'finance_manager'), d('tara', 'customer_success_manager', 2)]), directory),
    ).toBe(false);
    expect(
      isValidApproval(r, forged([d('fiona', 'finance_manager'), d('fiona', 'customer_success_manager', 2)]), directory),
    ).toBe(false);
    expect(
      isValidApproval(r, forged([d('fiona', 'finance_manager'), d('hana', 'customer_success_manager', 2)]), directory),
    ).toBe(false);
    expect(isValidApproval(r, { ...valid, actionId: 'other' }, directory)).toBe(false);
    expect(isValidApproval(r, { ...valid, status: 'pending' }, directory)).toBe(false);
  });

  it('Level 3 never executes: the decision goes back to the workflow', () => {
    const r = record(30_000);
    expect(r.level).toBe(3);
    const a = open(r);
    expect(a.rounds[0]!.eligible).toEqual([{ requirement: 'board', people: ['bianca'], settlesAll: false }]);
    expect(decideGateOutcome(r, approve(a, 'bianca'), withDefault)).toEqual({
      action: 'return_decision',
      decision: 'approved',
    });
    const expired = applyTimeout(a, 1, T0 + 4 * HOUR, directory, CALENDAR).approval;
    expect(decideGateOutcome(r, expired, withDefault)).toEqual({ action: 'return_expired' });
  });
});
