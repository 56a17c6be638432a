/**
 * Property tests of the gate's safety rules over at least 100,000 random actions under random valid
 * policies, each with a random approval state (forged rows included) or a random sequence of
 * decisions and timeouts run through the real lifecycle. The oracle below re-derives who may
 * approve from the record and directory in its own simple way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalDecision, ApprovalStatus } from '../../../src/approvals/index.ts';
import {
  ApprovalRefusedError,
  applyDecision,
  applyTimeout,
  decideGateOutcome,
  isResolved,
  openApproval,
  openSlots,
} from '../../../src/approvals/index.ts';
import type { DecisionRecord, Policy } from '../../../src/policy/index.ts';
import { buildDecisionRecord } from '../../../src/policy/index.ts';
import { actionArb, policyArb } from '../policy/arbitraries.ts';

const RUNS = { numRuns: 100_000 };

/**
 * The policy tests' random actions, half of them without run-time signals: with random signals
 * most actions end at Level 3, and Level 2 is where approvals decide what executes.
 */
const gateActionArb = fc.oneof(
  actionArb,
  actionArb.map(({ signals: _signals, ...rest }) => rest),
);
const T0 = Date.UTC(2026, 2, 2);
const PEOPLE = ['olivia', 'fiona', 'carlos', 'bianca', 'hana', 'sam', 'tara', 'ghost'];
const STATUSES: ApprovalStatus[] = ['pending', 'escalated', 'approved', 'rejected', 'expired'];

/** May `by` approve requirement `d.requirement` in round `d.round`? Written independently of src/approvals/authority.ts. */
function oracleMayApprove(record: DecisionRecord, policy: Policy, d: ApprovalDecision): boolean {
  const plan = record.route.approval;
  if (plan === null || d.by === record.initiatedBy || d.verdict !== 'approve') return false;
  const person = (id: string) => policy.directory.people.find((p) => p.id === id);
  if (d.settlesAll) {
    if (
      d.round !== 2 ||
      plan.fallback !== 'escalate_to_final_decision_maker' ||
      d.requirement !== plan.finalDecisionMakerRole
    )
      return false;
    const holders = policy.directory.people.filter(
      (p) => p.roles.includes(plan.finalDecisionMakerRole) && p.id !== record.initiatedBy,
    );
    if (holders.length > 0) return holders.some((p) => p.id === d.by);
    return record.initiatedBy !== null && person(record.initiatedBy)?.backupId === d.by;
  }
  const requirement = record.route.requirements.find((r) => r.role === d.requirement);
  if (requirement === undefined) return false;
  const routed = requirement.eligible.map((p) => p.id);
  const hops = plan.maxBackupHops ?? 1;
  const backupRound = plan.fallback === 'escalate_to_backup' && d.round >= 2 && d.round <= 1 + hops;
  const finalRound = plan.fallback === 'escalate_to_final_decision_maker' && d.round === 2;
  if (routed.includes(d.by) && (d.round === 1 || backupRound || finalRound)) return true;
  if (!backupRound) return false;
  // The chain of backups, hop by hop up to this round: nobody twice, through (never to) the initiator.
  const seen = new Set(routed);
  let frontier = routed;
  for (let hop = 1; hop < d.round; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      const backup = person(id)?.backupId;
      if (backup === undefined || seen.has(backup)) continue;
      seen.add(backup);
      next.push(backup);
      if (backup === d.by) return true;
    }
    frontier = next;
  }
  return false;
}

/** Enough distinct authorised approvers for distinct requirements, or an authorised final decision. */
function oracleAuthorised(record: DecisionRecord, policy: Policy, approval: Approval): boolean {
  const plan = record.route.approval;
  if (plan === null || approval.status !== 'approved') return false;
  const ok = approval.decisions.filter((d) => oracleMayApprove(record, policy, d));
  if (ok.some((d) => d.settlesAll)) return true;
  const people = new Set(ok.map((d) => d.by));
  const requirements = new Set(ok.map((d) => d.requirement));
  return people.size >= plan.approvalsNeeded && requirements.size >= plan.approvalsNeeded;
}

const pickArb = fc.record({
  who: fc.nat(),
  requirement: fc.nat(),
  verdict: fc.constantFrom<'approve' | 'reject'>('approve', 'approve', 'reject'),
  settlesAll: fc.boolean(),
  round: fc.constantFrom(1, 1, 1, 2, 3, 4),
  /** 0: someone the record routes to, 1: anyone, 2: the final decision maker's role holder. */
  source: fc.constantFrom(0, 0, 0, 0, 1, 2),
});

type Pick = typeof pickArb extends fc.Arbitrary<infer P> ? P : never;

