/**
 * How an approval ended, for the card once someone has decided: who decided what and when, and
 * what PsiZero did about it (read from the audit log the gate writes: executed, failed, took the
 * safer default, did not act), or, after a rejection, what happens next.
 */
import type { Approval } from '../../../approvals/index.ts';
import type { AuditEntry } from '../../../audit/index.ts';
import type { Directory } from '../../../policy/index.ts';
import { ago, dateTime } from '../format.ts';
import { h, type Html } from '../html.ts';
import { decisionHistory, ifRejected } from './decision-record.ts';

/** What the run did once the approval was settled, as the gate audited it. */
export type CarriedOut =
  | { kind: 'executed'; at: number }
  | { kind: 'failed'; at: number; message: string }
  | { kind: 'default_taken'; at: number; description: string }
  | { kind: 'not_executed'; at: number; reason: string }
  | { kind: 'decision_returned'; at: number };

/** The gate's last word on the approval among its audit entries; null while the run has not acted yet. */
export function carriedOutFrom(entries: readonly AuditEntry[]): CarriedOut | null {
  let found: CarriedOut | null = null;
  for (const e of entries) {
    if (e.kind === 'action_executed') found = { kind: 'executed', at: e.at };
    else if (e.kind === 'action_failed') found = { kind: 'failed', at: e.at, message: e.data.error.message };
    else if (e.kind === 'fallback_taken') found = { kind: 'default_taken', at: e.at, description: e.data.description };
    else if (e.kind === 'action_not_executed') found = { kind: 'not_executed', at: e.at, reason: e.data.reason };
    else if (e.kind === 'decision_recorded') found = { kind: 'decision_returned', at: e.at };
  }
  return found;
}

const NOT_EXECUTED: Record<string, string> = {
  rejected: 'PsiZero did not carry it out',
  expired_without_default: 'PsiZero did not carry it out: nobody approved in time and the workflow has no default',
  approval_invalid: 'PsiZero did not carry it out: the decisions did not add up to a valid approval',
};

function happened(c: CarriedOut, now: number): Html {
  const when = h` <span class="muted small">· ${ago(c.at, now)}</span>`;
  switch (c.kind) {
    case 'executed':
      return h`PsiZero carried it out.${when}`;
    case 'failed':
      return h`PsiZero tried to carry it out and it failed: ${c.message}.${when}`;
    case 'default_taken':
      return h`PsiZero took its safer default: ${c.description}.${when}`;
    case 'not_executed':
      return h`${NOT_EXECUTED[c.reason] ?? `PsiZero did not carry it out (${c.reason.replaceAll('_', ' ')})`}.${when}`;
    case 'decision_returned':
      return h`The decision went back to the workflow; PsiZero does not act on a recommendation by itself.${when}`;
  }
}

const HEADLINES: Record<string, { text: string; tone: string }> = {
  approved: { text: 'Approved', tone: 'ok' },
  rejected: { text: 'Rejected', tone: 'bad' },
  expired: { text: 'Nobody decided in time', tone: 'warn' },
};

/**
 * The outcome block: shown instead of the decision form once the approval is settled, or once the
 * viewer has decided and others still must. Empty for an open approval nobody has decided yet.
 */
export function outcomeView(
  approval: Approval,
  directory: Directory,
  carriedOut: CarriedOut | null,
  viewerId: string | null,
  now: number,
): Html | string {
  const open = approval.status === 'pending' || approval.status === 'escalated';
  if (open && approval.decisions.length === 0) return '';
  const waiting = approval.decisions.some((d) => d.by === viewerId) ? 'Waiting for the others' : 'Decided so far';
  const head = HEADLINES[approval.status] ?? { text: waiting, tone: 'info' };
  const settledAt =
    approval.resolvedAt === null ? '' : h` <span class="muted small">· ${dateTime(approval.resolvedAt)}</span>`;
  const next =
    approval.status === 'approved'
      ? h`<p><strong>What happened:</strong> ${carriedOut === null ? 'PsiZero is carrying it out.' : happened(carriedOut, now)}</p>`
      : approval.status === 'rejected'
        ? h`<p><strong>What happens next:</strong> ${ifRejected(approval)}.</p>${carriedOut === null ? '' : h`<p><strong>What happened:</strong> ${happened(carriedOut, now)}</p>`}`
        : approval.status === 'expired'
          ? h`<p><strong>What happened:</strong> ${carriedOut === null ? 'the deadline passed; PsiZero is handling it.' : happened(carriedOut, now)}</p>`
          : '';
  return h`<div class="outcome ${head.tone}" data-outcome="${approval.status}" role="status">
    <p class="outcome-head"><strong>${head.text}</strong>${settledAt}</p>
    ${decisionHistory(approval, directory, now)}
    ${next}
  </div>`;
}
