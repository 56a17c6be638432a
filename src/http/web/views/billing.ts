/**
 * The payment-recovery page for finance: the money at risk, recovered and written off in dollars,
 * the recovery funnel and recovered dollars by week as charts, what preceded payment, and every
 * case named for its customer and invoice, its state in words, and links to the customer, the
 * invoice, the run and the approval.
 */
import type { Approval } from '../../../approvals/index.ts';
import type { CaseStatus, RecoveryMetrics } from '../../../domain/billing/index.ts';
import type { NamedRecoveryCase } from '../../../domain/billing/case-listing.ts';
import type { RecoveryMoney } from '../../../domain/billing/recovery-money.ts';
import { h, type Html } from '../html.ts';
import { funnelChart, recoveredChart } from './billing-charts.ts';
import {
  accessWords,
  approvalWords,
  caseStateWords,
  cents,
  dayDate,
  declineWords,
  invoiceName,
} from './billing-words.ts';

const pct = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const hours = (v: number | null): string =>
  v === null ? '—' : v < 48 ? `${v} h` : `${Math.round((v / 24) * 10) / 10} days`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface BillingCaseRow {
  recovery: NamedRecoveryCase;
  /** The case's latest approval, if a person was asked. */
  approval: Approval | null;
  /** Whether the viewer may open that approval. */
  approvalVisible: boolean;
  /** When the case's run next wakes (a retry, a message, a deadline). */
  nextStepAt: number | null;
}

export interface BillingPageInput {
  metrics: RecoveryMetrics;
  money: RecoveryMoney;
  cases: BillingCaseRow[];
  status: CaseStatus | '';
  now: number;
  nameOf: (personId: string) => string;
  /** Whether the viewer may read runs (the board reads billing, not runs). */
  runLinks: boolean;
}

function tile(label: string, value: string, note: string, attrs: { id: string }): Html {
  return h`<div class="tile" data-figure="${attrs.id}"><div class="tile-label">${label}</div><div class="tile-value">${value}</div><div class="tile-note">${note}</div></div>`;
}

const STATUS_TABS: { value: CaseStatus | ''; label: string }[] = [
  { value: '', label: 'All cases' },
  { value: 'open', label: 'In recovery' },
  { value: 'recovered', label: 'Recovered' },
  { value: 'written_off', label: 'Written off' },
  { value: 'unrecovered', label: 'Unrecovered' },
];

function statusTabs(current: CaseStatus | ''): Html {
  return h`<nav class="tabs" aria-label="Cases by state">${STATUS_TABS.map(
    (t) =>
      h`<a href="/billing${t.value ? `?status=${t.value}` : ''}#cases"${t.value === current ? h` aria-current="page" class="active"` : ''}>${t.label}</a>`,
  )}</nav>`;
}

function caseRow(row: BillingCaseRow, input: BillingPageInput): Html {
  const c = row.recovery;
  const customer = encodeURIComponent(c.customerId);
  return h`<tr data-case="${c.invoiceId}">
  <td data-label="Customer"><a href="/customers/${customer}">${c.customerName ?? c.customerId}</a>
    <div class="small">invoice <a href="/invoices/${encodeURIComponent(c.invoiceId)}">${invoiceName(c)}</a></div></td>
  <td data-label="Amount" class="num">${cents(c.amountCents)}</td>
  <td data-label="Failed" class="nowrap">${dayDate(c.failedAt)}</td>
  <td data-label="Why it failed">${declineWords(c)}</td>
  <td data-label="API access">${accessWords(c)}</td>
  <td data-label="State">${caseStateWords(c, input.now, row.nextStepAt)}<div class="muted small">${plural(c.attempts, 'charge attempt')}</div></td>
  <td data-label="A person">${row.approval === null ? h`<span class="muted">not needed yet</span>` : approvalWords(row.approval, input.nameOf, row.approvalVisible)}</td>
  ${input.runLinks ? h`<td data-label="Run"><a href="/runs/${encodeURIComponent(c.runId)}">timeline</a></td>` : ''}
</tr>`;
}

