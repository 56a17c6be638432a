/**
 * Customers: the list (search, sort, filters by segment, status and success manager, what each
 * owes) and one customer's page with their invoices, payments, recovery cases, approvals and tickets.
 */
import type { Approval } from '../../../approvals/index.ts';
import type { NamedRecoveryCase } from '../../../domain/billing/case-listing.ts';
import type { Customer, Invoice, PaymentAttempt, Ticket } from '../../../domain/index.ts';
import { CUSTOMER_STATUSES, SEGMENT_LABELS, SEGMENTS } from '../../../domain/index.ts';
import type { CustomerSort, FoundCustomer } from '../../../domain/repo/customer-search.ts';
import { approvalStatus, dateTime } from '../format.ts';
import { h, type Html } from '../html.ts';
import {
  accessWords,
  approvalWords,
  caseStateWords,
  cents,
  dayDate,
  declineWords,
  invoiceName,
} from './billing-words.ts';

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
  succeeded: 'ok',
  failed: 'bad',
};

export function badge(status: string): Html {
  return h`<span class="badge ${STATUS_TONE[status] ?? ''}">${status.replaceAll('_', ' ')}</span>`;
}

export interface CustomerFilters {
  q: string;
  status: string;
  segment: string;
  /** A success manager's id, 'none', or '' for anyone. */
  csm: string;
  sort: CustomerSort;
  dir: 'asc' | 'desc';
}

export interface CustomersPageInput {
  customers: FoundCustomer[];
  total: number;
  filters: CustomerFilters;
  /** 1-based. */
  page: number;
  pageSize: number;
  nameOf: (id: string) => string;
  /** The success managers to filter by; empty for a success manager, who sees only their own. */
  managers: { id: string; name: string }[];
  scoped: boolean;
}

const COLUMNS: { sort: CustomerSort | null; label: string; numeric?: boolean }[] = [
  { sort: 'name', label: 'Customer' },
  { sort: 'segment', label: 'Segment' },
  { sort: null, label: 'Plan' },
  { sort: 'monthly', label: 'Monthly', numeric: true },
  { sort: 'owed', label: 'Owed', numeric: true },
  { sort: 'status', label: 'Status' },
  { sort: null, label: 'Success manager' },
  { sort: 'signup', label: 'Since' },
];

function queryOf(filters: CustomerFilters, extra: Partial<Record<keyof CustomerFilters | 'page', string>>): string {
  const all: Record<string, string> = { ...filters, ...extra };
  return new URLSearchParams(Object.entries(all).filter(([, v]) => v !== '')).toString();
}

function header(column: (typeof COLUMNS)[number], filters: CustomerFilters): Html {
  const cls = column.numeric ? 'num' : '';
  if (column.sort === null) return h`<th scope="col" class="${cls}">${column.label}</th>`;
  const active = filters.sort === column.sort;
  // A first click sorts money and dates largest first, names A to Z; a second click reverses.
  const firstDir = column.numeric || column.sort === 'signup' ? 'desc' : 'asc';
  const dir = active ? (filters.dir === 'asc' ? 'desc' : 'asc') : firstDir;
  const ariaSort = active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : null;
  return h`<th scope="col" class="${cls}"${ariaSort ? h` aria-sort="${ariaSort}"` : ''}><a class="sort" href="/customers?${queryOf(filters, { sort: column.sort, dir })}">${column.label}${active ? (filters.dir === 'asc' ? ' ▲' : ' ▼') : ''}</a></th>`;
}

function select(
  id: string,
  label: string,
  any: string,
  options: { value: string; label: string }[],
  current: string,
): Html {
  return h`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${id}"><option value="">${any}</option>${options.map(
    (o) => h`<option value="${o.value}"${o.value === current ? h` selected` : ''}>${o.label}</option>`,
  )}</select></div>`;
}

