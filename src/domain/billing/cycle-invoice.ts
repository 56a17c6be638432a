/**
 * Issues the invoice of one customer's monthly cycle: the monthly price for the period starting
 * `day` plus metered calls over the allowance in the period that just ended (invoice-calc.ts),
 * written through ingestion so it publishes `invoice.created` like any other invoice. Id
 * `in_<customer>_<yyyymmdd>`, so a day is invoiced once however often the step runs.
 */
import { addDays } from '../dates.ts';
import type { IngestionService } from '../ingestion/service.ts';
import { BILLABLE_STATUSES, billingAnchorOf, type BillingQueries } from './billing-queries.ts';
import { InvoiceRefusedError } from './errors.ts';
import { computeCycleInvoice, previousBillingDay } from './invoice-calc.ts';

export interface IssuedInvoice {
  id: string;
  number: string;
  totalCents: number;
  currency: string;
  customerName: string;
  email: string | null;
  lines: { description: string; amountCents: number }[];
}

export type CycleInvoiceOutcome = IssuedInvoice | { skipped: string };

export async function issueCycleInvoice(
  queries: Pick<BillingQueries, 'requireCustomer' | 'invoicedElsewhereOn' | 'apiCalls'>,
  ingest: Pick<IngestionService, 'ingest'>,
  customerId: string,
  day: string,
): Promise<CycleInvoiceOutcome> {
  const customer = await queries.requireCustomer(customerId);
  if (!BILLABLE_STATUSES.includes(customer.status)) return { skipped: `customer is ${customer.status}` };
  const id = `in_${customer.id}_${day.replaceAll('-', '')}`;
  if (await queries.invoicedElsewhereOn(customer.id, day, id)) return { skipped: `already invoiced on ${day}` };
  const anchor = billingAnchorOf(customer);
  const calls = await queries.apiCalls(customer.id, previousBillingDay(day, anchor), addDays(day, -1));
  const invoice = computeCycleInvoice(customer, day, anchor, calls);
  if (invoice === null) return { skipped: 'nothing owed this period' };
  const number = `PZ-${day.slice(0, 7).replace('-', '')}-${customer.id}`;
  const report = await ingest.ingest('invoices', [
    {
      id,
      customerId: customer.id,
      number,
      currency: 'usd',
      status: 'open',
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      issuedOn: day,
      dueOn: day,
      lines: invoice.lines,
    },
  ]);
  if (report.rejected > 0)
    throw new InvoiceRefusedError(
      id,
      report.records.flatMap((r) => r.issues ?? []),
    );
  return {
    id,
    number,
    totalCents: invoice.totalCents,
    currency: 'usd',
    customerName: customer.name,
    email: customer.email,
    lines: invoice.lines.map((l) => ({ description: l.description, amountCents: l.amountCents })),
  };
}
