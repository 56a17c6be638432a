import type { DbExecutor, SqlDialect } from '../../db/database.ts';
import { DOMAIN_TOPICS, domainEvent, type DomainEvent } from '../events.ts';
import {
  customerFields,
  type Customer,
  type CustomerRecord,
  type CustomerStatus,
  type Segment,
} from '../model/index.ts';
import type { CustomersTable } from '../../db/tables.ts';
import { pushColumns, readRowsById, upsertMany, type UpsertSpec } from './bulk.ts';
import { pickFields, type EntityWriter, type WriteOutcome, nextVersion } from './context.ts';

const COLUMNS = [
  'id',
  'name',
  'email',
  'segment',
  'plan',
  'monthly_price_cents',
  'employee_count',
  'developer_team_size',
  'use_case',
  'csm_id',
  'signup_date',
  'status',
  'trial_ends_on',
  'stripe_customer_id',
  'phone',
  'version',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof CustomersTable)[];

const SPEC: UpsertSpec<CustomersTable> = {
  table: 'customers',
  columns: COLUMNS,
  key: ['id'],
  version: 'replace',
  push: pushColumns(COLUMNS),
};

/** The fields a change is judged on (bookkeeping excluded). */
const TRACKED = [
  'name',
  'email',
  'phone',
  'segment',
  'plan',
  'monthlyPriceCents',
  'employeeCount',
  'developerTeamSize',
  'useCase',
  'csmId',
  'signupDate',
  'status',
  'trialEndsOn',
  'stripeCustomerId',
] as const satisfies readonly (keyof Customer)[];

export function customerFromRow(row: CustomersTable): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    segment: row.segment as Segment,
    plan: row.plan,
    monthlyPriceCents: Number(row.monthly_price_cents),
    employeeCount: Number(row.employee_count),
    developerTeamSize: Number(row.developer_team_size),
    useCase: row.use_case,
    csmId: row.csm_id,
    signupDate: row.signup_date,
    status: row.status as CustomerStatus,
    trialEndsOn: row.trial_ends_on,
    stripeCustomerId: row.stripe_customer_id,
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function customerToRow(c: Customer): CustomersTable {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    segment: c.segment,
    plan: c.plan,
    monthly_price_cents: c.monthlyPriceCents,
    employee_count: c.employeeCount,
    developer_team_size: c.developerTeamSize,
    use_case: c.useCase,
    csm_id: c.csmId,
    signup_date: c.signupDate,
    status: c.status,
    trial_ends_on: c.trialEndsOn,
    stripe_customer_id: c.stripeCustomerId,
    version: c.version,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** Reads customers by id; on PostgreSQL the rows are locked until the transaction ends, so versions stay exact. */
export function readCustomers(
  db: DbExecutor,
  dialect: SqlDialect,
  ids: readonly string[],
  lock: boolean,
): Promise<Map<string, Customer>> {
  return readRowsById(db, dialect, 'customers', ids, lock, customerFromRow);
}

/** Resolves a Stripe customer id: our id itself, or the customer that carries it as stripe_customer_id. */
export async function findCustomerByStripeId(db: DbExecutor, stripeId: string): Promise<Customer | null> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', stripeId), eb('stripe_customer_id', '=', stripeId)]))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? customerFromRow(row) : null;
}

export const writeCustomers: EntityWriter<CustomerRecord> = async (ctx, items) => {
  const out: WriteOutcome = { written: 0, unchanged: 0, rejected: [], events: [] };
  const existing = await readCustomers(
    ctx.trx,
    ctx.dialect,
    items.map((i) => i.record.id),
    true,
  );
  const rows: CustomersTable[] = [];
  for (const item of items) {
    const prev = existing.get(item.record.id);
    const versioned = nextVersion<Customer>(prev, customerFields(item.record), ctx.now, TRACKED);
    if (!versioned) {
      out.unchanged++;
      continue;
    }
    const { next, changes } = versioned;
    rows.push(customerToRow(next));
    if (item.publish) out.events.push(customerEvent(prev, next, changes));
  }
  await upsertMany(ctx.trx, ctx.dialect, SPEC, rows, { now: ctx.now });
  out.written = rows.length;
  return out;
};

function customerEvent(prev: Customer | undefined, next: Customer, changes: readonly (keyof Customer)[]): DomainEvent {
  if (!prev) return domainEvent(DOMAIN_TOPICS.customerCreated, next.id, { customerId: next.id, customer: next });
  return domainEvent(
    DOMAIN_TOPICS.customerUpdated,
    next.id,
    { customerId: next.id, changes, previous: pickFields(prev, changes), customer: next },
    next.version,
  );
}
