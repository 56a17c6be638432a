import type { SqlDialect, DbExecutor } from '../../db/database.ts';
import { DOMAIN_TOPICS, domainEvent, type DomainEvent } from '../events.ts';
import { ticketFields, type Ticket, type TicketRecord } from '../model/index.ts';
import type { TicketsTable } from '../../db/tables.ts';
import { pushColumns, readRowsById, upsertMany, type UpsertSpec } from './bulk.ts';
import { numOrNull, pickFields, type EntityWriter, type WriteOutcome, nextVersion } from './context.ts';
import { requireCustomers } from './lookups.ts';

const COLUMNS = [
  'id',
  'customer_id',
  'subject',
  'body',
  'channel',
  'status',
  'category',
  'subcategory',
  'severity',
  'satisfaction_score',
  'created_at',
  'resolved_at',
  'version',
  'updated_at',
] as const satisfies readonly (keyof TicketsTable)[];

const SPEC: UpsertSpec<TicketsTable> = {
  table: 'tickets',
  columns: COLUMNS,
  key: ['id'],
  version: 'replace',
  push: pushColumns(COLUMNS),
};

const TRACKED = [
  'customerId',
  'subject',
  'body',
  'channel',
  'status',
  'category',
  'subcategory',
  'severity',
  'satisfactionScore',
  'createdAt',
  'resolvedAt',
] as const satisfies readonly (keyof Ticket)[];

const CLOSED = new Set<Ticket['status']>(['resolved', 'closed']);

export function ticketFromRow(row: TicketsTable): Ticket {
  return {
    id: row.id,
    customerId: row.customer_id,
    subject: row.subject,
    body: row.body,
    channel: row.channel as Ticket['channel'],
    status: row.status as Ticket['status'],
    category: row.category as Ticket['category'],
    subcategory: row.subcategory as Ticket['subcategory'],
    severity: row.severity as Ticket['severity'],
    satisfactionScore: numOrNull(row.satisfaction_score),
    createdAt: Number(row.created_at),
    resolvedAt: numOrNull(row.resolved_at),
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
  };
}

function ticketToRow(t: Ticket): TicketsTable {
  return {
    id: t.id,
    customer_id: t.customerId,
    subject: t.subject,
    body: t.body,
    channel: t.channel,
    status: t.status,
    category: t.category,
    subcategory: t.subcategory,
    severity: t.severity,
    satisfaction_score: t.satisfactionScore,
    created_at: t.createdAt,
    resolved_at: t.resolvedAt,
    version: t.version,
    updated_at: t.updatedAt,
  };
}

export function readTickets(
  db: DbExecutor,
  dialect: SqlDialect,
  ids: readonly string[],
  lock: boolean,
): Promise<Map<string, Ticket>> {
  return readRowsById(db, dialect, 'tickets', ids, lock, ticketFromRow);
}

export const writeTickets: EntityWriter<TicketRecord> = async (ctx, items) => {
  const { kept, rejected } = await requireCustomers(ctx, items);
  const out: WriteOutcome = { written: 0, unchanged: 0, rejected, events: [] };
  const existing = await readTickets(
    ctx.trx,
    ctx.dialect,
    kept.map((i) => i.record.id),
    true,
  );
  const rows: TicketsTable[] = [];
  for (const item of kept) {
    const prev = existing.get(item.record.id);
    const versioned = nextVersion<Ticket>(prev, ticketFields(item.record), ctx.now, TRACKED);
    if (!versioned) {
      out.unchanged++;
      continue;
    }
    const { next, changes } = versioned;
    rows.push(ticketToRow(next));
    if (item.publish) out.events.push(...ticketEvents(prev, next, changes));
  }
  await upsertMany(ctx.trx, ctx.dialect, SPEC, rows, { now: ctx.now });
  out.written = rows.length;
  return out;
};

function ticketEvents(prev: Ticket | undefined, next: Ticket, changes: readonly (keyof Ticket)[]): DomainEvent[] {
  if (!prev) {
    const events = [
      domainEvent(DOMAIN_TOPICS.ticketCreated, next.id, {
        ticketId: next.id,
        customerId: next.customerId,
        ticket: next,
      }),
    ];
    if (CLOSED.has(next.status))
      events.push(
        domainEvent(
          DOMAIN_TOPICS.ticketResolved,
          next.id,
          { ticketId: next.id, customerId: next.customerId, ticket: next },
          next.version,
        ),
      );
    return events;
  }
  const events = [
    domainEvent(
      DOMAIN_TOPICS.ticketUpdated,
      next.id,
      { ticketId: next.id, customerId: next.customerId, changes, previous: pickFields(prev, changes), ticket: next },
      next.version,
    ),
  ];
  if (CLOSED.has(next.status) && !CLOSED.has(prev.status)) {
    events.push(
      domainEvent(
        DOMAIN_TOPICS.ticketResolved,
        next.id,
        { ticketId: next.id, customerId: next.customerId, ticket: next },
        next.version,
      ),
    );
  }
  return events;
}
