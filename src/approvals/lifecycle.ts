/**
 * The approval lifecycle as pure functions from one approval state to the next. The service reads
 * a row, applies one of these, and writes the result with a compare-and-set on its version, so
 * every rule here holds however many people decide at once.
 *
 *   pending --decision(s)--> approved | rejected
 *   pending --timeout--> escalated (round 2, new deadline) | expired
 *   escalated --decision(s)--> approved | rejected
 *   escalated --timeout--> escalated (the next backup in a chain, new deadline) | expired
 *
 * Decisions are accepted while the approval is pending or escalated, even just past a deadline:
 * until the run has handled the timeout, a late answer is still the best answer there is.
 */
import { PsiZeroError } from '../lib/errors.ts';
import type { BusinessCalendar, DecisionRecord, Directory } from '../policy/index.ts';
import { findPerson } from '../policy/index.ts';
import type {
  ApprovalConsequences,
  ApprovalDecision,
  ApprovalRound,
  DecisionVerdict,
  RoundEligibility,
  RoundReason,
  Recommendation,
  StoredApproval,
} from './approval-model.ts';
import { TERMINAL_APPROVAL_STATUSES } from './approval-model.ts';
import { eligibilityForRound, outcomeOfTally, roundReason, tallyDecisions } from './authority.ts';
import { choiceOfDecision } from './choices.ts';
import { ApprovalRefusedError } from './errors.ts';
import { roundDeadline } from './round-deadline.ts';

export type Approval = StoredApproval;

/** The decision record an approval was opened for (written by openApproval, so its shape is known). */
export function recordOf(approval: Approval): DecisionRecord {
  return approval.record as DecisionRecord;
}

export function isResolved(approval: Approval): boolean {
  return TERMINAL_APPROVAL_STATUSES.includes(approval.status);
}

export interface OpenApprovalInput {
  id: string;
  runId: string;
  record: DecisionRecord;
  recommendation?: Recommendation | null;
  consequences?: ApprovalConsequences | null;
  now: number;
}

/**
 * Opens round 1. Its deadline is the kind's timeout from `now`, counted in the business hours of
 * `calendar` when the kind says so (round-deadline.ts).
 */
export function openApproval(
  { id, runId, record, recommendation, consequences, now }: OpenApprovalInput,
  directory: Directory,
  calendar: BusinessCalendar,
): Approval {
  const plan = record.route.approval;
  if (plan === null || record.level === 1) {
    throw new PsiZeroError(
      'NO_APPROVAL_NEEDED',
      `action ${record.actionId} is Level ${record.level} and needs no approval`,
      { kind: 'invalid', retryable: false },
    );
  }
  const timeoutMs = Math.round(plan.timeoutMinutes * 60_000);
  const eligible = eligibilityForRound(record, 1, directory);
  const asked = eligible.flatMap((e) => e.people);
  const round: ApprovalRound = {
    round: 1,
    reason: 'requested',
    startedAt: now,
    deadline: roundDeadline({ start: now, timeoutMs, plan, asked }, directory, calendar),
    eligible,
  };
  return {
    id,
    runId,
    actionId: record.actionId,
    title: record.title,
    level: record.level,
    kind: plan.kind,
    fallback: plan.fallback,
    timeoutMs,
    approvalsNeeded: plan.approvalsNeeded,
    finalDecisionMakerRole: plan.finalDecisionMakerRole,
    initiatedBy: record.initiatedBy,
    requirements: record.route.requirements.map((r) => r.role),
    record,
    ...(recommendation ? { recommendation } : {}),
    ...(consequences ? { consequences } : {}),
    status: 'pending',
    round: 1,
    rounds: [round],
    deadline: round.deadline,
    decisions: [],
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
    version: 1,
    outboxPending: false,
    publishedAt: null,
    publishCount: 0,
    acknowledgedAt: null,
  };
}

export interface DecisionInput {
  approvalId: string;
  /** Directory id of the person deciding. */
  by: string;
  verdict: DecisionVerdict;
  channel: string;
  comment?: string | null;
  /** Required for a rejection. */
  reason?: string | null;
  /**
   * The option approved, when the action offers choices (then required to approve); see
   * choices.ts. Ignored on a rejection; refused on an approval without choices.
   */
  choice?: string | null;
}

/** Who may still decide now: per open requirement of the current round, the people not yet heard from. */
export function openSlots(approval: Approval): ApprovalRound['eligible'] {
  const round = approval.rounds.find((r) => r.round === approval.round);
  if (round === undefined || isResolved(approval)) return [];
  const decided = new Set(approval.decisions.map((d) => d.requirement));
  const heard = new Set(approval.decisions.map((d) => d.by));
  return round.eligible
    .filter((e) => e.settlesAll || !decided.has(e.requirement))
    .map((e) => ({ ...e, people: e.people.filter((p) => !heard.has(p)) }))
    .filter((e) => e.people.length > 0);
}

