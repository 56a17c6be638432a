/** The approval inbox and the page of one approval. */
import { describeRole } from '../format.ts';
import { h, type Html } from '../html.ts';
import { approvalCard, type ApprovalCardInput } from './approval-card.ts';

/** `decided`: what the person decided in the last day, shown below with its outcome. */
export function inboxView(
  firstName: string,
  cards: ApprovalCardInput[],
  decided: ApprovalCardInput[],
  flash: string | null,
): Html {
  const count = cards.length;
  const lead =
    count === 0
      ? 'Nothing waits for you.'
      : `${count} ${count === 1 ? 'decision waits' : 'decisions wait'} for you, soonest deadline first.`;
  return h`<div class="page-head"><div><h1>Approval inbox</h1><p>${lead}</p></div></div>
  ${flash ? h`<div class="notice ok mb" role="status">${flash}</div>` : ''}
  <div class="stack">
    ${
      count === 0
        ? h`<div class="card empty"><div class="glyph" aria-hidden="true">✓</div><h2>All clear, ${firstName}</h2><p>When PsiZero needs your approval, it appears here, in Slack and by email.</p></div>`
        : cards.map(approvalCard)
    }
  </div>
  ${
    decided.length === 0
      ? ''
      : h`<section class="recent" aria-labelledby="recent-head"><h2 id="recent-head" class="section-title">You decided recently</h2>
  <div class="stack">${decided.map(approvalCard)}</div></section>`
  }`;
}

export function approvalPageView(card: ApprovalCardInput, cannotDecide: string | null, flash: string | null): Html {
  return h`<div class="crumbs"><a href="/inbox">Inbox</a> / approval <span class="mono">${card.approval.id}</span></div>
  ${flash ? h`<div class="notice ok mb" role="status">${flash}</div>` : ''}
  ${cannotDecide ? h`<div class="notice mb">${cannotDecide}</div>` : ''}
  ${approvalCard(card)}`;
}

/** Why the viewer sees no decision buttons, when the card itself does not say. */
export function cannotDecideText(
  status: string,
  required: string[],
  viewerDecided: boolean,
  isInitiator: boolean,
): string | null {
  // A settled approval's card says how it ended; a person who decided sees their decision on it.
  if ((status !== 'pending' && status !== 'escalated') || viewerDecided) return null;
  if (isInitiator) return 'You proposed this action, so someone else must approve it.';
  return `You cannot decide this one: it needs ${required.map(describeRole).join(' or ')}.`;
}
