/**
 * One approval as a card. Before a decision: what is proposed, why it needs this person, PsiZero's
 * recommendation (preselected in the form), what happens if nobody decides and what a rejection
 * leads to, the deadline, the decision form. After: the outcome (who decided what, when, and what
 * PsiZero did), with no countdown and no "needs approval".
 */
import type { Approval } from '../../../approvals/index.ts';
import { recordOf } from '../../../approvals/index.ts';
import type { Directory } from '../../../policy/index.ts';
import { ago, approvalStatus, countdown, dateTime, levelBadge, shortId } from '../format.ts';
import { h, type Html } from '../html.ts';
import { outcomeView, type CarriedOut } from './approval-outcome.ts';
import { choiceFieldset, choiceList, settlesAllAs } from './choices.ts';
import {
  amountOf,
  customersOf,
  ifNobodyDecides,
  ifRejected,
  levelReasons,
  personName,
  requirementList,
  whyYou,
} from './decision-record.ts';

export interface ApprovalCardInput {
  approval: Approval;
  directory: Directory;
  /** The directory id of the person looking (null for a key bound to nobody). */
  viewerId: string | null;
  /** The requirement the viewer would decide as, or null when they cannot decide. */
  decideAs: string | null;
  recommendation: string | null;
  /** What the run did after the approval settled (from the audit log); null while it is open or the run has not acted. */
  carriedOut: CarriedOut | null;
  now: number;
  /** Hidden CSRF field for the forms. */
  csrf: Html | string;
  /** Link the title to the approval page (inbox) or not (the page itself). */
  linkTitle: boolean;
  /** Link to the run when the viewer may see runs. */
  runLink: boolean;
  /** Where the form returns to after deciding. */
  back: string;
  /** A refusal to show above the form (e.g. a rejection without a reason). */
  problem?: string | null;
}

function isOpen(approval: Approval): boolean {
  return approval.status === 'pending' || approval.status === 'escalated';
}

function decisionForms(input: ApprovalCardInput, requirement: string): Html {
  const { approval, csrf, back } = input;
  const action = `/approvals/${encodeURIComponent(approval.id)}/decide`;
  const choices = choiceFieldset(approval, {
    idPrefix: `ch-${approval.id}`,
    directory: input.directory,
    settlesAll: settlesAllAs(approval, requirement),
  });
  return h`<div class="section">
  ${input.problem ? h`<div class="notice bad mb-s" role="alert">${input.problem}</div>` : ''}
  <form method="post" action="${action}" class="decide">
    ${csrf}<input type="hidden" name="back" value="${back}"><input type="hidden" name="verdict" value="approve">
    ${choices}
    <div><label for="c-${approval.id}">Comment (optional)</label><textarea id="c-${approval.id}" name="comment" rows="1" maxlength="2000" placeholder="Anything the team should know"></textarea></div>
    <button class="btn btn-approve" type="submit">Approve</button>
  </form>
  <details class="reject">
    <summary>Reject…</summary>
    <form method="post" action="${action}" class="decide">
      ${csrf}<input type="hidden" name="back" value="${back}"><input type="hidden" name="verdict" value="reject">
      <p class="muted small reject-next"><strong>If you reject it:</strong> ${ifRejected(approval)}.</p>
      <div><label for="r-${approval.id}">Reason (required)</label><textarea id="r-${approval.id}" name="reason" rows="2" maxlength="2000" required placeholder="Why PsiZero must not do this"></textarea></div>
      <button class="btn btn-reject" type="submit">Reject</button>
    </form>
  </details>
</div>`;
}

/** What silence means, named before anyone decides. */
function fallbackNote(approval: Approval, directory: Directory): Html {
  return h`<p class="fallback"><strong>If nobody decides</strong> by ${dateTime(approval.deadline)}: ${ifNobodyDecides(approval, directory)}.</p>`;
}

function tags(approval: Approval, now: number): Html {
  if (!isOpen(approval))
    return h`<div class="approval-tags">${levelBadge(approval.level, false)}${approvalStatus(approval.status)}</div>`;
  return h`<div class="approval-tags">${levelBadge(approval.level)}${approval.status === 'escalated' ? approvalStatus('escalated') : ''}</div>
      ${countdown(approval.deadline, now)}`;
}

export function approvalCard(input: ApprovalCardInput): Html {
  const { approval, directory, now } = input;
  const record = recordOf(approval);
  const open = isOpen(approval);
  const deciding = input.decideAs !== null && open;
  // A person deciding sees the options as the approve form's radio buttons; everyone else as a list.
  const options = deciding ? '' : choiceList(approval);
  const title = input.linkTitle ? h`<a href="/approvals/${approval.id}">${approval.title}</a>` : approval.title;
  const runId = shortId(approval.runId);
  const run = input.runLink
    ? h`<a class="mono" href="/runs/${approval.runId}" title="${approval.runId}">${runId}</a>`
    : h`<span class="mono" title="${approval.runId}">${runId}</span>`;
  return h`<article class="card" data-approval="${approval.id}" data-status="${approval.status}">
  <div class="card-body">
    <div class="approval-top">${tags(approval, now)}</div>
    <h2 class="approval-title">${title}</h2>
    <dl class="facts">
      <div class="fact"><dt>Amount</dt><dd class="amount">${amountOf(record)}</dd></div>
      <div class="fact"><dt>Customer</dt><dd>${customersOf(record)}</dd></div>
      <div class="fact"><dt>Requested</dt><dd title="${new Date(approval.createdAt).toISOString()}">${ago(approval.createdAt, now)}</dd></div>
      <div class="fact"><dt>Run</dt><dd>${run}</dd></div>
      ${approval.initiatedBy ? h`<div class="fact"><dt>Proposed by</dt><dd>${personName(directory, approval.initiatedBy)}</dd></div>` : ''}
    </dl>
    ${outcomeView(approval, directory, input.carriedOut, input.viewerId, now)}
    ${deciding ? whyYou(approval, record, input.decideAs!) : ''}
    ${input.recommendation ? h`<div class="recommendation"><strong>PsiZero recommends:</strong> ${input.recommendation}</div>` : ''}
    ${open ? fallbackNote(approval, directory) : ''}
  </div>
  <div class="section split">
    <div><h3>Why it needs a person</h3>${levelReasons(record)}</div>
    <div><h3>Who decides</h3>${requirementList(approval, record, directory, now)}</div>
  </div>
  ${options ? h`<div class="section"><h3>Options</h3>${options}</div>` : ''}
  ${deciding ? decisionForms(input, input.decideAs!) : ''}
</article>`;
}
