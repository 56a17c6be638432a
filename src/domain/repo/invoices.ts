import type { SqlDialect, DbExecutor } from '../../db/database.ts';
import { DOMAIN_TOPICS, domainEvent, type DomainEvent } from '../events.ts';
import {
  invoiceFields,
  type Invoice,
  type InvoiceLine,
  type InvoiceRecord,
  type InvoiceStatus,
} from '../model/index.ts';
import type { InvoiceLinesTable, InvoicesTable } from '../../db/tables.ts';
import { chunked, pushColumns, upsertMany, type UpsertSpec } from './bulk.ts';
import {
  numOrNull,
  pickFields,
  type EntityWriter,
  type WriteContext,
  type WriteOutcome,
  changedFields,
  nextVersion,
} from './context.ts';
import { requireCustomers } from './lookups.ts';

const COLUMNS = [
  'id',
  'customer_id',
  'number',
  'currency',
  'status',
  'period_start',
  'period_end',
  'issued_on',
  'due_on',
  'total_cents',
  'amount_paid_cents',
  'paid_at',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof InvoicesTable)[];

const SPEC: UpsertSpec<InvoicesTable> = {
  table: 'invoices',
  columns: COLUMNS,
  key: ['id'],
  version: 'replace',
  push: pushColumns(COLUMNS),
};

const LINE_COLUMNS = [
  'invoice_id',
  'line_no',
  'description',
  'kind',
  'quantity',
  'unit_amount_cents',
  'amount_cents',
] as const satisfies readonly (keyof InvoiceLinesTable)[];

const LINE_SPEC: UpsertSpec<InvoiceLinesTable> = {
  table: 'invoice_lines',
  columns: LINE_COLUMNS,
  key: ['invoice_id', 'line_no'],
  version: 'replace',
  push: (r, _now, params) => {
    for (const c of LINE_COLUMNS) params.push(r[c]);
  },
};

const TRACKED = [
  'customerId',
  'number',
  'currency',
  'status',
  'periodStart',
  'periodEnd',
  'issuedOn',
  'dueOn',
  'totalCents',
  'amountPaidCents',
  'paidAt',
  'lines',
] as const satisfies readonly (keyof Invoice)[];

