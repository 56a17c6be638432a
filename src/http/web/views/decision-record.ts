/** The decision record in plain words: what level, why, who must approve and what happens if nobody does. */
import type { Approval } from '../../../approvals/index.ts';
import { recordOf, roundsAhead } from '../../../approvals/index.ts';
import type { DecisionRecord, Directory } from '../../../policy/index.ts';
import { choiceLabel, findPerson } from '../../../policy/index.ts';
import { ago, dateTime, describeRole, durationWords, formatUsd } from '../format.ts';
import { h, type Html } from '../html.ts';

const MODE_WORDS: Record<number, string> = {
  1: 'PsiZero acts on its own and reports.',
  2: 'PsiZero acts only after the people below approve.',
  3: 'PsiZero only recommends; a person decides and acts.',
};

export function personName(directory: Directory, id: string): string {
  return findPerson(directory, id)?.name ?? id;
}

export function amountOf(record: DecisionRecord): string {
  const amount = (record as Partial<DecisionRecord>).financialImpactUsd;
  return typeof amount === 'number' && amount > 0 ? formatUsd(amount) : '—';
}

export function customersOf(record: DecisionRecord): Html | string {
  const customers = (record as Partial<DecisionRecord>).customers ?? [];
  if (customers.length === 0) return '—';
  return h`${customers.map(
    (c, i) =>
      h`${i > 0 ? ', ' : ''}${c.name ?? c.id}${c.enterprise ? h` <span class="badge accent">enterprise</span>` : ''}`,
  )}`;
}

/** Why the action is at its level, one reason per line. */
export function levelReasons(record: DecisionRecord): Html {
  const reasons = [
    ...record.rules.map((r) => r.reason),
    ...record.triggers.map((t) => `${t.reason}${t.raisedLevel ? '' : ' (no change)'}`),
  ];
  return h`<p><strong>Level ${record.level}.</strong> ${MODE_WORDS[record.level] ?? ''}</p>
  <ul class="reasons">${reasons.map((r) => h`<li>${r}</li>`)}</ul>`;
}

/** The workflow's safer default in words: named when the approval stored it. */
function defaultWords(approval: Approval): string {
  const stored = approval.consequences;
  // Opened before approvals stored their consequences: the workflow's default is not known here.
  if (stored === undefined) return "PsiZero takes the workflow's safer default, if it has one";
  return stored.ifNobodyDecides === null
    ? 'PsiZero does not carry out the action'
    : `PsiZero takes its safer default: ${stored.ifNobodyDecides}`;
}

/**
 * What happens if nobody decides in time, from this round on, naming the conservative default:
 * shown before anyone decides, so nobody has to guess what silence means.
 */
export function ifNobodyDecides(approval: Approval, directory: Directory): string {
  if (approval.level === 3) return 'nothing is decided, and PsiZero does not act on the recommendation by itself';
  const fallback = defaultWords(approval);
  const ahead = roundsAhead(approval, directory);
  if (ahead.length === 0) return fallback;
  const another = `another ${roundLength(approval)}`;
  if (ahead[0] === 'escalated_to_final_decision_maker') {
    const role = describeRole(approval.finalDecisionMakerRole);
    return `the ${role} makes the final decision (${another}); if nobody decides then either, ${fallback}`;
  }
  const who = approval.round === 1 ? "each approver's backup" : 'the next backup in the chain';
  const further = ahead.length > 1 ? `, then to their backups in turn (up to ${ahead.length - 1} more rounds)` : '';
  return `it goes to ${who} (${another})${further}; if nobody decides then either, ${fallback}`;
}

/** "4 hours", or "4 hours of business time" when the kind counts only business hours. */
function roundLength(approval: Approval): string {
  const businessHours = recordOf(approval).route.approval?.businessHours === true;
  return `${durationWords(approval.timeoutMs)}${businessHours ? ' of business time' : ''}`;
}

