/**
 * Writes an invoice down as uncollectible inside the caller's transaction: the status column and
 * the invoice's version only, with the events ingestion publishes for that transition
 * (`invoice.updated`, `invoice.marked_uncollectible`).
 */
import type { DomainEvent } from '../events.ts';
import type { WriteContext } from '../repo/context.ts';
import { invoiceEvents, readInvoices } from '../repo/invoices.ts';
import { BillingRecordMissingError } from './errors.ts';

export async function markInvoiceUncollectible(write: WriteContext, invoiceId: string): Promise<DomainEvent[]> {
  const found = await readInvoices(write.trx, write.dialect, [invoiceId], { lock: true, lines: false });
  const previous = found.get(invoiceId);
  if (previous === undefined) throw new BillingRecordMissingError('invoice', invoiceId);
  if (previous.status === 'uncollectible') return [];
  const next = { ...previous, status: 'uncollectible' as const, version: previous.version + 1, updatedAt: write.now };
  await write.trx
    .updateTable('invoices')
    .set({ status: next.status, version: next.version, updated_at: write.now })
    .where('id', '=', invoiceId)
    .execute();
  return invoiceEvents(previous, next, ['status']);
}
