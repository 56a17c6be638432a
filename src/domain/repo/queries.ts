/**
 * Reads the API, the dashboard and workflows need. Paging is by key (`after` an id), newest-first
 * where time matters; limits are capped so a careless caller cannot pull a whole table.
 */
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Tables } from '../../db/tables.ts';
import {
  uptimePct,
  type Customer,
  type CustomerStatus,
  type DailyMetrics,
  type HealthSample,
  type Invoice,
  type InvoiceStatus,
  type MetricTarget,
  type PaymentAttempt,
  type Segment,
  type TargetMetric,
  type Ticket,
  type Usage,
} from '../model/index.ts';
import type { DomainTableName } from '../../db/tables.ts';
import { chunked } from './bulk.ts';
import { customerFromRow } from './customers.ts';
import { invoiceFromRow, readInvoices } from './invoices.ts';
import { paymentFromRow } from './payments.ts';
import { ticketFromRow } from './tickets.ts';

const MAX_LIMIT = 1_000;
const limitOf = (limit: number | undefined): number => Math.max(1, Math.min(limit ?? 100, MAX_LIMIT));

export interface CustomerFilter {
  segment?: Segment;
  /** The stored lifecycle status (what billing bills by: `active` and `past_due` accounts). */
  status?: CustomerStatus;
  /**
   * "Past due" means one thing on every page and in every count: the customer has an open recovery
   * case, an invoice whose charge failed and that payment recovery is still working on (the billing
   * page's "in recovery"), whether or not their access is restricted yet. Billing keeps the stored
   * status in step (past_due when a case opens, suspended when access is cut, active when the case
   * closes), so a customer in recovery reads "past due" or "suspended", never "active".
   */
  pastDue?: boolean;
  csmId?: string;
  after?: string;
  limit?: number;
}

/**
 * The customer (by the column holding their id) has an open recovery case. Recovery cases are
 * billing's table; 'open' is its CaseStatus for a case still in progress.
 */
