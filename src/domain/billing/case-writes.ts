/**
 * Changes to one recovery case inside the caller's transaction. The case row is locked first on
 * PostgreSQL, so two commands on one case (a run's step and an outside payment) apply one after
 * the other; each returns the events its change publishes.
 */
import type { DomainEvent } from '../events.ts';
import type { WriteContext } from '../repo/context.ts';
import type { RecoveryCasesTable } from '../../db/tables.ts';
import { caseClosed } from './billing-events.ts';
import { restoreCustomer } from './customer-status.ts';
import { BillingRecordMissingError } from './errors.ts';
import { caseFromRow, type CaseOutcome, type RecoveryCase } from './recovery-case.ts';
import { markInvoiceUncollectible } from './uncollectible-invoice.ts';

// run_id changes only when a dispute reopens a closed case for a new run.
type CaseColumns = Partial<Omit<RecoveryCasesTable, 'invoice_id' | 'customer_id' | 'updated_at'>>;

export async function lockCase(write: WriteContext, invoiceId: string): Promise<RecoveryCase | null> {
  const row = await write.trx
    .selectFrom('recovery_cases')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .$if(write.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  return row ? caseFromRow(row) : null;
}

export async function requireCase(write: WriteContext, invoiceId: string): Promise<RecoveryCase> {
  const found = await lockCase(write, invoiceId);
  if (found === null) throw new BillingRecordMissingError('recovery case', invoiceId);
  return found;
}

export async function updateCase(write: WriteContext, invoiceId: string, columns: CaseColumns): Promise<void> {
  await write.trx
    .updateTable('recovery_cases')
    .set({ ...columns, updated_at: write.now })
    .where('invoice_id', '=', invoiceId)
    .execute();
}

/**
 * Ends an open case: paid (access restored, the customer active again), written off (the invoice
 * uncollectible, access restored) or unrecovered (the invoice uncollectible, restrictions stay).
 * Nobody is waiting on a person for a closed case any more.
 */
export async function closeOpenCase(
  write: WriteContext,
  current: RecoveryCase,
  outcome: CaseOutcome,
): Promise<DomainEvent[]> {
  const { invoiceId, customerId } = current;
  switch (outcome.status) {
    case 'recovered': {
      const customerEvents = await restoreCustomer(write, customerId, `invoice ${invoiceId} paid`);
      const attempt = outcome.attempt ?? current.attempts;
      await updateCase(write, invoiceId, {
        status: 'recovered',
        restriction: 'none',
        restricted_since: null,
        attempts: attempt,
        recovered_at: write.now,
        recovered_attempt: attempt,
        recovered_by: outcome.by,
        message_before_recovery: outcome.messageBeforeRecovery,
        closed_at: write.now,
        waiting_since: null,
      });
      return [caseClosed(current, outcome), ...customerEvents];
    }
    case 'written_off': {
      const invoiceEvents = await markInvoiceUncollectible(write, invoiceId);
      const customerEvents = await restoreCustomer(write, customerId, `invoice ${invoiceId} written off`);
      await updateCase(write, invoiceId, {
        status: 'written_off',
        restriction: 'none',
        restricted_since: null,
        closed_at: write.now,
        waiting_since: null,
      });
      return [caseClosed(current, outcome), ...invoiceEvents, ...customerEvents];
    }
    case 'unrecovered': {
      const invoiceEvents = await markInvoiceUncollectible(write, invoiceId);
      await updateCase(write, invoiceId, { status: 'unrecovered', closed_at: write.now, waiting_since: null });
      return [caseClosed(current, outcome), ...invoiceEvents];
    }
  }
}
