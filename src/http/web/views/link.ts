/**
 * The confirmation page behind an emailed approval link. Opening it changes nothing (mail scanners
 * and link previews fetch links); only the form's POST records the decision.
 */
import type { Approval } from '../../../approvals/index.ts';
import { recordOf } from '../../../approvals/index.ts';
import type { Directory } from '../../../policy/index.ts';
import { approvalStatus, countdown, dateTime, describeRole } from '../format.ts';
import { h, type Html } from '../html.ts';
import { choiceFieldset, choiceLabel, choiceList, settlesAllAs } from './choices.ts';
import { amountOf, customersOf, ifNobodyDecides, ifRejected, levelReasons, personName } from './decision-record.ts';

export interface LinkPageInput {
  approval: Approval;
  personId: string;
  intent: 'approve' | 'reject';
  /** The requirement the person would fill now, or null (then the page explains and offers no button). */
  decideAs: string | null;
  directory: Directory;
  now: number;
  problem: string | null;
}

function summary(approval: Approval, directory: Directory, now: number): Html {
  const record = recordOf(approval);
  const open = approval.status === 'pending' || approval.status === 'escalated';
  const recommendation = approval.recommendation?.summary ?? null;
  return h`<h2 class="approval-title">${approval.title}</h2>
  <dl class="facts">
    <div class="fact"><dt>Amount</dt><dd class="amount">${amountOf(record)}</dd></div>
    <div class="fact"><dt>Customer</dt><dd>${customersOf(record)}</dd></div>
    <div class="fact"><dt>Deadline</dt><dd>${open ? countdown(approval.deadline, now) : approvalStatus(approval.status)}</dd></div>
  </dl>
  ${recommendation === null ? '' : h`<div class="recommendation"><strong>PsiZero recommends:</strong> ${recommendation}</div>`}
  ${open ? h`<p class="fallback"><strong>If nobody decides</strong> by ${dateTime(approval.deadline)}: ${ifNobodyDecides(approval, directory)}.</p>` : ''}
  <div class="mt">${levelReasons(record)}</div>`;
}

export function linkConfirmView(input: LinkPageInput): Html {
  const { approval, intent } = input;
  const as = personName(input.directory, input.personId);
  const verb = intent === 'approve' ? 'approve' : 'reject';
  return h`<div class="card" data-link-state="confirm"><div class="card-body stack">
  <div><p class="muted small">Confirm your decision</p><h1 class="${intent === 'approve' ? 'text-ok' : 'text-bad'}">${intent === 'approve' ? 'Approve' : 'Reject'} this action?</h1></div>
  ${summary(approval, input.directory, input.now)}
  ${intent === 'reject' || input.decideAs === null ? choiceList(approval) : ''}
  ${input.problem ? h`<div class="notice bad" role="alert">${input.problem}</div>` : ''}
  ${
    input.decideAs === null
      ? h`<div class="notice warn">${as} cannot decide this approval now (it is ${approval.status}, or it no longer needs them).</div>`
      : h`<form method="post" class="stack">
      <p class="muted">You are deciding as <strong>${as}</strong> (${describeRole(input.decideAs)}). Nothing has been recorded yet.</p>
      ${
        intent === 'reject'
          ? h`<p class="muted"><strong>If you reject it:</strong> ${ifRejected(approval)}.</p><div class="field"><label for="reason">Reason (required)</label><textarea id="reason" name="reason" rows="3" maxlength="2000" required></textarea></div>`
          : h`${choiceFieldset(approval, { idPrefix: 'choice', directory: input.directory, settlesAll: settlesAllAs(approval, input.decideAs) })}<div class="field"><label for="comment">Comment (optional)</label><textarea id="comment" name="comment" rows="2" maxlength="2000"></textarea></div>`
      }
      <div class="actions"><button class="btn ${intent === 'approve' ? 'btn-approve' : 'btn-reject'}" type="submit">Confirm: ${verb}</button>
      <span class="faint small">or close this page to decide nothing</span></div>
    </form>`
  }
</div></div>`;
}

export function linkDoneView(approval: Approval, personId: string, directory: Directory, now: number): Html {
  const decision = approval.decisions.find((d) => d.by === personId);
  const verdict = decision?.verdict === 'reject' ? 'rejected' : 'approved';
  const chosen = decision?.choice
    ? h` <span data-chosen="${decision.choice}">(${choiceLabel(approval, decision.choice)})</span>`
    : '';
  return h`<div class="card" data-link-state="done"><div class="card-body stack">
  <div><h1>Thank you — you ${verdict} it${chosen}.</h1>
  <p class="muted mt-xs">Recorded as ${personName(directory, personId)} via email${decision ? h` at ${dateTime(decision.at)}` : ''}. The approval is now ${approval.status}.</p>
  ${decision?.verdict === 'reject' ? h`<p class="mt-xs"><strong>What happens next:</strong> ${ifRejected(approval)}.</p>` : ''}</div>
  ${summary(approval, directory, now)}
  <p class="small faint">This link cannot be used again.</p>
</div></div>`;
}
