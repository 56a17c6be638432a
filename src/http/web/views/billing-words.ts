/**
 * A recovery case in the words a finance manager or a success manager uses: why the charge
 * failed, what the customer can still do with the API ("rate limited since Dec 4", "unrestricted"),
 * where the case stands, and who is deciding about it. Shared by the billing, customer and invoice pages.
 */
import type { Approval } from '../../../approvals/index.ts';
import { openSlots } from '../../../approvals/index.ts';
import type { RecoveryCase } from '../../../domain/billing/index.ts';
import { DECLINE_CODES } from '../../../domain/index.ts';
import { formatUsd } from '../format.ts';
import { h, type Html } from '../html.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

export const cents = (n: number): string => formatUsd(n / 100);

/** "Dec 4" (UTC; the full instant is in the title). */
export function dayDate(ms: number): Html {
  const d = new Date(ms);
  return h`<time datetime="${d.toISOString()}" title="${d.toISOString()}">${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}</time>`;
}

/** "insufficient funds" and, when the decline table knows the code, why in a few words. */
export function declineWords(c: Pick<RecoveryCase, 'declineCode' | 'declineType' | 'disputed'>): Html {
  if (c.disputed) return h`the charge is disputed <span class="muted">(not retried)</span>`;
  const info = Object.hasOwn(DECLINE_CODES, c.declineCode) ? DECLINE_CODES[c.declineCode] : undefined;
  const code = c.declineCode.replaceAll('_', ' ');
  const retry = c.declineType === 'hard' ? 'not retried: the customer must act' : 'retried on schedule';
  return h`${code}<div class="muted small">${info ? `${info.reason}; ` : ''}${retry}</div>`;
}

const ACCESS_TONE: Record<string, string> = { none: 'ok', rate_limited: 'warn', suspended: 'bad' };

/** What the API gateway lets the customer do because of this case. */
export function accessWords(c: Pick<RecoveryCase, 'restriction' | 'restrictedSince' | 'status'>): Html {
  const unpaid = c.status === 'open' || c.status === 'unrecovered';
  if (c.restriction === 'none' || !unpaid) return h`<span class="badge ok">unrestricted</span>`;
  const words = c.restriction === 'rate_limited' ? 'rate limited' : 'suspended';
  return h`<span class="badge ${ACCESS_TONE[c.restriction] ?? ''}">${words}</span>${c.restrictedSince === null ? '' : h` <span class="nowrap">since ${dayDate(c.restrictedSince)}</span>`}`;
}

const RECOVERED_BY_WORDS: Record<string, string> = {
  automatic_retry: 'an automatic retry',
  manual_retry: 'a retry a person chose',
  card_update: 'a new card from the customer',
  outside_payment: 'a payment outside PsiZero',
};

/** Where the case stands: "in recovery, day 3 · next step Dec 5", "recovered Dec 3 by an automatic retry". */
export function caseStateWords(c: RecoveryCase, now: number, nextStepAt: number | null): Html {
  switch (c.status) {
    case 'open': {
      const day = Math.max(0, Math.floor((now - c.failedAt) / DAY_MS));
      return h`<span class="badge warn">in recovery</span> <span class="nowrap">day ${day}</span>${nextStepAt === null ? '' : h`<div class="muted small">next step ${dayDate(nextStepAt)}</div>`}`;
    }
    case 'recovered':
      return h`<span class="badge ok">recovered</span>${c.recoveredAt === null ? '' : h` ${dayDate(c.recoveredAt)}`}<div class="muted small">by ${RECOVERED_BY_WORDS[c.recoveredBy ?? ''] ?? 'payment'}${c.recoveredAttempt === null ? '' : `, attempt ${c.recoveredAttempt}`}</div>`;
    case 'written_off':
      return h`<span class="badge">written off</span>${c.closedAt === null ? '' : h` ${dayDate(c.closedAt)}`}`;
    case 'unrecovered':
      return h`<span class="badge bad">unrecovered</span>${c.closedAt === null ? '' : h` ${dayDate(c.closedAt)}`}<div class="muted small">still unpaid after the recovery deadline</div>`;
  }
}

/** The person-facing state of the case's latest approval: who must decide, or what was decided. */
export function approvalWords(approval: Approval, nameOf: (id: string) => string, visible: boolean): Html {
  const open = approval.status === 'pending' || approval.status === 'escalated';
  // Every open requirement must be filled (and), by any one of its people (or).
  const waitingFor = openSlots(approval).map((slot) => slot.people.map(nameOf).join(' or '));
  const decided = approval.decisions[approval.decisions.length - 1];
  const words = open
    ? `waiting for ${waitingFor.length > 0 ? waitingFor.join(' and ') : 'a decision'}`
    : approval.status === 'approved'
      ? `approved${decided?.choice ? `: ${decided.choice.replaceAll('_', ' ')}` : ''}${decided ? ` by ${nameOf(decided.by)}` : ''}`
      : approval.status === 'rejected'
        ? `rejected${decided ? ` by ${nameOf(decided.by)}` : ''}`
        : 'nobody decided in time';
  return visible
    ? h`<a href="/approvals/${encodeURIComponent(approval.id)}" data-approval-link="${approval.id}">${words}</a>`
    : h`${words}`;
}

/** The invoice as people name it. */
export function invoiceName(c: { invoiceNumber: string | null; invoiceId: string }): string {
  return c.invoiceNumber ?? c.invoiceId;
}