/** What happens after a rejection: the workflow's words, else what the gate does. */
export function ifRejected(approval: Approval): string {
  const said = approval.consequences?.ifRejected ?? null;
  if (said !== null) return said;
  return approval.level === 3
    ? 'PsiZero does not act on the recommendation; the run carries on without it'
    : 'PsiZero does not carry out the action; the run carries on without it';
}

/** The approval path: every requirement, who may fill it, and who did. */
export function requirementList(approval: Approval, record: DecisionRecord, directory: Directory, now: number): Html {
  const plan = record.route.approval;
  const needed = plan === null ? '' : `${approval.approvalsNeeded} of ${approval.requirements.length} required`;
  const timeout = plan === null ? '' : `Each round lasts ${roundLength(approval)}.`;
  const current = approval.rounds.find((r) => r.round === approval.round);
  const items = (current?.eligible ?? []).map((slot) => {
    const decision = approval.decisions.find((d) => d.requirement === slot.requirement);
    const people = slot.people.map((id) => personName(directory, id)).join(', ') || 'nobody available';
    const state = decision
      ? h`<span class="badge ${decision.verdict === 'approve' ? 'ok' : 'bad'}">${decision.verdict === 'approve' ? '✓ approved' : '✗ rejected'} by ${personName(directory, decision.by)} · ${ago(decision.at, now)}</span>`
      : approval.status === 'pending' || approval.status === 'escalated'
        ? h`<span class="badge warn">waiting</span>`
        : h`<span class="badge">not decided</span>`;
    return h`<li><span><strong>${describeRole(slot.requirement)}</strong>${slot.settlesAll ? ' (final decision)' : ''} <span class="muted">· ${people}</span></span>${state}</li>`;
  });
  return h`<ul class="requirements">${items}</ul>
  <p class="muted small mt-s">${approval.kind[0]!.toUpperCase()}${approval.kind.slice(1)} approval${needed ? `, ${needed}` : ''}${approval.round > 1 ? `, round ${approval.round}` : ''}. ${timeout}</p>`;
}

/** Routing reasons read "finance manager approval: financial impact ..."; the role is already said. */
function withoutRolePrefix(reason: string, role: string): string {
  const prefix = `${describeRole(role)} approval: `;
  return reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
}

/** Why this person is asked: the routing reasons of the requirement they would fill. */
export function whyYou(approval: Approval, record: DecisionRecord, requirement: string): Html {
  const routed = record.route.requirements.find((r) => r.role === requirement);
  const round = approval.rounds.find((r) => r.round === approval.round);
  const slot = round?.eligible.find((e) => e.requirement === requirement);
  let because: string;
  if (slot?.settlesAll)
    because = `nobody decided in time, and as ${describeRole(requirement)} your decision settles it`;
  else if (round?.reason === 'escalated_to_backup' && routed && !routed.eligible.length)
    because = `it was escalated to you as a backup`;
  else
    because =
      routed?.reasons.map((r) => withoutRolePrefix(r, requirement)).join('; ') ??
      `the policy routes it to the ${describeRole(requirement)}`;
  return h`<div class="why">You are asked as <strong>${describeRole(requirement)}</strong> because ${because}.</div>`;
}

export function decisionHistory(approval: Approval, directory: Directory, now: number): Html | string {
  if (approval.decisions.length === 0) return '';
  return h`<ul class="requirements">${approval.decisions.map(
    (d) =>
      h`<li><span><strong>${personName(directory, d.by)}</strong> ${d.verdict === 'approve' ? 'approved' : 'rejected'}${d.choice ? h` <strong data-chosen="${d.choice}">${choiceLabel(recordOf(approval), d.choice)}</strong>` : ''} as ${describeRole(d.requirement)} via ${d.channel}${d.reason ? h` — “${d.reason}”` : ''}${d.comment ? h` <span class="muted">(${d.comment})</span>` : ''}</span><span class="faint small">${dateTime(d.at)} · ${ago(d.at, now)}</span></li>`,
  )}</ul>`;
}
