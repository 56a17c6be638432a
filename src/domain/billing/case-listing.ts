/**
 * Recovery cases with the names people know them by (the customer's name, the invoice's number,
 * the customer's success manager), in one query, for the pages that list cases.
 */
import type { Db } from '../../db/index.ts';
import type { CaseFilter } from './billing-queries.ts';
import { caseFromRow, type RecoveryCase } from './recovery-case.ts';

export interface NamedRecoveryCase extends RecoveryCase {
  /** Null only when the customer record is missing. */
  customerName: string | null;
  invoiceNumber: string | null;
  csmId: string | null;
}

/** Newest failure first, like `BillingQueries.listCases`. */
export async function listNamedCases(db: Db, filter: CaseFilter = {}): Promise<NamedRecoveryCase[]> {
  const rows = await db.kysely
    .selectFrom('recovery_cases as c')
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('invoices as i', 'i.id', 'c.invoice_id')
    .selectAll('c')
    .select(['cu.name as customer_name', 'cu.csm_id as customer_csm_id', 'i.number as invoice_number'])
    .$if(filter.customerId !== undefined, (q) => q.where('c.customer_id', '=', filter.customerId!))
    .$if(filter.status !== undefined, (q) => q.where('c.status', '=', filter.status!))
    .$if(filter.since !== undefined, (q) => q.where('c.failed_at', '>=', filter.since!))
    .orderBy('c.failed_at', 'desc')
    .orderBy('c.invoice_id')
    .$if(filter.limit !== undefined, (q) => q.limit(filter.limit!))
    .execute();
  return rows.map((row) => ({
    ...caseFromRow(row),
    customerName: row.customer_name,
    invoiceNumber: row.invoice_number,
    csmId: row.customer_csm_id,
  }));
}
