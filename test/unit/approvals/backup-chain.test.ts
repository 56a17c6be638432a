/**
 * Backups form a chain, one hop per round: a silent approver's backup, then that backup's own
 * backup, up to `approvals.maxBackupHops` (default 2), then the kind's final step (expiry, and the
 * workflow's conservative default). Nobody is asked twice, the initiator never, and the gate
 * re-derives the same chain before it executes anything.
 */
import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalNotification } from '../../../src/approvals/index.ts';
import {
  ApprovalRefusedError,
  applyDecision,
  applyTimeout,
  decideGateOutcome,
  openApproval,
  roundsAhead,
} from '../../../src/approvals/index.ts';
import { composeMessage } from '../../../src/channels/index.ts';
import type { DecisionRecord, Policy } from '../../../src/policy/index.ts';
import { findPerson, formatDecisionRecord, resolvePolicy } from '../../../src/policy/index.ts';
import { CALENDAR, MINUTE, T0, record } from './fixtures.ts';

/** The default directory (Fiona → Carlos → Olivia, who has no backup; Sam → Tara → Hana → Olivia), synchronous. */
const SYNC = resolvePolicy({ approvals: { defaultKind: 'synchronous' } });
const { directory } = SYNC;

function open(r: DecisionRecord): Approval {
  return openApproval({ id: 'apr_1', runId: 'run_1', record: r, now: T0 }, directory, CALENDAR);
}

/** Times out every round in turn; returns each round's deciders and the final status. */
function timeOutAll(a: Approval): { rounds: string[][]; status: string; approval: Approval } {
  let approval = a;
  const rounds = [approval.rounds[0]!.eligible.flatMap((e) => e.people)];
  while (approval.status === 'pending' || approval.status === 'escalated') {
    approval = applyTimeout(approval, approval.round, approval.deadline, directory, CALENDAR).approval;
    if (approval.status === 'escalated') rounds.push(approval.rounds.at(-1)!.eligible.flatMap((e) => e.people));
  }
  return { rounds, status: approval.status, approval };
}

function decide(a: Approval, by: string, at: number): Approval {
  return applyDecision(a, { approvalId: a.id, by, verdict: 'approve', channel: 'slack' }, at, directory);
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApprovalRefusedError) return err.code;
    throw err;
  }
  return 'no refusal';
}