export function customersView(input: CustomersPageInput): Html {
  const { filters, customers, total, page, pageSize } = input;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const words = (s: string) => ({ value: s, label: s.replaceAll('_', ' ') });
  return h`<div class="page-head"><div><h1>Customers</h1><p>${input.scoped ? 'The customers you manage' : 'Every customer'}, with their current state and what they owe.</p></div></div>
<form class="filters" method="get" action="/customers" role="search">
  <div class="field"><label for="q">Search</label><input id="q" name="q" type="search" value="${filters.q}" placeholder="Name, id or email" maxlength="200"></div>
  ${select(
    'segment',
    'Segment',
    'Any segment',
    SEGMENTS.map((s) => ({ value: s, label: SEGMENT_LABELS[s] })),
    filters.segment,
  )}
  ${select('status', 'Status', 'Any status', CUSTOMER_STATUSES.map(words), filters.status)}
  ${input.managers.length === 0 ? '' : select('csm', 'Success manager', 'Anyone', [...input.managers.map((m) => ({ value: m.id, label: m.name })), { value: 'none', label: 'No success manager' }], filters.csm)}
  <input type="hidden" name="sort" value="${filters.sort}"><input type="hidden" name="dir" value="${filters.dir}">
  <div class="field min-w-0"><button class="btn btn-secondary" type="submit">Find</button></div>
</form>
<p class="muted small mb-s" role="status" data-total="${total}">${total === 0 ? 'No customers match.' : `Showing ${first}–${last} of ${total.toLocaleString('en-US')} customers`}</p>
<div class="card">${
    customers.length === 0
      ? h`<div class="empty"><h2>No customers</h2><p>Nothing matches this search and these filters.</p></div>`
      : h`<div class="table-wrap"><table class="data responsive customers">
  <thead><tr>${COLUMNS.map((c) => header(c, filters))}</tr></thead>
  <tbody>${customers.map(
    (c) => h`<tr data-customer="${c.id}">
      <td data-label="Customer"><a href="/customers/${encodeURIComponent(c.id)}">${c.name}</a>${c.email ? h`<div class="muted small">${c.email}</div>` : ''}</td>
      <td data-label="Segment">${SEGMENT_LABELS[c.segment]}</td>
      <td data-label="Plan">${c.plan}</td>
      <td data-label="Monthly" class="num">${cents(c.monthlyPriceCents)}</td>
      <td data-label="Owed" class="num">${c.owedCents > 0 ? h`${cents(c.owedCents)}<div class="muted small">${c.openInvoices} open</div>` : h`<span class="muted">—</span>`}</td>
      <td data-label="Status">${badge(c.status)}</td>
      <td data-label="Success manager">${c.csmId === null ? h`<span class="muted">—</span>` : input.nameOf(c.csmId)}</td>
      <td data-label="Since" class="nowrap">${c.signupDate}</td>
    </tr>`,
  )}</tbody></table></div>`
  }</div>
<div class="actions mt">
${page > 1 ? h`<a class="btn btn-secondary" href="/customers?${queryOf(filters, { page: String(page - 1) })}">← Previous</a>` : ''}
${last < total ? h`<a class="btn btn-secondary" href="/customers?${queryOf(filters, { page: String(page + 1) })}">Next customers →</a>` : ''}
</div>`;
}

export interface CustomerCaseRow {
  recovery: NamedRecoveryCase;
  approvals: { approval: Approval; visible: boolean }[];
}

export interface CustomerPageInput {
  customer: Customer;
  invoices: Invoice[];
  payments: PaymentAttempt[];
  /** Invoice numbers for the payments' invoices. */
  invoiceNumbers: Map<string, string | null>;
  cases: CustomerCaseRow[];
  tickets: Ticket[];
  now: number;
  nameOf: (id: string) => string;
  runLinks: boolean;
}

function invoiceLink(id: string, number: string | null | undefined): Html {
  return h`<a href="/invoices/${encodeURIComponent(id)}">${number ?? id}</a>`;
}

function section(title: string, id: string, body: Html): Html {
  return h`<section class="card" aria-labelledby="${id}"><div class="card-body"><h2 class="mb-s" id="${id}">${title}</h2>${body}</div></section>`;
}

function recoverySection(input: CustomerPageInput): Html {
  if (input.cases.length === 0)
    return section('Payment recovery', 'recovery-h', h`<p class="muted">No failed payments.</p>`);
  return section(
    'Payment recovery',
    'recovery-h',
    h`<div class="table-wrap"><table class="data responsive cases"><thead><tr><th>Invoice</th><th class="num">Amount</th><th>Failed</th><th>Why it failed</th><th>API access</th><th>State</th>${input.runLinks ? h`<th>Run</th>` : ''}</tr></thead><tbody>${input.cases.map(
      ({ recovery: c }) =>
        h`<tr data-case="${c.invoiceId}"><td data-label="Invoice">${invoiceLink(c.invoiceId, invoiceName(c))}</td><td data-label="Amount" class="num">${cents(c.amountCents)}</td><td data-label="Failed">${dayDate(c.failedAt)}</td><td data-label="Why it failed">${declineWords(c)}</td><td data-label="API access">${accessWords(c)}</td><td data-label="State">${caseStateWords(c, input.now, null)}</td>${input.runLinks ? h`<td data-label="Run"><a href="/runs/${encodeURIComponent(c.runId)}">timeline</a></td>` : ''}</tr>`,
    )}</tbody></table></div>`,
  );
}

function approvalsSection(input: CustomerPageInput): Html {
  const all = input.cases.flatMap((c) => c.approvals).sort((a, b) => b.approval.createdAt - a.approval.createdAt);
  return section(
    'Approvals',
    'approvals-h',
    all.length === 0
      ? h`<p class="muted">Nobody was asked to decide anything about this customer's payments.</p>`
      : h`<ul class="requirements">${all.map(
          ({ approval, visible }) =>
            h`<li>${visible ? h`<a href="/approvals/${encodeURIComponent(approval.id)}">${approval.title}</a>` : approval.title} ${approvalStatus(approval.status)} <span class="muted small">${approvalWords(approval, input.nameOf, false)} · asked ${dayDate(approval.createdAt)}</span></li>`,
        )}</ul>`,
  );
}