export function hasOpenRecoveryCase(customerIdColumn: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from recovery_cases rc where rc.customer_id = ${sql.ref(customerIdColumn)} and rc.status = 'open')`;
}

type CustomerQuery = SelectQueryBuilder<Tables, 'customers', object>;

function filterCustomers<Q extends CustomerQuery>(q: Q, filter: CustomerFilter): Q {
  return q
    .$if(filter.segment !== undefined, (q) => q.where('segment', '=', filter.segment!))
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
    .$if(filter.pastDue !== undefined, (q) =>
      q.where(
        filter.pastDue ? hasOpenRecoveryCase('customers.id') : sql<SqlBool>`not ${hasOpenRecoveryCase('customers.id')}`,
      ),
    )
    .$if(filter.csmId !== undefined, (q) => q.where('csm_id', '=', filter.csmId!)) as Q;
}

export interface TicketFilter {
  customerId?: string;
  status?: Ticket['status'];
  severity?: Ticket['severity'];
  /** Tickets created before this instant (newest first), for paging. */
  before?: number;
  limit?: number;
}

export class DomainQueries {
  constructor(private readonly db: Db) {}

  async count(table: DomainTableName): Promise<number> {
    const row = await this.db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async getCustomer(id: string): Promise<Customer | null> {
    const row = await this.db.kysely.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? customerFromRow(row) : null;
  }

  /** The status of each listed customer that exists, in one query per 500 ids. */
  async customerStatuses(ids: readonly string[]): Promise<Map<string, CustomerStatus>> {
    const statuses = new Map<string, CustomerStatus>();
    for (const part of chunked([...new Set(ids)])) {
      const rows = await this.db.kysely
        .selectFrom('customers')
        .select(['id', 'status'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) statuses.set(r.id, r.status as CustomerStatus);
    }
    return statuses;
  }

  async listCustomers(filter: CustomerFilter = {}): Promise<Customer[]> {
    const rows = await filterCustomers(this.db.kysely.selectFrom('customers').selectAll(), filter)
      .$if(filter.after !== undefined, (q) => q.where('id', '>', filter.after!))
      .orderBy('id')
      .limit(limitOf(filter.limit))
      .execute();
    return rows.map(customerFromRow);
  }

  /** How many customers match (paging and limits aside): the same filter as `listCustomers`, so counts and lists agree. */
  async countCustomers(filter: Omit<CustomerFilter, 'after' | 'limit'> = {}): Promise<number> {
    const row = await filterCustomers(
      this.db.kysely.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')),
      filter,
    ).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async usage(customerId: string, from: string, to: string): Promise<Usage[]> {
    const rows = await this.db.kysely
      .selectFrom('usage_daily')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .execute();
    return rows.map((r) => ({
      customerId: r.customer_id,
      day: r.day,
      apiCalls: Number(r.api_calls),
      apiErrors: Number(r.api_errors),
      featuresUsed: Number(r.features_used),
      sessions: Number(r.sessions),
      docViews: Number(r.doc_views),
      teamMembers: Number(r.team_members),
      version: Number(r.version),
      updatedAt: Number(r.updated_at),
    }));
  }

  async getInvoice(id: string): Promise<Invoice | null> {
    const found = await readInvoices(this.db.kysely, this.db.dialect, [id], { lock: false, lines: true });
    return found.get(id) ?? null;
  }

  /** Invoices without their lines (getInvoice has them), newest issue date first. */
  async listInvoices(filter: { customerId?: string; status?: InvoiceStatus; limit?: number } = {}): Promise<Invoice[]> {
    const rows = await this.db.kysely
      .selectFrom('invoices')
      .selectAll()
      .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .orderBy('issued_on', 'desc')
      .orderBy('id', 'desc')
      .limit(limitOf(filter.limit))
      .execute();
    return rows.map((r) => invoiceFromRow(r, []));
  }

  async listPayments(
    filter: { invoiceId?: string; customerId?: string; status?: PaymentAttempt['status']; limit?: number } = {},
  ): Promise<PaymentAttempt[]> {
    const rows = await this.db.kysely
      .selectFrom('payment_attempts')
      .selectAll()
      .$if(filter.invoiceId !== undefined, (q) => q.where('invoice_id', '=', filter.invoiceId!))
      .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .orderBy('attempted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limitOf(filter.limit))
      .execute();
    return rows.map(paymentFromRow);
  }

  async getTicket(id: string): Promise<Ticket | null> {
    const row = await this.db.kysely.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? ticketFromRow(row) : null;
  }

  async listTickets(filter: TicketFilter = {}): Promise<Ticket[]> {
    const rows = await this.db.kysely
      .selectFrom('tickets')
      .selectAll()
      .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.severity !== undefined && filter.severity !== null, (q) => q.where('severity', '=', filter.severity!))
      .$if(filter.before !== undefined, (q) => q.where('created_at', '<', filter.before!))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limitOf(filter.limit))
      .execute();
    return rows.map(ticketFromRow);
  }

  async dailyMetrics(from: string, to: string): Promise<DailyMetrics[]> {
    const rows = await this.db.kysely
      .selectFrom('daily_metrics')
      .selectAll()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .execute();
    return rows.map((r) => ({
      day: r.day,
      revenueCents: Number(r.revenue_cents),
      mrrCents: Number(r.mrr_cents),
      newTrials: Number(r.new_trials),
      conversions: Number(r.conversions),
      churned: Number(r.churned),
      activeCustomers: Number(r.active_customers),
      apiCalls: Number(r.api_calls),
      ticketVolume: Number(r.ticket_volume),
      version: Number(r.version),
      updatedAt: Number(r.updated_at),
    }));
  }

  async targets(from: string, to: string, metric?: TargetMetric): Promise<MetricTarget[]> {
    const rows = await this.db.kysely
      .selectFrom('metric_targets')
      .selectAll()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .$if(metric !== undefined, (q) => q.where('metric', '=', metric!))
      .orderBy('day')
      .orderBy('metric')
      .execute();
    return rows.map((r) => ({
      metric: r.metric as TargetMetric,
      day: r.day,
      target: Number(r.target),
      version: Number(r.version),
      updatedAt: Number(r.updated_at),
    }));
  }

  async health(fromMs: number, toMs: number, service?: string): Promise<HealthSample[]> {
    const rows = await this.db.kysely
      .selectFrom('health_samples')
      .selectAll()
      .where('at', '>=', fromMs)
      .where('at', '<', toMs)
      .$if(service !== undefined, (q) => q.where('service', '=', service!))
      .orderBy('at')
      .orderBy('service')
      .execute();
    return rows.map((r) => {
      const sample = {
        service: r.service,
        at: Number(r.at),
        windowMinutes: Number(r.window_minutes),
        downtimeMinutes: Number(r.downtime_minutes),
        latencyP50Ms: Number(r.latency_p50_ms),
        latencyP95Ms: Number(r.latency_p95_ms),
        incidents: Number(r.incidents),
      };
      return { ...sample, uptimePct: uptimePct(sample), version: Number(r.version), updatedAt: Number(r.updated_at) };
    });
  }
}