/** Records one person's decision, or throws the refusal with its stable code. */
export function applyDecision(approval: Approval, input: DecisionInput, now: number, directory: Directory): Approval {
  const refuse = (code: ConstructorParameters<typeof ApprovalRefusedError>[0], message: string): never => {
    throw new ApprovalRefusedError(code, approval.id, message);
  };
  if (isResolved(approval)) refuse('ALREADY_DECIDED', `approval ${approval.id} is already ${approval.status}`);
  if (findPerson(directory, input.by) === undefined)
    refuse('UNKNOWN_PERSON', `"${input.by}" is not a person in the directory`);
  if (input.by === approval.initiatedBy) {
    refuse('SELF_APPROVAL', `${input.by} initiated action ${approval.actionId} and cannot decide on it`);
  }
  if (approval.decisions.some((d) => d.by === input.by)) {
    refuse('DUPLICATE_DECISION', `${input.by} has already decided approval ${approval.id}`);
  }
  const slot = openSlots(approval).find((e) => e.people.includes(input.by));
  if (slot === undefined) {
    const roles = openSlots(approval).map((e) => e.requirement);
    const needed = roles.length > 0 ? `; it needs ${[...new Set(roles)].join(' or ')}` : '';
    return refuse(
      'NOT_AUTHORIZED',
      `${input.by} may not decide approval ${approval.id} in round ${approval.round}${needed}`,
    );
  }
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  if (input.verdict === 'reject' && reason === null) {
    refuse('REASON_REQUIRED', `rejecting approval ${approval.id} needs a reason`);
  }
  const choice = choiceOfDecision({
    approvalId: approval.id,
    record: recordOf(approval),
    decisions: approval.decisions,
    verdict: input.verdict,
    choice: input.choice,
    settlesAll: slot.settlesAll,
  });
  const decision: ApprovalDecision = {
    seq: approval.decisions.length + 1,
    by: input.by,
    verdict: input.verdict,
    requirement: slot.requirement,
    settlesAll: slot.settlesAll,
    round: approval.round,
    at: now,
    channel: input.channel,
    comment: input.comment?.trim() ? input.comment.trim() : null,
    reason,
    choice,
  };
  const decisions = [...approval.decisions, decision];
  const outcome = outcomeOfTally(tallyDecisions(decisions), approval.requirements.length, approval.approvalsNeeded);
  return {
    ...approval,
    decisions,
    status: outcome ?? approval.status,
    resolvedAt: outcome === null ? null : now,
    updatedAt: now,
    version: approval.version + 1,
    outboxPending: true,
  };
}

export type TimeoutEffect = 'escalated' | 'expired' | 'not_due' | 'already_resolved';

/** Who may decide in round `round`, or null when the record's fallback opens no such round or nobody could decide in it. */
function roundOpening(
  record: DecisionRecord,
  round: number,
  directory: Directory,
): { reason: RoundReason; eligible: RoundEligibility[] } | null {
  const reason = roundReason(record, round);
  if (reason === null) return null;
  const eligible = eligibilityForRound(record, round, directory);
  return eligible.some((e) => e.people.length > 0) ? { reason, eligible } : null;
}

/**
 * The rounds that the timeouts still to come would open, in order; empty when the next timeout
 * expires the approval. Views use it to say what silence leads to.
 */
export function roundsAhead(approval: Approval, directory: Directory): RoundReason[] {
  if (isResolved(approval)) return [];
  const record = recordOf(approval);
  const ahead: RoundReason[] = [];
  // Bounded: the record's fallback opens at most 1 + maxBackupHops rounds.
  for (let round = approval.round + 1; ; round++) {
    const opening = roundOpening(record, round, directory);
    if (opening === null) return ahead;
    ahead.push(opening.reason);
  }
}

/**
 * The run's timeout for round `round`. Escalates to the next round when the record's fallback has
 * one (the next backup in the chain, or the final decision maker) and someone can decide in it,
 * else expires. The new round's deadline counts like round 1's (`calendar`, round-deadline.ts),
 * in the time zone of the person it newly asks. Idempotent: asked again about a round it already
 * escalated or expired, it reports the same effect with `changed: false`, so a step that runs twice
 * behaves once. A stale call (the approval was decided meanwhile, or the deadline is not reached)
 * changes nothing and says so.
 */
export function applyTimeout(
  approval: Approval,
  round: number,
  now: number,
  directory: Directory,
  calendar: BusinessCalendar,
): { approval: Approval; effect: TimeoutEffect; changed: boolean } {
  const same = (effect: TimeoutEffect) => ({ approval, effect, changed: false });
  if (approval.round > round) return same('escalated');
  if (approval.status === 'expired' && approval.round === round) return same('expired');
  if (isResolved(approval)) return same('already_resolved');
  if (approval.round !== round || now < approval.deadline) return same('not_due');
  const record = recordOf(approval);
  const nextRound = round + 1;
  const opening = roundOpening(record, nextRound, directory);
  const base = { ...approval, updatedAt: now, version: approval.version + 1 };
  if (opening === null) {
    return { approval: { ...base, status: 'expired', resolvedAt: now }, effect: 'expired', changed: true };
  }
  const { reason, eligible } = opening;
  const before = new Set(approval.rounds.find((r) => r.round === round)?.eligible.flatMap((e) => e.people) ?? []);
  const asked = eligible.flatMap((e) => e.people).filter((p) => !before.has(p));
  const { timeoutMs } = approval;
  const next: ApprovalRound = {
    round: nextRound,
    reason,
    startedAt: now,
    deadline: roundDeadline({ start: now, timeoutMs, plan: record.route.approval!, asked }, directory, calendar),
    eligible,
  };
  return {
    approval: {
      ...base,
      status: 'escalated',
      round: nextRound,
      rounds: [...approval.rounds, next],
      deadline: next.deadline,
    },
    effect: 'escalated',
    changed: true,
  };
}
