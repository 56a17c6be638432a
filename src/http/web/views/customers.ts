/** Customers with their current state, and one customer's page with invoices and tickets. */
import type { Customer, Invoice, Ticket } from '../../../domain/index.ts';
import { CUSTOMER_STATUSES, SEGMENT_LABELS, SEGMENTS } from '../../../domain/index.ts';
import { dateTime, formatUsd } from '../format.ts';
import { h, type Html } from '../html.ts';

const cents = (n: number): string => formatUsd(n / 100);

const STATUS_TONE: Record<string, string> = {
  active: 'ok',
  trial: 'info',
  past_due: 'warn',
  suspended: 'bad',
  churned: '',
  trial_expired: '',
  paid: 'ok',
  open: 'warn',
  draft: '',
  uncollectible: 'bad',
  void: '',
  new: 'info',
  pending: 'warn',
  resolved: 'ok',
  closed: '',
};

function badge(status: string): Html {
  return h`<span class="badge ${STATUS_TONE[status] ?? ''}">${status.replaceAll('_', ' ')}</span>`;
}

export interface CustomerFilters {
  status: string;
  segment: string;
}

export function customersView(
  customers: Customer[],
  filters: CustomerFilters,
  nameOf: (id: string) => string,
  scoped: boolean,
  next: string | null,
): Html {
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...filters, ...extra }).toString();
  return h`<div class="page-head"><div><h1>Customers</h1><p>${scoped ? 'The customers you manage' : 'Every customer'}, with their current state.</p></div></div>
<form class="filters" method="get" action="/customers">
  <div class="field"><label for="status">Status</label><select id="status" name="status"><option value="">Any status</option>${CUSTOMER_STATUSES.map(
    (s) => h`<option value="${s}"${s === filters.status ? h` selected` : ''}>${s.replaceAll('_', ' ')}</option>`,
  )}</select></div>
  <div class="field"><label for="segment">Segment</label><select id="segment" name="segment"><option value="">Any segment</option>${SEGMENTS.map(
    (s) => h`<option value="${s}"${s === filters.segment ? h` selected` : ''}>${SEGMENT_LABELS[s]}</option>`,
  )}</select></div>
  <div class="field min-w-0"><button class="btn btn-secondary" type="submit">Filter</button></div>
</form>
<div class="card">${
    customers.length === 0
      ? h`<div class="empty"><h2>No customers</h2><p>Nothing matches these filters.</p></div>`
      : h`<div class="table-wrap"><table class="data responsive">
  <thead><tr><th>Customer</th><th>Segment</th><th>Plan</th><th class="num">Monthly</th><th>Status</th><th>Success manager</th><th>Since</th></tr></thead>
  <tbody>${customers.map(
    (c) => h`<tr>
      <td data-label="Customer"><a href="/customers/${encodeURIComponent(c.id)}">${c.name}</a></td>
      <td data-label="Segment">${SEGMENT_LABELS[c.segment]}</td>
      <td data-label="Plan">${c.plan}</td>
      <td data-label="Monthly" class="num">${cents(c.monthlyPriceCents)}</td>
      <td data-label="Status">${badge(c.status)}</td>
      <td data-label="Success manager">${c.csmId === null ? h`<span class="faint">—</span>` : nameOf(c.csmId)}</td>
      <td data-label="Since" class="nowrap">${c.signupDate}</td>
    </tr>`,
  )}</tbody></table></div>`
  }</div>
${next ? h`<p class="mt"><a class="btn btn-secondary" href="/customers?${query({ after: next })}">More customers →</a></p>` : ''}`;
}

export function customerPageView(
  customer: Customer,
  invoices: Invoice[],
  tickets: Ticket[],
  nameOf: (id: string) => string,
): Html {
  const open = invoices.filter((i) => i.status === 'open');
  const owed = open.reduce((sum, i) => sum + i.totalCents - i.amountPaidCents, 0);
  return h`<div class="crumbs"><a href="/customers">Customers</a> / ${customer.name}</div>
<div class="stack">
<section class="card"><div class="card-body">
  <div class="run-head"><div><h1>${customer.name}</h1><p class="muted mono small mt-xs">${customer.id}</p></div>${badge(customer.status)}</div>
  <dl class="facts">
    <div class="fact"><dt>Segment</dt><dd>${SEGMENT_LABELS[customer.segment]}</dd></div>
    <div class="fact"><dt>Plan</dt><dd>${customer.plan} · ${cents(customer.monthlyPriceCents)}/mo</dd></div>
    <div class="fact"><dt>Team</dt><dd>${customer.employeeCount} people, ${customer.developerTeamSize} developers</dd></div>
    <div class="fact"><dt>Success manager</dt><dd>${customer.csmId === null ? '—' : nameOf(customer.csmId)}</dd></div>
    <div class="fact"><dt>Customer since</dt><dd>${customer.signupDate}</dd></div>
    <div class="fact"><dt>Open invoices</dt><dd>${open.length === 0 ? 'none' : `${open.length} · ${cents(owed)} due`}</dd></div>
  </dl>
</div></section>
<section class="card"><div class="card-body"><h2 class="mb-s">Latest invoices</h2>${
    invoices.length === 0
      ? h`<p class="muted">No invoices yet.</p>`
      : h`<div class="table-wrap"><table class="data responsive"><thead><tr><th>Invoice</th><th>Issued</th><th>Due</th><th class="num">Total</th><th>Status</th></tr></thead><tbody>${invoices.map(
          (i) =>
            h`<tr><td data-label="Invoice" class="mono">${i.number ?? i.id}</td><td data-label="Issued">${i.issuedOn}</td><td data-label="Due">${i.dueOn}</td><td data-label="Total" class="num">${cents(i.totalCents)}</td><td data-label="Status">${badge(i.status)}</td></tr>`,
        )}</tbody></table></div>`
  }</div></section>
<section class="card"><div class="card-body"><h2 class="mb-s">Latest support tickets</h2>${
    tickets.length === 0
      ? h`<p class="muted">No tickets.</p>`
      : h`<div class="table-wrap"><table class="data responsive"><thead><tr><th>Subject</th><th>Severity</th><th>Status</th><th>Opened</th></tr></thead><tbody>${tickets.map(
          (t) =>
            h`<tr><td data-label="Subject">${t.subject}</td><td data-label="Severity">${t.severity ?? h`<span class="faint">untriaged</span>`}</td><td data-label="Status">${badge(t.status)}</td><td data-label="Opened">${dateTime(t.createdAt)}</td></tr>`,
        )}</tbody></table></div>`
  }</div></section>
</div>`;
}
