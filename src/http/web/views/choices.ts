/**
 * The options of an approval that offers choices, as the dashboard and the link page show them:
 * radio buttons inside an approve form (required, so the browser asks before the server refuses
 * with CHOICE_REQUIRED), or a read-only list that marks what was approved.
 *
 * Both mark PsiZero's recommended option, and say why an option that cannot succeed is not
 * offered. The form preselects what the person is most likely to approve: the option an earlier
 * approver of a consensus approval already approved (approving another would be refused with
 * CHOICE_CONFLICT, so the others are disabled and the page says why), else the recommendation.
 */
import type { Approval } from '../../../approvals/index.ts';
import { recordOf } from '../../../approvals/index.ts';
import type { ActionChoice, Directory } from '../../../policy/index.ts';
import { choiceLabel as labelOf, choicesOf } from '../../../policy/index.ts';
import { h, type Html } from '../html.ts';
import { personName } from './decision-record.ts';

export function approvalChoices(approval: Approval): readonly ActionChoice[] {
  return choicesOf(recordOf(approval));
}

/** The label people read for a recorded choice id (the id itself if the record lacks it). */
export function choiceLabel(approval: Approval, choice: string): string {
  return labelOf(recordOf(approval), choice);
}

/** PsiZero's recommended option, when it named one the approver can pick. */
export function recommendedChoice(approval: Approval): string | null {
  const id = approval.recommendation?.choice;
  const choice = approvalChoices(approval).find((c) => c.id === id);
  return choice === undefined || choice.unavailable !== undefined ? null : choice.id;
}

/** Whether deciding as `requirement` now fills the final decision maker's slot (one decision settles everything). */
export function settlesAllAs(approval: Approval, requirement: string): boolean {
  const round = approval.rounds.find((r) => r.round === approval.round);
  return round?.eligible.find((e) => e.requirement === requirement)?.settlesAll ?? false;
}

/** The earlier approving decision a non-final approver must agree with (consensus), or null. */
export function bindingDecision(approval: Approval, settlesAll: boolean): Approval['decisions'][number] | null {
  if (settlesAll) return null;
  return approval.decisions.find((d) => d.verdict === 'approve' && !d.settlesAll && d.choice !== null) ?? null;
}

/** Why a different option is refused (CHOICE_CONFLICT), in names and labels; null when nothing binds. */
export function conflictText(approval: Approval, directory: Directory, settlesAll = false): string | null {
  const earlier = bindingDecision(approval, settlesAll);
  if (earlier === null || earlier.choice === null) return null;
  return `${personName(directory, earlier.by)} already approved “${choiceLabel(approval, earlier.choice)}”. All approvers must approve the same option: approve that one too, or reject it with your reason.`;
}

function marks(approval: Approval, c: ActionChoice, directory: Directory): Html {
  const by = approval.decisions.filter((d) => d.verdict === 'approve' && d.choice === c.id);
  return h`${c.id === recommendedChoice(approval) ? h`<span class="badge ok">Recommended</span>` : ''}${by.map(
    (d) => h`<span class="badge info">Approved by ${personName(directory, d.by)}</span>`,
  )}${c.unavailable !== undefined ? h`<span class="badge">Not available</span>` : ''}`;
}

function about(c: ActionChoice): Html | string {
  if (c.unavailable !== undefined) return h`<span class="choice-description">Not offered: ${c.unavailable}</span>`;
  return c.description ? h`<span class="muted small choice-description">${c.description}</span>` : '';
}

export interface ChoiceFormOptions {
  /** Prefix of the radio buttons' ids (`<prefix>-<index>`). */
  idPrefix: string;
  directory: Directory;
  /** The person fills the final decision maker's slot: earlier approvers' choices do not bind them. */
  settlesAll: boolean;
}

/** Radio buttons named `choice` for an approve form; empty when the approval offers none. */
export function choiceFieldset(approval: Approval, options: ChoiceFormOptions): Html | string {
  const choices = approvalChoices(approval);
  if (choices.length === 0) return '';
  const bound = bindingDecision(approval, options.settlesAll)?.choice ?? null;
  const selected = bound ?? recommendedChoice(approval);
  const conflict = conflictText(approval, options.directory, options.settlesAll);
  return h`<fieldset class="choices">
    <legend>Choose what PsiZero does (required to approve)</legend>
    ${conflict === null ? '' : h`<p class="notice info small">${conflict}</p>`}
    ${choices.map((c, i) => {
      const id = `${options.idPrefix}-${i}`;
      const disabled = c.unavailable !== undefined || (bound !== null && c.id !== bound);
      return h`<label class="choice${c.id === recommendedChoice(approval) ? ' recommended' : ''}${disabled ? ' disabled' : ''}" for="${id}" data-choice="${c.id}"><input type="radio" id="${id}" name="choice" value="${c.id}" required${c.id === selected ? h` checked` : ''}${disabled ? h` disabled` : ''}>
      <span><strong>${c.label}</strong>${marks(approval, c, options.directory)}${about(c)}</span></label>`;
    })}
  </fieldset>`;
}

/** The options read-only, the approved one(s) and the recommended one marked; empty when the approval offers none. */
export function choiceList(approval: Approval): Html | string {
  const choices = approvalChoices(approval);
  if (choices.length === 0) return '';
  const approved = new Set(
    approval.decisions.flatMap((d) => (d.verdict === 'approve' && d.choice !== null ? [d.choice] : [])),
  );
  const recommended = recommendedChoice(approval);
  return h`<ul class="requirements choice-list">${choices.map(
    (c) =>
      h`<li data-choice="${c.id}"><span><strong>${c.label}</strong>${c.description ? h` <span class="muted">· ${c.description}</span>` : ''}${c.unavailable !== undefined ? h` <span class="muted">· not offered: ${c.unavailable}</span>` : ''}</span>${approved.has(c.id) ? h`<span class="badge ok">✓ chosen</span>` : ''}${c.id === recommended ? h`<span class="badge">Recommended</span>` : ''}</li>`,
  )}</ul>`;
}
