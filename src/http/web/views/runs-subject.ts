/**
 * What a run is about, in business words: each workflow has a small describer that reads its
 * input ("billing.recovery" has a customer, an invoice and an amount), and the page names them
 * ("Acme Corp · INV-0042 · $1,200"). A workflow without a describer is shown by its name.
 */
import type { RecordNames } from '../../../domain/repo/names.ts';
import type { RunRecord } from '../../../store/types.ts';
import { formatUsd } from '../format.ts';

/** The records a run's input points at. */
export interface SubjectRefs {
  customerId?: string;
  invoiceId?: string;
  amountCents?: number;
  /** A calendar day the run is for (YYYY-MM-DD). */
  day?: string;
  /** The morning a briefing is for (YYYY-MM-DD). */
  morning?: string;
}

interface Describer {
  /** What the workflow does, in a few words. */
  what: string;
  refs: (input: Record<string, unknown>) => SubjectRefs;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const DESCRIBERS: Record<string, Describer> = {
  'billing.recovery': {
    what: 'Payment recovery',
    refs: (i) => ({ customerId: text(i.customerId), invoiceId: text(i.invoiceId), amountCents: count(i.amountCents) }),
  },
  'billing.cycle': { what: 'Monthly billing', refs: (i) => ({ customerId: text(i.customerId), day: text(i.day) }) },
  'billing.daily': { what: 'Billing day', refs: (i) => ({ day: text(i.day) }) },
  'billing.outside-payment': {
    what: 'Payment made outside PsiZero',
    refs: (i) => ({ customerId: text(i.customerId), invoiceId: text(i.invoiceId) }),
  },
  'billing.dispute': {
    what: 'Disputed charge',
    refs: (i) => ({ customerId: text(i.customerId), invoiceId: text(i.invoiceId), amountCents: count(i.amountCents) }),
  },
  'briefing.morning': { what: 'Morning briefing', refs: (i) => ({ morning: text(i.date) }) },
  'billing.case-recovered': {
    what: 'Recovered payment: telling the deciders',
    refs: (i) => ({ invoiceId: text(i.invoiceId) }),
  },
};

/** Workflows that only show how the engine works; business views leave them out unless asked. */
export function isDemoWorkflow(workflow: string): boolean {
  return workflow.startsWith('demo.');
}

export function subjectRefsOf(run: Pick<RunRecord, 'workflow' | 'input'>): SubjectRefs {
  const describer = DESCRIBERS[run.workflow];
  const input = run.input;
  if (describer === undefined || input === null || typeof input !== 'object') return {};
  return describer.refs(input as Record<string, unknown>);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayWords(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return y && m && d ? `${MONTHS[m - 1]} ${d}, ${y}` : day;
}

export interface RunSubject {
  /** What the workflow does ("Payment recovery"), or its name when it has no describer. */
  what: string;
  /** "Acme Corp · INV-0042 · $1,200"; null when the input names nothing. */
  subject: string | null;
  refs: SubjectRefs;
  /** The customer's name and the invoice's number, when the run names them and they exist. */
  names: { customer: string | null; invoice: string | null };
}

export function subjectOf(run: Pick<RunRecord, 'workflow' | 'input'>, names: RecordNames): RunSubject {
  const refs = subjectRefsOf(run);
  const invoice = refs.invoiceId === undefined ? undefined : names.invoices.get(refs.invoiceId);
  const customerId = refs.customerId ?? invoice?.customerId;
  const parts = [
    customerId === undefined ? undefined : (names.customers.get(customerId) ?? customerId),
    refs.invoiceId === undefined ? undefined : (invoice?.number ?? refs.invoiceId),
    refs.amountCents === undefined ? undefined : formatUsd(refs.amountCents / 100),
    refs.day === undefined ? undefined : `billing day ${dayWords(refs.day)}`,
    refs.morning === undefined ? undefined : `the morning of ${dayWords(refs.morning)}`,
  ].filter((p): p is string => p !== undefined);
  const what = DESCRIBERS[run.workflow]?.what ?? run.workflow;
  return {
    what,
    subject: parts.length === 0 ? null : parts.join(' · '),
    refs: { ...refs, customerId },
    names: {
      customer: customerId === undefined ? null : (names.customers.get(customerId) ?? null),
      invoice: invoice?.number ?? null,
    },
  };
}

/** Every customer and invoice the runs point at, to look their names up at once. */
export function refsOfRuns(runs: readonly Pick<RunRecord, 'workflow' | 'input'>[]): {
  customerIds: string[];
  invoiceIds: string[];
} {
  const refs = runs.map(subjectRefsOf);
  return {
    customerIds: refs.flatMap((r) => (r.customerId === undefined ? [] : [r.customerId])),
    invoiceIds: refs.flatMap((r) => (r.invoiceId === undefined ? [] : [r.invoiceId])),
  };
}