export function invoiceFromRow(row: InvoicesTable, lines: InvoiceLine[]): Invoice {
  return {
    id: row.id,
    customerId: row.customer_id,
    number: row.number,
    currency: row.currency,
    status: row.status as InvoiceStatus,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    issuedOn: row.issued_on,
    dueOn: row.due_on,
    totalCents: Number(row.total_cents),
    amountPaidCents: Number(row.amount_paid_cents),
    paidAt: numOrNull(row.paid_at),
    lines,
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function invoiceToRow(i: Invoice): InvoicesTable {
  return {
    id: i.id,
    customer_id: i.customerId,
    number: i.number,
    currency: i.currency,
    status: i.status,
    period_start: i.periodStart,
    period_end: i.periodEnd,
    issued_on: i.issuedOn,
    due_on: i.dueOn,
    total_cents: i.totalCents,
    amount_paid_cents: i.amountPaidCents,
    paid_at: i.paidAt,
    version: i.version,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
  };
}

function lineFromRow(row: InvoiceLinesTable): InvoiceLine {
  return {
    description: row.description,
    kind: row.kind as InvoiceLine['kind'],
    quantity: Number(row.quantity),
    unitAmountCents: numOrNull(row.unit_amount_cents),
    amountCents: Number(row.amount_cents),
  };
}

/** Reads invoices by id (locked on PostgreSQL when `lock`); lines only when asked. */
export async function readInvoices(
  db: DbExecutor,
  dialect: SqlDialect,
  ids: readonly string[],
  options: { lock: boolean; lines: boolean },
): Promise<Map<string, Invoice>> {
  const out = new Map<string, Invoice>();
  for (const part of chunked([...new Set(ids)].sort())) {
    const rows = await db
      .selectFrom('invoices')
      .selectAll()
      .where('id', 'in', part)
      .$if(options.lock && dialect === 'postgres', (q) => q.forUpdate())
      .execute();
    const lines = new Map<string, InvoiceLine[]>();
    if (options.lines && rows.length > 0) {
      const lineRows = await db
        .selectFrom('invoice_lines')
        .selectAll()
        .where('invoice_id', 'in', part)
        .orderBy('invoice_id')
        .orderBy('line_no')
        .execute();
      for (const l of lineRows) {
        const list = lines.get(l.invoice_id) ?? [];
        list.push(lineFromRow(l));
        lines.set(l.invoice_id, list);
      }
    }
    for (const row of rows) out.set(row.id, invoiceFromRow(row, lines.get(row.id) ?? []));
  }
  return out;
}

export const writeInvoices: EntityWriter<InvoiceRecord> = async (ctx, items) => {
  const { kept, rejected } = await requireCustomers(ctx, items);
  const out: WriteOutcome = { written: 0, unchanged: 0, rejected, events: [] };
  const existing = await readInvoices(
    ctx.trx,
    ctx.dialect,
    kept.map((i) => i.record.id),
    { lock: true, lines: true },
  );
  const rows: InvoicesTable[] = [];
  const lineRows: InvoiceLinesTable[] = [];
  const replacedLines: string[] = [];
  for (const item of kept) {
    const prev = existing.get(item.record.id);
    const versioned = nextVersion<Invoice>(prev, invoiceFields(item.record), ctx.now, TRACKED);
    if (!versioned) {
      out.unchanged++;
      continue;
    }
    const { next, changes } = versioned;
    rows.push(invoiceToRow(next));
    if (!prev || changes.includes('lines')) {
      if (prev) replacedLines.push(prev.id);
      next.lines.forEach((l, n) =>
        lineRows.push({
          invoice_id: next.id,
          line_no: n + 1,
          description: l.description,
          kind: l.kind,
          quantity: l.quantity,
          unit_amount_cents: l.unitAmountCents ?? null,
          amount_cents: l.amountCents,
        }),
      );
    }
    if (item.publish) out.events.push(...invoiceEvents(prev, next, changes));
  }
  await upsertMany(ctx.trx, ctx.dialect, SPEC, rows, { now: ctx.now });
  for (const part of chunked(replacedLines))
    await ctx.trx.deleteFrom('invoice_lines').where('invoice_id', 'in', part).execute();
  await upsertMany(ctx.trx, ctx.dialect, LINE_SPEC, lineRows, { now: ctx.now });
  out.written = rows.length;
  return out;
};

/** The created/updated event plus one per status transition that workflows care about. */
export function invoiceEvents(
  prev: Invoice | undefined,
  next: Invoice,
  changes: readonly (keyof Invoice)[],
): DomainEvent[] {
  const summary = invoiceSummary(next);
  const events = prev
    ? [
        domainEvent(
          DOMAIN_TOPICS.invoiceUpdated,
          next.id,
          {
            ...summary,
            changes,
            previous: pickFields(
              prev,
              changes.filter((c) => c !== 'lines'),
            ),
          },
          next.version,
        ),
      ]
    : [domainEvent(DOMAIN_TOPICS.invoiceCreated, next.id, { ...summary, lines: next.lines })];
  if (prev?.status !== next.status) {
    if (next.status === 'paid') events.push(domainEvent(DOMAIN_TOPICS.invoicePaid, next.id, summary));
    if (next.status === 'void') events.push(domainEvent(DOMAIN_TOPICS.invoiceVoided, next.id, summary));
    if (next.status === 'uncollectible') events.push(domainEvent(DOMAIN_TOPICS.invoiceUncollectible, next.id, summary));
  }
  return events;
}

function invoiceSummary(i: Invoice): Record<string, unknown> {
  return {
    invoiceId: i.id,
    customerId: i.customerId,
    status: i.status,
    totalCents: i.totalCents,
    amountPaidCents: i.amountPaidCents,
    currency: i.currency,
    issuedOn: i.issuedOn,
    dueOn: i.dueOn,
    paidAt: i.paidAt,
  };
}

/**
 * Marks invoices paid once their succeeded attempts cover the total (a payment recorded on its own,
 * e.g. from a Stripe charge). Returns the events of the invoices that changed.
 */
export async function settleInvoices(
  ctx: WriteContext,
  invoices: Map<string, Invoice>,
  publish: ReadonlySet<string>,
): Promise<DomainEvent[]> {
  const open = [...invoices.values()].filter(
    (i) => i.status === 'draft' || i.status === 'open' || i.status === 'uncollectible',
  );
  const events: DomainEvent[] = [];
  for (const part of chunked(open.map((i) => i.id))) {
    const sums = await ctx.trx
      .selectFrom('payment_attempts')
      .select((eb) => [
        'invoice_id',
        eb.fn.sum<number>('amount_cents').as('paid'),
        eb.fn.max('attempted_at').as('last'),
      ])
      .where('status', '=', 'succeeded')
      .where('invoice_id', 'in', part)
      .groupBy('invoice_id')
      .execute();
    for (const s of sums) {
      const prev = s.invoice_id === null ? undefined : invoices.get(s.invoice_id);
      const paid = Number(s.paid);
      if (!prev || paid < prev.totalCents) continue;
      const next: Invoice = {
        ...prev,
        status: 'paid',
        amountPaidCents: paid,
        paidAt: Number(s.last),
        version: prev.version + 1,
        updatedAt: ctx.now,
      };
      await ctx.trx
        .updateTable('invoices')
        .set({
          status: 'paid',
          amount_paid_cents: paid,
          paid_at: next.paidAt,
          version: next.version,
          updated_at: ctx.now,
        })
        .where('id', '=', prev.id)
        .execute();
      invoices.set(prev.id, next);
      if (publish.has(prev.id)) events.push(...invoiceEvents(prev, next, changedFields(prev, next, TRACKED)));
    }
  }
  return events;
}
