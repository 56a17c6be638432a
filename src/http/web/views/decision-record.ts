/** The decision record in plain words: what level, why, who must approve and what happens if nobody does. */
import type { Approval } from '../../../approvals/index.ts';
import type { DecisionRecord, Directory } from '../../../policy/index.ts';
import { findPerson } from '../../../policy/index.ts';
import { ago, describeRole, durationWords, formatUsd } from '../format.ts';
import { h, type Html } from '../html.ts';
import { choiceLabel } from './choices.ts';

const MODE_WORDS: Record<number, string> = {
  1: 'PsiZero acts on its own and reports.',
  2: 'PsiZero acts only after the people below approve.',
  3: 'PsiZero only recommends; a person decides and acts.',
};

const FALLBACK_WORDS: Record<string, (finalRole: string) => string> = {
  escalate_to_backup: () => "it goes to each approver's backup",
  proceed_with_conservative_default: () => "PsiZero takes the workflow's safer default instead",
  escalate_to_final_decision_maker: (role) => `the ${describeRole(role)} makes the final decision`,
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

/** The approval path: every requirement, who may fill it, and who did. */
export function requirementList(approval: Approval, record: DecisionRecord, directory: Directory, now: number): Html {
  const plan = record.route.approval;
  const needed = plan === null ? '' : `${approval.approvalsNeeded} of ${approval.requirements.length} required`;
  const timeout =
    plan === null
      ? ''
      : `If nobody decides within ${durationWords(approval.timeoutMs)}, ${FALLBACK_WORDS[approval.fallback]?.(approval.finalDecisionMakerRole) ?? approval.fallback}.`;
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
      h`<li><span><strong>${personName(directory, d.by)}</strong> ${d.verdict === 'approve' ? 'approved' : 'rejected'}${d.choice ? h` <strong data-chosen="${d.choice}">${choiceLabel(approval, d.choice)}</strong>` : ''} as ${describeRole(d.requirement)} via ${d.channel}${d.reason ? h` — “${d.reason}”` : ''}${d.comment ? h` <span class="muted">(${d.comment})</span>` : ''}</span><span class="faint small">${ago(d.at, now)}</span></li>`,
  )}</ul>`;
}
