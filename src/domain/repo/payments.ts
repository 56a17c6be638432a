import type { SqlDialect, DbExecutor } from '../../db/database.ts';
import { DOMAIN_TOPICS, domainEvent, type DomainEvent } from '../events.ts';
import { classifyDecline, paymentFields, type PaymentAttempt, type PaymentAttemptRecord } from '../model/index.ts';
import type { PaymentAttemptsTable } from '../../db/tables.ts';
import { pushColumns, readRowsById, upsertMany, type UpsertSpec } from './bulk.ts';
import { pickFields, type EntityWriter, type Item, type Rejection, type WriteOutcome, nextVersion } from './context.ts';
import { readInvoices, settleInvoices } from './invoices.ts';
import { requireCustomers } from './lookups.ts';

const COLUMNS = [
  'id',
  'invoice_id',
  'customer_id',
  'attempted_at',
  'amount_cents',
  'currency',
  'status',
  'decline_code',
  'advice_code',
  'decline_type',
  'advice',
  'failure_message',
  'attempt_number',
  'disputed',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof PaymentAttemptsTable)[];

const SPEC: UpsertSpec<PaymentAttemptsTable> = {
  table: 'payment_attempts',
  columns: COLUMNS,
  key: ['id'],
  version: 'replace',
  push: pushColumns(COLUMNS),
};

const TRACKED = [
  'invoiceId',
  'customerId',
  'attemptedAt',
  'amountCents',
  'currency',
  'status',
  'declineCode',
  'adviceCode',
  'failureMessage',
  'attemptNumber',
  'disputed',
] as const satisfies readonly (keyof PaymentAttempt)[];

export function paymentFromRow(row: PaymentAttemptsTable): PaymentAttempt {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    attemptedAt: Number(row.attempted_at),
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    status: row.status as PaymentAttempt['status'],
    declineCode: row.decline_code,
    adviceCode: row.advice_code,
    declineType: row.decline_type as PaymentAttempt['declineType'],
    advice: row.advice as PaymentAttempt['advice'],
    failureMessage: row.failure_message,
    attemptNumber: Number(row.attempt_number),
    disputed: Number(row.disputed) === 1,
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function paymentToRow(p: PaymentAttempt): PaymentAttemptsTable {
  return {
    id: p.id,
    invoice_id: p.invoiceId,
    customer_id: p.customerId,
    attempted_at: p.attemptedAt,
    amount_cents: p.amountCents,
    currency: p.currency,
    status: p.status,
    decline_code: p.declineCode,
    advice_code: p.adviceCode,
    decline_type: p.declineType,
    advice: p.advice,
    failure_message: p.failureMessage,
    attempt_number: p.attemptNumber,
    disputed: p.disputed ? 1 : 0,
    version: p.version,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export function readPayments(
  db: DbExecutor,
  dialect: SqlDialect,
  ids: readonly string[],
  lock: boolean,
): Promise<Map<string, PaymentAttempt>> {
  return readRowsById(db, dialect, 'payment_attempts', ids, lock, paymentFromRow);
}

/**
 * Records payment attempts. A failed attempt emits `invoice.payment_failed` (or `payment.failed`
 * when it belongs to no invoice) with the decline read as soft/hard; succeeded, undisputed attempts
 * that cover an open invoice mark it paid (`invoice.paid`).
 */
export const writePayments: EntityWriter<PaymentAttemptRecord> = async (ctx, items) => {
  const customers = await requireCustomers(ctx, items);
  const invoices = await readInvoices(
    ctx.trx,
    ctx.dialect,
    customers.kept.flatMap((i) => (i.record.invoiceId ? [i.record.invoiceId] : [])),
    { lock: true, lines: false },
  );
  const rejected: Rejection[] = [...customers.rejected];
  const kept: Item<PaymentAttemptRecord>[] = [];
  for (const item of customers.kept) {
    const invoiceId = item.record.invoiceId;
    const invoice = invoiceId ? invoices.get(invoiceId) : undefined;
    if (invoiceId && !invoice)
      rejected.push({ index: item.index, issues: [{ path: 'invoiceId', message: `unknown invoice '${invoiceId}'` }] });
    else if (invoice && invoice.customerId !== item.record.customerId) {
      rejected.push({
        index: item.index,
        issues: [{ path: 'invoiceId', message: `invoice '${invoice.id}' belongs to customer '${invoice.customerId}'` }],
      });
    } else kept.push(item);
  }
  const out: WriteOutcome = { written: 0, unchanged: 0, rejected, events: [] };
  const existing = await readPayments(
    ctx.trx,
    ctx.dialect,
    kept.map((i) => i.record.id),
    true,
  );
  const rows: PaymentAttemptsTable[] = [];
  const toSettle = new Set<string>();
  const publishSettlement = new Set<string>();
  for (const item of kept) {
    const prev = existing.get(item.record.id);
    const versioned = nextVersion<PaymentAttempt>(prev, paymentFields(item.record), ctx.now, TRACKED);
    if (!versioned) {
      out.unchanged++;
      continue;
    }
    const { next, changes } = versioned;
    rows.push(paymentToRow(next));
    // A charge that arrives already disputed has not settled anything: the money is contested.
    if (next.status === 'succeeded' && !next.disputed && next.invoiceId) {
      toSettle.add(next.invoiceId);
      if (item.publish) publishSettlement.add(next.invoiceId);
    }
    if (item.publish) out.events.push(...paymentEvents(prev, next, changes));
  }
  await upsertMany(ctx.trx, ctx.dialect, SPEC, rows, { now: ctx.now });
  out.written = rows.length;
  const settle = new Map([...invoices].filter(([id]) => toSettle.has(id)));
  out.events.push(...(await settleInvoices(ctx, settle, publishSettlement)));
  return out;
};

function paymentEvents(
  prev: PaymentAttempt | undefined,
  next: PaymentAttempt,
  changes: readonly (keyof PaymentAttempt)[],
): DomainEvent[] {
  const events: DomainEvent[] = [];
  if (prev)
    events.push(
      domainEvent(
        DOMAIN_TOPICS.paymentUpdated,
        next.id,
        { attempt: next, changes, previous: pickFields(prev, changes) },
        next.version,
      ),
    );
  if (prev?.status !== next.status) {
    if (next.status === 'succeeded')
      events.push(domainEvent(DOMAIN_TOPICS.paymentSucceeded, next.id, { attempt: next }));
    else {
      const decline = classifyDecline({ declineCode: next.declineCode, adviceCode: next.adviceCode });
      const topic = next.invoiceId ? DOMAIN_TOPICS.invoicePaymentFailed : DOMAIN_TOPICS.paymentFailed;
      events.push(
        domainEvent(topic, next.id, { invoiceId: next.invoiceId, customerId: next.customerId, attempt: next, decline }),
      );
    }
  }
  if (next.disputed && !prev?.disputed)
    events.push(domainEvent(DOMAIN_TOPICS.paymentDisputed, next.id, { attempt: next }));
  return events;
}