describe('the chain of backups', () => {
  it("asks the backup, then the backup's backup, then takes the final step", () => {
    const r = record(4200, {}, SYNC);
    expect(r.route.approval).toMatchObject({ kind: 'synchronous', maxBackupHops: 2 });
    const { rounds, status, approval } = timeOutAll(open(r));
    expect(rounds).toEqual([['fiona'], ['fiona', 'carlos'], ['fiona', 'carlos', 'olivia']]);
    expect(approval.rounds.map((x) => [x.reason, x.startedAt - T0, x.deadline - T0])).toEqual([
      ['requested', 0, 5 * MINUTE],
      ['escalated_to_backup', 5 * MINUTE, 10 * MINUTE],
      ['escalated_to_backup', 10 * MINUTE, 15 * MINUTE],
    ]);
    expect(status).toBe('expired');
    expect(formatDecisionRecord(r)).toContain(
      "waits 5 minutes, then escalate to each approver's backup, then to theirs in turn, up to 2 backups deep",
    );
  });

  it("lets the second hop's backup approve, and the gate finds the same chain before executing", () => {
    const r = record(4200, {}, SYNC);
    let a = open(r);
    a = applyTimeout(a, 1, T0 + 5 * MINUTE, directory, CALENDAR).approval;
    expect(refusal(() => decide(a, 'olivia', T0 + 6 * MINUTE))).toBe('NOT_AUTHORIZED');
    a = applyTimeout(a, 2, T0 + 10 * MINUTE, directory, CALENDAR).approval;
    const approved = decide(a, 'olivia', T0 + 11 * MINUTE);
    expect(approved).toMatchObject({ status: 'approved', decisions: [{ by: 'olivia', round: 3 }] });
    const options = { directory, hasConservativeDefault: true };
    expect(decideGateOutcome(r, approved, options)).toMatchObject({ action: 'execute', basis: 'approved' });
    // Someone not on the chain, forged into round 3, authorises nothing.
    const forged = { ...approved, decisions: [{ ...approved.decisions[0]!, by: 'hana' }] };
    expect(decideGateOutcome(r, forged, options).action).not.toBe('execute');
  });

  it('stops at the bound set in the policy', () => {
    // Any customer success manager: Sam and Tara. Sam's backup is Tara (already asked), Tara's is Hana, Hana's Olivia.
    const anyCsm = (policy: Policy) => record(500, { customers: [{ id: 'c1' }] }, policy);
    expect(timeOutAll(open(anyCsm(SYNC))).rounds).toEqual([
      ['sam', 'tara'],
      ['sam', 'tara', 'hana'],
      ['sam', 'tara', 'hana', 'olivia'],
    ]);
    const oneHop = resolvePolicy({ approvals: { defaultKind: 'synchronous', maxBackupHops: 1 } });
    expect(timeOutAll(open(anyCsm(oneHop))).rounds).toEqual([
      ['sam', 'tara'],
      ['sam', 'tara', 'hana'],
    ]);
  });

  it('ends early at the top of the organisation, who has no backup', () => {
    // $6,000 goes to Carlos (CFO); his backup is Olivia, who has none: no third round.
    expect(timeOutAll(open(record(6000, {}, SYNC))).rounds).toEqual([['carlos'], ['carlos', 'olivia']]);
    // Olivia alone (the owner, for an action no rule routes): nobody to escalate to, so it expires at once.
    const unrouted = record(0, {}, SYNC);
    expect(unrouted.route.requirements.map((q) => q.role)).toEqual(['owner']);
    const { rounds, status } = timeOutAll(open(unrouted));
    expect([rounds, status]).toEqual([[['olivia']], 'expired']);
  });

  it('never asks the initiator: the chain passes over them to their own backup', () => {
    // Carlos proposed the refund; he is Fiona's backup, so round 2 asks nobody new and round 3 asks Olivia.
    const r = record(4200, { initiatedBy: 'carlos' }, SYNC);
    let a = open(r);
    a = applyTimeout(a, 1, T0 + 5 * MINUTE, directory, CALENDAR).approval;
    expect(refusal(() => decide(a, 'carlos', T0 + 6 * MINUTE))).toBe('SELF_APPROVAL');
    const { rounds } = timeOutAll(open(r));
    expect(rounds).toEqual([['fiona'], ['fiona'], ['fiona', 'olivia']]);
  });

  it('reads a record made before chains as one backup deep', () => {
    const r = record(4200, {}, SYNC);
    const { maxBackupHops: _hops, ...plan } = r.route.approval!;
    const legacy = { ...r, route: { ...r.route, approval: plan } };
    expect(timeOutAll(open(legacy)).rounds).toEqual([['fiona'], ['fiona', 'carlos']]);
  });
});

describe('what people are told along the chain', () => {
  const notification = (a: Approval, r: DecisionRecord): ApprovalNotification => ({
    type: 'approval_escalated',
    approvalId: a.id,
    runId: 'run_1',
    actionId: a.actionId,
    title: a.title,
    level: a.level,
    recipients: [],
    summary: formatDecisionRecord(r),
    deadline: a.deadline,
    idempotencyKey: 'k',
    facts: { amountUsd: 4200, customers: [], recommendation: null },
  });
  const factsFor = (a: Approval, r: DecisionRecord, who: string): Record<string, string> =>
    Object.fromEntries(
      composeMessage(notification(a, r), a, findPerson(directory, who)!, directory, a.updatedAt, 'UTC').facts.map(
        (f) => [f.label, f.value],
      ),
    );

  it('names whom each backup stands in for, and what silence leads to next', () => {
    const r = record(4200, {}, SYNC);
    const first = open(r);
    expect(roundsAhead(first, directory)).toEqual(['escalated_to_backup', 'escalated_to_backup']);
    expect(factsFor(first, r, 'fiona')['If nobody decides']).toBe(
      "it goes to each approver's backup as well, then to their backups in turn",
    );
    const second = applyTimeout(first, 1, T0 + 5 * MINUTE, directory, CALENDAR).approval;
    expect(factsFor(second, r, 'carlos')).toMatchObject({
      'Why you': 'you are the backup for Fiona Finch, who did not decide in time',
      'If nobody decides': 'it goes to the next backup in the chain as well',
    });
    const third = applyTimeout(second, 2, T0 + 10 * MINUTE, directory, CALENDAR).approval;
    expect(roundsAhead(third, directory)).toEqual([]);
    expect(factsFor(third, r, 'olivia')).toMatchObject({
      'Why you': 'you are the backup for Carlos Chen, who did not decide in time',
      'If nobody decides': 'the approval expires and PsiZero does not carry out the action as proposed',
    });
  });
});
