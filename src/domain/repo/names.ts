/**
 * The names people know records by, for many records at once: customers' names and invoices'
 * numbers and amounts (pages that list runs or cases show these, never bare ids).
 */
import type { Db } from '../../db/index.ts';
import { chunked } from './bulk.ts';

export interface InvoiceName {
  number: string | null;
  customerId: string;
  totalCents: number;
}

export interface RecordNames {
  customers: Map<string, string>;
  invoices: Map<string, InvoiceName>;
}

export async function namesOf(
  db: Db,
  ids: { customerIds: readonly string[]; invoiceIds: readonly string[] },
): Promise<RecordNames> {
  const customers = new Map<string, string>();
  const invoices = new Map<string, InvoiceName>();
  for (const part of chunked([...new Set(ids.customerIds)])) {
    const rows = await db.kysely.selectFrom('customers').select(['id', 'name']).where('id', 'in', part).execute();
    for (const r of rows) customers.set(r.id, r.name);
  }
  for (const part of chunked([...new Set(ids.invoiceIds)])) {
    const rows = await db.kysely
      .selectFrom('invoices')
      .select(['id', 'number', 'customer_id', 'total_cents'])
      .where('id', 'in', part)
      .execute();
    for (const r of rows)
      invoices.set(r.id, { number: r.number, customerId: r.customer_id, totalCents: Number(r.total_cents) });
  }
  return { customers, invoices };
}