export function billingView(input: BillingPageInput): Html {
  const { metrics: m, money } = input;
  const handed = m.escalated;
  return h`<div class="page-head"><div><h1>Payment recovery</h1><p>Failed charges, what PsiZero did about them, and what worked. Amounts in US dollars.</p></div></div>
<div class="tiles">
  ${tile('Money at risk', cents(money.atRisk.cents), `${plural(money.atRisk.cases, 'unpaid invoice')} in recovery`, { id: 'at-risk' })}
  ${tile('Recovered', cents(money.recovered.cents), `${plural(money.recovered.cases, 'invoice')} · recovery rate ${pct(m.recoveryRate)}`, { id: 'recovered' })}
  ${tile('Written off', cents(money.writtenOff.cents), `${plural(money.writtenOff.cases, 'invoice')}${money.unrecovered.cases > 0 ? ` · ${cents(money.unrecovered.cents)} more unrecovered at the deadline` : ''}`, { id: 'written-off' })}
  ${tile('Handed to a person', String(handed), `of ${plural(m.cases, 'failed payment')}`, { id: 'escalated' })}
  ${tile('Time to recovery', hours(m.timeToRecoveryHours.median), `median; 90% within ${hours(m.timeToRecoveryHours.p90)}`, { id: 'time' })}
  ${tile('Retained after recovery', pct(m.retention.rate), `${m.retention.retained} of ${m.retention.recovered} still customers`, { id: 'retained' })}
</div>
<div class="chart-grid">
<section class="card" aria-labelledby="funnel-h"><h2 id="funnel-h">Recovery funnel</h2>${funnelChart(m)}</section>
<section class="card" aria-labelledby="weekly-h"><h2 id="weekly-h">Recovered dollars by week</h2>${recoveredChart(money.weekly)}</section>
</div>
<div class="grid-2">
<section class="card" aria-labelledby="preceded-h"><h2 id="preceded-h">What preceded payment</h2><div class="card-body">${
    m.precedingMessage.length === 0
      ? h`<p class="muted">No recovered payments yet.</p>`
      : h`<table class="data"><thead><tr><th>Last message before paying</th><th class="num">Payments</th></tr></thead><tbody>${m.precedingMessage.map(
          (p) =>
            h`<tr><td>${p.message === 'none' ? 'no message (paid on a retry before any message)' : p.message.replaceAll('_', ' ')}</td><td class="num">${p.recovered}</td></tr>`,
        )}</tbody></table>`
  }</div></section>
<section class="card" aria-labelledby="by-h"><h2 id="by-h">Recovered by</h2><div class="card-body"><table class="data"><tbody>
  <tr><td>Automatic retry</td><td class="num">${m.byMethod.automatic_retry}</td></tr>
  <tr><td>Retry a person chose</td><td class="num">${m.byMethod.manual_retry}</td></tr>
  <tr><td>Customer updated the card</td><td class="num">${m.byMethod.card_update}</td></tr>
  <tr><td>Paid outside PsiZero</td><td class="num">${m.byMethod.outside_payment}</td></tr>
  <tr><td>Written off</td><td class="num">${m.writtenOff}</td></tr>
</tbody></table></div></section>
</div>
<section class="card" id="cases" aria-labelledby="cases-h"><h2 id="cases-h">Cases</h2>
${statusTabs(input.status)}
${
  input.cases.length === 0
    ? h`<div class="empty"><p>No cases in this state.</p></div>`
    : h`<div class="table-wrap"><table class="data responsive cases">
  <thead><tr><th>Customer and invoice</th><th class="num">Amount</th><th>Failed</th><th>Why it failed</th><th>API access</th><th>State</th><th>A person</th>${input.runLinks ? h`<th>Run</th>` : ''}</tr></thead>
  <tbody>${input.cases.map((row) => caseRow(row, input))}</tbody></table></div>`
}</section>`;
}