export function customerPageView(input: CustomerPageInput): Html {
  const { customer, invoices } = input;
  const open = invoices.filter((i) => i.status === 'open');
  const owed = open.reduce((sum, i) => sum + i.totalCents - i.amountPaidCents, 0);
  const unpaidCases = input.cases.filter((c) => c.recovery.status === 'open' || c.recovery.status === 'unrecovered');
  const mostRestricted =
    unpaidCases.find((c) => c.recovery.restriction === 'suspended') ??
    unpaidCases.find((c) => c.recovery.restriction === 'rate_limited');
  return h`<div class="crumbs"><a href="/customers">Customers</a> / ${customer.name}</div>
<div class="stack">
<section class="card"><div class="card-body">
  <div class="run-head"><div><h1>${customer.name}</h1><p class="muted small mt-xs">${customer.email ?? 'no email on file'} · <span class="mono">${customer.id}</span></p></div>${badge(customer.status)}</div>
  <dl class="facts">
    <div class="fact"><dt>Segment</dt><dd>${SEGMENT_LABELS[customer.segment]}</dd></div>
    <div class="fact"><dt>Plan</dt><dd>${customer.plan} · ${cents(customer.monthlyPriceCents)}/mo</dd></div>
    <div class="fact"><dt>Team</dt><dd>${customer.employeeCount} people, ${customer.developerTeamSize} developers</dd></div>
    <div class="fact"><dt>Phone</dt><dd class="mono">${customer.phone ?? '—'}</dd></div>
    <div class="fact"><dt>Success manager</dt><dd>${customer.csmId === null ? '—' : input.nameOf(customer.csmId)}</dd></div>
    <div class="fact"><dt>Customer since</dt><dd>${customer.signupDate}</dd></div>
    <div class="fact"><dt>Owes</dt><dd>${open.length === 0 ? 'nothing' : `${cents(owed)} on ${open.length} open invoice${open.length === 1 ? '' : 's'}`}</dd></div>
    <div class="fact"><dt>API access</dt><dd>${mostRestricted === undefined ? accessWords({ restriction: 'none', restrictedSince: null, status: 'open' }) : accessWords(mostRestricted.recovery)}</dd></div>
  </dl>
</div></section>
${recoverySection(input)}
${approvalsSection(input)}
${section(
  'Invoices',
  'invoices-h',
  invoices.length === 0
    ? h`<p class="muted">No invoices yet.</p>`
    : h`<div class="table-wrap"><table class="data responsive"><thead><tr><th>Invoice</th><th>Issued</th><th>Due</th><th class="num">Total</th><th class="num">Paid</th><th>Status</th></tr></thead><tbody>${invoices.map(
        (i) =>
          h`<tr><td data-label="Invoice">${invoiceLink(i.id, i.number)}</td><td data-label="Issued">${i.issuedOn}</td><td data-label="Due">${i.dueOn}</td><td data-label="Total" class="num">${cents(i.totalCents)}</td><td data-label="Paid" class="num">${cents(i.amountPaidCents)}</td><td data-label="Status">${badge(i.status)}</td></tr>`,
      )}</tbody></table></div>`,
)}
${section(
  'Payments',
  'payments-h',
  input.payments.length === 0
    ? h`<p class="muted">No payments yet.</p>`
    : h`<div class="table-wrap"><table class="data responsive"><thead><tr><th>When</th><th>Invoice</th><th class="num">Amount</th><th>Result</th></tr></thead><tbody>${input.payments.map(
        (p) =>
          h`<tr><td data-label="When">${dateTime(p.attemptedAt)}</td><td data-label="Invoice">${p.invoiceId === null ? h`<span class="muted">—</span>` : invoiceLink(p.invoiceId, input.invoiceNumbers.get(p.invoiceId))}</td><td data-label="Amount" class="num">${cents(p.amountCents)}</td><td data-label="Result">${badge(p.status)}${p.status === 'failed' ? h` ${(p.declineCode ?? 'declined').replaceAll('_', ' ')}` : ''}${p.disputed ? h` <span class="badge bad">disputed</span>` : ''}</td></tr>`,
      )}</tbody></table></div>`,
)}
${section(
  'Support tickets',
  'tickets-h',
  input.tickets.length === 0
    ? h`<p class="muted">No tickets.</p>`
    : h`<div class="table-wrap"><table class="data responsive"><thead><tr><th>Subject</th><th>Severity</th><th>Status</th><th>Opened</th></tr></thead><tbody>${input.tickets.map(
        (t) =>
          h`<tr><td data-label="Subject">${t.subject}</td><td data-label="Severity">${t.severity ?? h`<span class="muted">untriaged</span>`}</td><td data-label="Status">${badge(t.status)}</td><td data-label="Opened">${dateTime(t.createdAt)}</td></tr>`,
      )}</tbody></table></div>`,
)}
</div>`;
}
