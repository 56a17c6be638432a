/** One invoice: its lines, its charge attempts, and its recovery case with the messages the customer was sent. */
import type { Approval } from '../../../approvals/index.ts';
import type { RecoveryCase, RecoveryMessage } from '../../../domain/billing/index.ts';
import type { Customer, Invoice, PaymentAttempt } from '../../../domain/index.ts';
import { approvalStatus, dateTime } from '../format.ts';
import { h, type Html } from '../html.ts';
import { accessWords, approvalWords, caseStateWords, cents, declineWords } from './billing-words.ts';
import { badge } from './customers.ts';

export interface InvoicePageInput {
  invoice: Invoice;
  customer: Customer;
  payments: PaymentAttempt[];
  recovery: RecoveryCase | null;
  messages: RecoveryMessage[];
  approvals: { approval: Approval; visible: boolean }[];
  now: number;
  nameOf: (id: string) => string;
  runLinks: boolean;
}

function recoveryCard(input: InvoicePageInput, c: RecoveryCase): Html {
  return h`<section class="card" aria-labelledby="case-h" data-case="${c.invoiceId}"><div class="card-body">
  <h2 class="mb-s" id="case-h">Payment recovery</h2>
  <dl class="facts">
    <div class="fact"><dt>State</dt><dd>${caseStateWords(c, input.now, null)}</dd></div>
    <div class="fact"><dt>API access</dt><dd>${accessWords(c)}</dd></div>
    <div class="fact"><dt>Why it failed</dt><dd>${declineWords(c)}</dd></div>
    <div class="fact"><dt>Charge attempts</dt><dd>${c.attempts}</dd></div>
    ${input.runLinks ? h`<div class="fact"><dt>Run</dt><dd><a href="/runs/${encodeURIComponent(c.runId)}">the recovery's timeline</a></dd></div>` : ''}
  </dl>
  ${
    input.approvals.length === 0
      ? ''
      : h`<h3 class="mt mb-s">People asked</h3><ul class="requirements">${input.approvals.map(
          ({ approval, visible }) =>
            h`<li>${visible ? h`<a href="/approvals/${encodeURIComponent(approval.id)}">${approval.title}</a>` : approval.title} ${approvalStatus(approval.status)} <span class="muted small">${approvalWords(approval, input.nameOf, false)}</span></li>`,
        )}</ul>`
  }
  <h3 class="mt mb-s">Messages to the customer</h3>${
    input.messages.length === 0
      ? h`<p class="muted">None yet.</p>`
      : h`<div class="table-wrap"><table class="data responsive"><thead><tr><th>Day</th><th>Message</th><th>Channel</th><th>Delivered</th><th>When</th></tr></thead><tbody>${input.messages.map(
          (m) =>
            h`<tr><td data-label="Day">day ${m.day}</td><td data-label="Message">${m.template.replaceAll('_', ' ')}</td><td data-label="Channel">${m.channel}</td><td data-label="Delivered">${m.status === 'sent' ? badge('sent') : h`<span class="badge bad">not sent</span>${m.detail ? h` <span class="muted small">${m.detail}</span>` : ''}`}</td><td data-label="When">${dateTime(m.sentAt)}</td></tr>`,
        )}</tbody></table></div>`
  }
</div></section>`;
}

export function invoicePageView(input: InvoicePageInput): Html {
  const { invoice: i, customer } = input;
  const name = i.number ?? i.id;
  return h`<div class="crumbs"><a href="/customers">Customers</a> / <a href="/customers/${encodeURIComponent(customer.id)}">${customer.name}</a> / Invoice ${name}</div>
<div class="stack">
<section class="card"><div class="card-body">
  <div class="run-head"><div><h1>Invoice ${name}</h1><p class="muted small mt-xs">to <a href="/customers/${encodeURIComponent(customer.id)}">${customer.name}</a> · <span class="mono">${i.id}</span></p></div>${badge(i.status)}</div>
  <dl class="facts">
    <div class="fact"><dt>Total</dt><dd>${cents(i.totalCents)} ${i.currency.toUpperCase()}</dd></div>
    <div class="fact"><dt>Paid</dt><dd>${cents(i.amountPaidCents)}${i.paidAt === null ? '' : h` on ${dateTime(i.paidAt)}`}</dd></div>
    <div class="fact"><dt>Issued</dt><dd>${i.issuedOn}</dd></div>
    <div class="fact"><dt>Due</dt><dd>${i.dueOn}</dd></div>
    <div class="fact"><dt>Period</dt><dd>${i.periodStart} to ${i.periodEnd}</dd></div>
  </dl>
  <div class="table-wrap mt"><table class="data"><thead><tr><th>Line</th><th class="num">Quantity</th><th class="num">Amount</th></tr></thead><tbody>${i.lines.map(
    (l) =>
      h`<tr><td>${l.description}</td><td class="num">${l.quantity.toLocaleString('en-US')}</td><td class="num">${cents(l.amountCents)}</td></tr>`,
  )}</tbody></table></div>
</div></section>
${input.recovery === null ? '' : recoveryCard(input, input.recovery)}
<section class="card" aria-labelledby="charges-h"><div class="card-body"><h2 class="mb-s" id="charges-h">Charge attempts</h2>${
    input.payments.length === 0
      ? h`<p class="muted">No charge attempts.</p>`
      : h`<div class="table-wrap"><table class="data responsive"><thead><tr><th>When</th><th class="num">Attempt</th><th class="num">Amount</th><th>Result</th></tr></thead><tbody>${input.payments.map(
          (p) =>
            h`<tr><td data-label="When">${dateTime(p.attemptedAt)}</td><td data-label="Attempt" class="num">${p.attemptNumber}</td><td data-label="Amount" class="num">${cents(p.amountCents)}</td><td data-label="Result">${badge(p.status)}${p.status === 'failed' ? h` ${(p.declineCode ?? 'declined').replaceAll('_', ' ')}` : ''}${p.disputed ? h` <span class="badge bad">disputed</span>` : ''}</td></tr>`,
        )}</tbody></table></div>`
  }</div></section>
</div>`;
}
