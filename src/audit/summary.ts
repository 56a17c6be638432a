/**
 * One line in words per audit entry, for `psizero audit list` and the dashboard's audit page. What
 * an entry says is decided here once, per kind; how it is written (codes as stored or in words, who
 * a person is, how a time reads) is the caller's style.
 */
import { formatUsd } from '../policy/money.ts';
import type { AuditEntry, MoneySubject } from './entries.ts';

export interface SummaryStyle {
  /** A stored code (`finance_manager`, `write_off`) as the reader sees it. */
  code(value: string): string;
  /** A directory id as the reader sees it. */
  person(id: string): string;
  time(ms: number): string;
  /** Between a decision and the status it led to. */
  arrow: string;
  /** Around a person's own words (a comment, a reason). */
  quote(text: string): string;
  /** Marks where raw data was cut short. */
  ellipsis: string;
}

/** For terminals and logs: ASCII, codes and ids as stored (so they can be grepped), ISO times. */
export const PLAIN_STYLE: SummaryStyle = {
  code: (value) => value,
  person: (id) => id,
  time: (ms) => new Date(ms).toISOString().replace('.000Z', 'Z'),
  arrow: '->',
  quote: (text) => text,
  ellipsis: '...',
};

const MAX_RAW = 80;

export function summarizeAuditEntry(entry: AuditEntry, style: SummaryStyle = PLAIN_STYLE): string {
  const chosenOption = (choice: string | undefined): string =>
    choice === undefined ? '' : ` with the chosen option: ${style.code(choice)}`;
  switch (entry.kind) {
    case 'decision_record':
      return `Level ${entry.data.record.level}: ${entry.data.record.title}`;
    case 'recommendation_made':
      return entry.data.recommendation ? `recommends: ${entry.data.recommendation.summary}` : 'no recommendation';
    case 'approval_requested':
      return `approval requested (${style.code(entry.data.kind)}), decide by ${style.time(entry.data.deadline)}`;
    case 'notification_sent':
    case 'notification_failed': {
      const d = entry.data;
      const sent = `${style.code(d.type)} to ${style.person(d.recipient)} via ${d.channel}`;
      return entry.kind === 'notification_failed'
        ? `${sent} not delivered: ${d.error?.message ?? 'no reason given'}`
        : sent;
    }
    case 'approval_decision': {
      const d = entry.data;
      const why = d.reason ?? d.comment;
      const because = typeof why === 'string' && why !== '' ? `: ${style.quote(why)}` : '';
      const chosen = d.choice === undefined ? '' : ` (chose ${style.code(d.choice)})`;
      return `${d.verdict}${chosen} as ${style.code(d.requirement)} ${style.arrow} ${d.statusAfter}${because}`;
    }
    case 'approval_timed_out':
      return `round ${entry.data.round} timed out`;
    case 'approval_escalated':
      return `round ${entry.data.round}: ${style.code(entry.data.reason)}`;
    case 'approval_expired':
      return `expired in round ${entry.data.round}; fallback: ${style.code(entry.data.fallback)}`;
    case 'fallback_taken':
      return entry.data.description;
    case 'action_not_executed':
      return style.code(entry.data.reason);
    case 'decision_recorded':
      return `decision recorded: ${entry.data.decision}${chosenOption(entry.data.choice)}`;
    case 'action_executed':
      return entry.data.choice === undefined
        ? `executed: ${raw(entry.data.result, style)}`
        : `executed${chosenOption(entry.data.choice)}`;
    case 'action_failed':
      return `failed after ${entry.data.attempts} attempt(s): ${entry.data.error.message}`;
    case 'charge_attempted': {
      const d = entry.data;
      const what = `charged ${d.customer.name} ${money(d.amountCents, d.currency)} for ${invoiceRef(d)} (attempt ${d.attempt}, ${style.code(d.by)})`;
      if (d.outcome !== 'declined') return `${what}: ${style.code(d.outcome)}`;
      const type = d.declineType === undefined ? '' : ` (${d.declineType})`;
      return `${what}: declined, ${style.code(d.declineCode ?? 'no reason given')}${type}`;
    }
    case 'charge_disputed': {
      const d = entry.data;
      return `${d.customer.name}'s charge of ${money(d.amountCents, d.currency)} for ${invoiceRef(d)} is disputed (payment ${d.paymentId})`;
    }
    case 'card_updated': {
      const d = entry.data;
      const unpaid = d.unpaid.map((i) => `${invoiceRef({ invoice: i })} ${money(i.amountCents, i.currency)}`);
      return `${d.customer.name} updated their card${unpaid.length === 0 ? '' : `; unpaid: ${unpaid.join(', ')}`}`;
    }
    case 'invoice_written_off': {
      const d = entry.data;
      return `wrote off ${invoiceRef(d)} of ${d.customer.name}, ${money(d.amountCents, d.currency)}: ${d.reason}`;
    }
    case 'access_restricted': {
      const d = entry.data;
      return `${d.customer.name}'s API access ${style.code(d.restriction)} for ${invoiceRef(d)} (${money(d.amountCents, d.currency)}): ${d.reason}`;
    }
    case 'access_restored': {
      const d = entry.data;
      return `${d.customer.name}'s API access restored, ${invoiceRef(d)} (${money(d.amountCents, d.currency)}): ${d.reason}`;
    }
  }
}

function money(cents: number, currency: string): string {
  return currency.toLowerCase() === 'usd'
    ? formatUsd(cents / 100)
    : `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

function invoiceRef(subject: Pick<MoneySubject, 'invoice'>): string {
  return `invoice ${subject.invoice.number ?? subject.invoice.id}`;
}

function raw(value: unknown, style: SummaryStyle): string {
  const text = JSON.stringify(value ?? null);
  return text.length > MAX_RAW ? `${text.slice(0, MAX_RAW - style.ellipsis.length)}${style.ellipsis}` : text;
}
