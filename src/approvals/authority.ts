/**
 * Who may decide an approval, round by round, derived from the decision record and the directory
 * alone. The lifecycle uses it to open rounds; the gate uses it again, independently of what the
 * approval row says, before it executes anything (so a row changed behind PsiZero's back cannot
 * authorise an action).
 *
 * Round 1: the people the record routes to. Later rounds, by the route's timeout fallback:
 * - escalate_to_backup: a chain, one hop per round: round 2 adds each routed person's backup,
 *   round 3 each of those backups' own backup, and so on up to the plan's `maxBackupHops`
 *   (records from before chains: 1). Nobody is asked twice (a backup already reached is skipped:
 *   their own chain is already followed); the initiator is passed over, never asked, and the chain
 *   goes on to their backup at the next hop. Everyone asked earlier may still decide. When a hop
 *   reaches nobody (the top of the organisation has no backup), the chain has ended: no such round.
 * - escalate_to_final_decision_maker: round 2 only: those people, plus every holder of the final
 *   decision maker's role, whose one decision settles the whole approval;
 * - proceed_with_conservative_default: there is no round 2.
 * Never the initiator: when excluding them leaves a requirement to nobody, their backup stands in.
 */
import type { DecisionRecord, Directory } from '../policy/index.ts';
import { backupOf, holdersOfRole } from '../policy/index.ts';
import type { ApprovalDecision, RoundEligibility, RoundReason, StoredApproval } from './approval-model.ts';

/** How round `round` opens under the record's fallback; null when the fallback has no such round. */
export function roundReason(record: DecisionRecord, round: number): RoundReason | null {
  if (round === 1) return 'requested';
  const plan = record.route.approval;
  if (round < 2 || plan === null) return null;
  if (plan.fallback === 'escalate_to_backup')
    return round <= 1 + (plan.maxBackupHops ?? 1) ? 'escalated_to_backup' : null;
  if (plan.fallback === 'escalate_to_final_decision_maker' && round === 2) return 'escalated_to_final_decision_maker';
  return null;
}

function withoutInitiator(people: readonly string[], initiatedBy: string | null, directory: Directory): string[] {
  const unique = [...new Set(people)];
  if (initiatedBy === null) return unique;
  const others = unique.filter((p) => p !== initiatedBy);
  if (others.length > 0 || unique.length === 0) return others;
  const backup = backupOf(directory, initiatedBy);
  return backup === undefined ? [] : [backup.id];
}

/**
 * The people each hop of the backup chain reaches from `routed`, hop 1 first. A person already
 * reached is not reached again, so the walk ends even on a directory that was never validated.
 */
function backupChain(routed: readonly string[], hops: number, directory: Directory): string[][] {
  const reached = new Set(routed);
  const chain: string[][] = [];
  let frontier: readonly string[] = routed;
  for (let hop = 1; hop <= hops; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      const backup = backupOf(directory, id)?.id;
      if (backup === undefined || reached.has(backup)) continue;
      reached.add(backup);
      next.push(backup);
    }
    chain.push(next);
    frontier = next;
  }
  return chain;
}

export function eligibilityForRound(record: DecisionRecord, round: number, directory: Directory): RoundEligibility[] {
  const reason = roundReason(record, round);
  if (reason === null) return [];
  const { initiatedBy } = record;
  const routed = record.route.requirements.map((r) => ({
    requirement: r.role,
    people: r.eligible.map((p) => p.id),
    settlesAll: false,
  }));
  if (reason === 'requested') return routed;
  if (reason === 'escalated_to_backup') {
    const chains = routed.map((r) => backupChain(r.people, round - 1, directory));
    // The chain has ended before this hop: the round does not exist, and the approval takes its final step.
    if (chains.every((chain) => (chain.at(-1) ?? []).length === 0)) return [];
    return routed.map((r, i) => ({
      ...r,
      people: withoutInitiator([...r.people, ...chains[i]!.flat()], initiatedBy, directory),
    }));
  }
  const finalRole = record.route.approval!.finalDecisionMakerRole;
  const finalPeople = withoutInitiator(
    holdersOfRole(directory, finalRole).map((p) => p.id),
    initiatedBy,
    directory,
  );
  return [{ requirement: finalRole, people: finalPeople, settlesAll: true }, ...routed];
}

export interface Tally {
  /** Requirements with an approving decision. */
  approved: Set<string>;
  /** Requirements with a rejecting decision. */
  rejected: Set<string>;
  /** A final decision maker's decision, which settles everything. */
  settled: ApprovalDecision | null;
}

/** Counts decisions: the first decision on a requirement is the one that counts. */
export function tallyDecisions(decisions: readonly ApprovalDecision[]): Tally {
  const tally: Tally = { approved: new Set(), rejected: new Set(), settled: null };
  for (const d of decisions) {
    if (d.settlesAll) {
      tally.settled ??= d;
      continue;
    }
    if (tally.approved.has(d.requirement) || tally.rejected.has(d.requirement)) continue;
    (d.verdict === 'approve' ? tally.approved : tally.rejected).add(d.requirement);
  }
  return tally;
}

/** The status decisions lead to, or null while still open. */
export function outcomeOfTally(tally: Tally, requirements: number, needed: number): 'approved' | 'rejected' | null {
  if (tally.settled !== null) return tally.settled.verdict === 'approve' ? 'approved' : 'rejected';
  if (tally.approved.size >= needed) return 'approved';
  if (requirements - tally.rejected.size < needed) return 'rejected';
  return null;
}

/**
 * True when the approval really authorises the action the record describes: it is approved, and
 * the decisions of people entitled to them (re-derived here from the record and directory, never
 * taken from the row) reach the number the record's route needs.
 */
export function isValidApproval(record: DecisionRecord, approval: StoredApproval, directory: Directory): boolean {
  const plan = record.route.approval;
  if (plan === null || approval.status !== 'approved' || approval.actionId !== record.actionId) return false;
  const rounds = new Map<number, RoundEligibility[]>();
  const entitled = (d: ApprovalDecision): boolean => {
    if (d.by === record.initiatedBy) return false;
    if (!rounds.has(d.round)) rounds.set(d.round, eligibilityForRound(record, d.round, directory));
    return rounds
      .get(d.round)!
      .some((e) => e.requirement === d.requirement && e.settlesAll === d.settlesAll && e.people.includes(d.by));
  };
  const seen = new Set<string>();
  const counted = approval.decisions.filter((d) => {
    if (seen.has(d.by)) return false;
    seen.add(d.by);
    return entitled(d);
  });
  return outcomeOfTally(tallyDecisions(counted), record.route.requirements.length, plan.approvalsNeeded) === 'approved';
}
