/**
 * The options of an approval that offers choices, as the dashboard and the link page show them:
 * radio buttons inside an approve form (required, so the browser asks before the server refuses
 * with CHOICE_REQUIRED), or a read-only list that marks what was approved.
 */
import type { Approval } from '../../../approvals/index.ts';
import { recordOf } from '../../../approvals/index.ts';
import type { ActionChoice } from '../../../policy/index.ts';
import { choiceLabel as labelOf, choicesOf } from '../../../policy/index.ts';
import { h, type Html } from '../html.ts';

export function approvalChoices(approval: Approval): readonly ActionChoice[] {
  return choicesOf(recordOf(approval));
}

/** The label people read for a recorded choice id (the id itself if the record lacks it). */
export function choiceLabel(approval: Approval, choice: string): string {
  return labelOf(recordOf(approval), choice);
}

/** Radio buttons named `choice` for an approve form; empty when the approval offers none. */
export function choiceFieldset(approval: Approval, idPrefix: string, selected: string | null = null): Html | string {
  const choices = approvalChoices(approval);
  if (choices.length === 0) return '';
  return h`<fieldset class="choices">
    <legend>Choose what PsiZero does (required to approve)</legend>
    ${choices.map((c, i) => {
      const id = `${idPrefix}-${i}`;
      return h`<label class="choice" for="${id}"><input type="radio" id="${id}" name="choice" value="${c.id}" required${c.id === selected ? h` checked` : ''}>
      <span><strong>${c.label}</strong>${c.description ? h`<span class="muted small choice-description">${c.description}</span>` : ''}</span></label>`;
    })}
  </fieldset>`;
}

/** The options read-only, the approved one(s) marked; empty when the approval offers none. */
export function choiceList(approval: Approval): Html | string {
  const choices = approvalChoices(approval);
  if (choices.length === 0) return '';
  const approved = new Set(
    approval.decisions.flatMap((d) => (d.verdict === 'approve' && d.choice !== null ? [d.choice] : [])),
  );
  return h`<ul class="requirements choice-list">${choices.map(
    (c) =>
      h`<li data-choice="${c.id}"><span><strong>${c.label}</strong>${c.description ? h` <span class="muted">· ${c.description}</span>` : ''}</span>${approved.has(c.id) ? h`<span class="badge ok">✓ chosen</span>` : ''}</li>`,
  )}</ul>`;
}
