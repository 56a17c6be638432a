/**
 * The payment-recovery page: headline figures, the recovery funnel as a chart (server-rendered
 * SVG: a handful of bars needs no client script and no build step), what preceded payment, and
 * the cases with links to their runs.
 */
import type { RecoveryCase, RecoveryMetrics } from '../../../domain/billing/index.ts';
import { dateTime, formatUsd } from '../format.ts';
import { h, type Html } from '../html.ts';

const pct = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const hours = (v: number | null): string =>
  v === null ? '—' : v < 48 ? `${v} h` : `${Math.round((v / 24) * 10) / 10} days`;

const ATTEMPT_LABEL = (n: number): string => (n === 1 ? 'First charge' : `Attempt ${n}`);

/** Bars of unpaid invoices after each attempt; the step down between bars is what that attempt recovered. */
export function funnelChart(m: RecoveryMetrics): Html {
  const stages = m.funnel;
  if (stages.length === 0 || m.cases === 0)
    return h`<div class="empty"><h2>No failed payments yet</h2><p>The funnel appears when a charge fails.</p></div>`;
  const width = 640;
  const label = 130;
  const bar = 28;
  const gap = 14;
  const height = stages.length * (bar + gap) + gap;
  const scale = (n: number): number =>
    Math.max(2, Math.round(((width - label - 150) * n) / Math.max(1, stages[0]!.unpaid + stages[0]!.recovered)));
  const summary = stages
    .map((s) => `${ATTEMPT_LABEL(s.attempt)}: ${s.recovered} paid, ${s.unpaid} still unpaid`)
    .join('; ');
  return h`<figure class="chart">
<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Recovery funnel. ${summary}" class="funnel" preserveAspectRatio="xMinYMin meet">
${stages.map((s, i) => {
  const y = gap + i * (bar + gap);
  const unpaidW = scale(s.unpaid);
  const paidW = s.recovered > 0 ? scale(s.recovered) : 0;
  return h`<g class="stage">
  <text x="0" y="${y + bar / 2 + 5}" class="chart-label">${ATTEMPT_LABEL(s.attempt)}</text>
  <rect x="${label}" y="${y}" width="${unpaidW}" height="${bar}" rx="4" class="bar-unpaid"><title>${s.unpaid} unpaid after ${ATTEMPT_LABEL(s.attempt).toLowerCase()}</title></rect>
  ${paidW > 0 ? h`<rect x="${label + unpaidW + 2}" y="${y}" width="${paidW}" height="${bar}" rx="4" class="bar-paid"><title>${s.recovered} paid by ${ATTEMPT_LABEL(s.attempt).toLowerCase()}</title></rect>` : ''}
  <text x="${label + unpaidW + paidW + 10}" y="${y + bar / 2 + 5}" class="chart-value">${s.unpaid} unpaid${s.recovered > 0 ? ` · ${s.recovered} paid` : ''}</text>
</g>`;
})}
</svg>
<figcaption><span class="key key-unpaid"></span> still unpaid after the attempt <span class="key key-paid"></span> paid by that attempt</figcaption>
</figure>`;
}

const STATUS_TONE: Record<string, string> = { open: 'warn', recovered: 'ok', written_off: '', unrecovered: 'bad' };
const ACCESS_TONE: Record<string, string> = { none: 'ok', rate_limited: 'warn', suspended: 'bad' };

function tile(label: string, value: string, note: string): Html {
  return h`<div class="tile"><div class="tile-label">${label}</div><div class="tile-value">${value}</div><div class="tile-note">${note}</div></div>`;
}

export function billingView(m: RecoveryMetrics, cases: RecoveryCase[]): Html {
  return h`<div class="page-head"><div><h1>Payment recovery</h1><p>Failed charges, what PsiZero did about them, and what worked.</p></div></div>
<div class="tiles">
  ${tile('Recovery rate', pct(m.recoveryRate), `${m.recovered} of ${m.cases} failed payments paid`)}
  ${tile('In recovery', String(m.open), `${m.escalated} handed to a person`)}
  ${tile('Time to recovery', hours(m.timeToRecoveryHours.median), `median; 90% within ${hours(m.timeToRecoveryHours.p90)}`)}
  ${tile('Retained after recovery', pct(m.retention.rate), `${m.retention.retained} of ${m.retention.recovered} still customers`)}
</div>
<section class="card"><h2>Recovery funnel</h2>${funnelChart(m)}</section>
<div class="grid-2">
<section class="card"><h2>What preceded payment</h2>${
    m.precedingMessage.length === 0
      ? h`<p class="faint">No recovered payments yet.</p>`
      : h`<table class="data"><thead><tr><th>Last message before paying</th><th class="num">Payments</th></tr></thead><tbody>${m.precedingMessage.map(
          (p) =>
            h`<tr><td>${p.message === 'none' ? 'none (paid on a retry before any message)' : p.message.replaceAll('_', ' ')}</td><td class="num">${p.recovered}</td></tr>`,
        )}</tbody></table>`
  }</section>
<section class="card"><h2>Recovered by</h2><table class="data"><tbody>
  <tr><td>Automatic retry</td><td class="num">${m.byMethod.automatic_retry}</td></tr>
  <tr><td>Retry a person chose</td><td class="num">${m.byMethod.manual_retry}</td></tr>
  <tr><td>Customer updated the card</td><td class="num">${m.byMethod.card_update}</td></tr>
  <tr><td>Paid outside PsiZero</td><td class="num">${m.byMethod.outside_payment}</td></tr>
  <tr><td>Written off</td><td class="num">${m.writtenOff}</td></tr>
</tbody></table></section>
</div>
<section class="card"><h2>Cases</h2>${
    cases.length === 0
      ? h`<div class="empty"><p>No failed payments.</p></div>`
      : h`<div class="table-wrap"><table class="data responsive">
  <thead><tr><th>Customer</th><th class="num">Amount</th><th>Failed</th><th>Decline</th><th>Access</th><th>Status</th><th class="num">Attempts</th><th>Run</th></tr></thead>
  <tbody>${cases.map(
    (c) => h`<tr>
      <td data-label="Customer"><a href="/customers/${encodeURIComponent(c.customerId)}">${c.customerId}</a><div class="faint small">${c.invoiceId}</div></td>
      <td data-label="Amount" class="num">${formatUsd(c.amountCents / 100)}</td>
      <td data-label="Failed" class="nowrap">${dateTime(c.failedAt)}</td>
      <td data-label="Decline">${c.declineCode} <span class="faint">(${c.declineType})</span></td>
      <td data-label="Access"><span class="badge ${ACCESS_TONE[c.restriction] ?? ''}">${c.restriction.replaceAll('_', ' ')}</span></td>
      <td data-label="Status"><span class="badge ${STATUS_TONE[c.status] ?? ''}">${c.status.replaceAll('_', ' ')}</span></td>
      <td data-label="Attempts" class="num">${c.attempts}</td>
      <td data-label="Run"><a href="/runs/${encodeURIComponent(c.runId)}">timeline</a></td>
    </tr>`,
  )}</tbody></table></div>`
  }</section>`;
}