/** A random approval row for the record: any status, any decisions, often plausible, sometimes forged. */
function forgeApproval(record: DecisionRecord, policy: Policy, status: ApprovalStatus, picks: Pick[]): Approval {
  const approval = openApproval(
    { id: 'apr', runId: 'run', record, now: T0 },
    policy.directory,
    policy.businessCalendar,
  );
  const roles = [...record.route.requirements.map((r) => r.role), record.route.approval!.finalDecisionMakerRole];
  const decisions = picks.map((p, i): ApprovalDecision => {
    const req = record.route.requirements[p.requirement % record.route.requirements.length]!;
    const finalHolders = policy.directory.people.filter((x) =>
      x.roles.includes(record.route.approval!.finalDecisionMakerRole),
    );
    const pool =
      p.source === 0 ? req.eligible.map((x) => x.id) : p.source === 2 ? finalHolders.map((x) => x.id) : PEOPLE;
    return {
      seq: i + 1,
      by: pool[p.who % pool.length] ?? 'ghost',
      verdict: p.verdict,
      requirement: p.source === 2 ? roles.at(-1)! : p.source === 0 ? req.role : roles[p.requirement % roles.length]!,
      settlesAll: p.source === 2 ? p.settlesAll : false,
      round: p.round,
      at: T0,
      channel: 'sql',
      comment: null,
      reason: p.verdict === 'reject' ? 'no' : null,
      choice: null,
    };
  });
  return { ...approval, status, decisions };
}

describe('the gate (100,000 random actions, policies and approval states)', () => {
  it('executes a Level 2 action only with a valid approval from authorised people; never a Level 3 action; always Level 1', () => {
    let executedLevel2 = 0;
    fc.assert(
      fc.property(
        gateActionArb,
        policyArb,
        fc.constantFrom<ApprovalStatus>(...STATUSES, 'approved', 'approved', 'approved'),
        fc.array(pickArb, { maxLength: 4 }),
        fc.boolean(),
        (action, policy, status, picks, hasConservativeDefault) => {
          const record = buildDecisionRecord(action, policy);
          const options = { directory: policy.directory, hasConservativeDefault };
          // Triggers never lower a level.
          if (record.level < record.baseLevel || record.triggers.some((t) => t.level > record.level)) return false;
          if (record.level === 1) return decideGateOutcome(record, null, options).action === 'execute';
          if (decideGateOutcome(record, null, options).action !== 'request_approval') return false;
          const approval = forgeApproval(record, policy, status, picks);
          const verdict = decideGateOutcome(record, approval, options);
          if (verdict.action !== 'execute') return true;
          if (record.level === 3) return false;
          executedLevel2++;
          return oracleAuthorised(record, policy, approval);
        },
      ),
      RUNS,
    );
    // The property is not vacuous: plenty of random approvals were valid and did execute.
    expect(executedLevel2).toBeGreaterThan(1_000);
  });

  it('agrees with the lifecycle: what decisions and timeouts approve, the gate executes (Level 2), and nothing else', () => {
    const eventArb = fc.oneof(
      fc.record({
        type: fc.constant('decide' as const),
        /** Anyone at all, or (more often) someone who may decide now. */
        who: fc.oneof(fc.constantFrom(...PEOPLE), fc.nat(), fc.nat()),
        verdict: fc.constantFrom<'approve' | 'reject'>('approve', 'approve', 'approve', 'reject'),
      }),
      fc.record({ type: fc.constant('timeout' as const) }),
    );
    let approvedLevel2 = 0;
    fc.assert(
      fc.property(gateActionArb, policyArb, fc.array(eventArb, { maxLength: 6 }), (action, policy, events) => {
        const record = buildDecisionRecord(action, policy);
        if (record.level === 1) return true;
        const { directory } = policy;
        let approval = openApproval({ id: 'apr', runId: 'run', record, now: T0 }, directory, policy.businessCalendar);
        let now = T0;
        for (const e of events) {
          if (isResolved(approval)) break;
          now += 60_000;
          if (e.type === 'timeout') {
            now = Math.max(now, approval.deadline);
            approval = applyTimeout(approval, approval.round, now, directory, policy.businessCalendar).approval;
            continue;
          }
          const open = openSlots(approval).flatMap((slot) => slot.people);
          const by = typeof e.who === 'string' ? e.who : (open[e.who % Math.max(1, open.length)] ?? 'ghost');
          try {
            approval = applyDecision(
              approval,
              { approvalId: 'apr', by, verdict: e.verdict, reason: 'r', channel: 'cli' },
              now,
              directory,
            );
          } catch (err) {
            if (!(err instanceof ApprovalRefusedError)) throw err;
          }
        }
        const verdict = decideGateOutcome(record, approval, { directory, hasConservativeDefault: false });
        const executes = verdict.action === 'execute';
        if (record.level === 3)
          return !executes && (approval.status !== 'approved' || verdict.action === 'return_decision');
        if (approval.status === 'approved') approvedLevel2++;
        return (
          executes === (approval.status === 'approved') && (!executes || oracleAuthorised(record, policy, approval))
        );
      }),
      RUNS,
    );
    expect(approvedLevel2).toBeGreaterThan(1_000);
  });
});
