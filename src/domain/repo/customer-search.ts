/**
 * Finding customers as a person does on the Customers page: a search over name, id and email,
 * filters by segment, status and success manager, a sort on any column people compare, and what
 * each customer owes on open invoices, a page at a time with the total that matched.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import { customerFromRow } from './customers.ts';
import { hasOpenRecoveryCase } from './queries.ts';
import type { Customer, CustomerStatus, Segment } from '../model/index.ts';

export const CUSTOMER_SORTS = ['name', 'monthly', 'owed', 'status', 'signup', 'segment'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomerSearch {
  /** Part of the name, id or email, any case. */
  text?: string;
  segment?: Segment;
  status?: CustomerStatus;
  /** Past due as every page means it: an open recovery case (CustomerFilter.pastDue). */
  pastDue?: boolean;
  /** A success manager's id, or null for customers without one. */
  csmId?: string | null;
  sort?: CustomerSort;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

export interface FoundCustomer extends Customer {
  /** What the customer owes on open invoices. */
  owedCents: number;
  openInvoices: number;
}

export interface CustomerSearchPage {
  customers: FoundCustomer[];
  /** How many customers match, over all pages. */
  total: number;
}

const MAX_LIMIT = 500;

const SORT_COLUMNS = {
  name: 'c.name',
  monthly: 'c.monthly_price_cents',
  owed: 'owed_cents',
  status: 'c.status',
  signup: 'c.signup_date',
  segment: 'c.segment',
} as const;

/** `%` and `_` typed by a person are meant literally. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchCustomers(db: Db, search: CustomerSearch): Promise<CustomerSearchPage> {
  const k = db.kysely;
  const owed = k
    .selectFrom('invoices')
    .select((eb) => [
      'customer_id',
      eb.fn.sum<number>(eb(eb.ref('total_cents'), '-', eb.ref('amount_paid_cents'))).as('owed'),
      eb.fn.countAll<number>().as('open_invoices'),
    ])
    .where('status', '=', 'open')
    .groupBy('customer_id')
    .as('o');
  const text = search.text?.trim() ?? '';
  const filtered = k
    .selectFrom('customers as c')
    .leftJoin(owed, 'o.customer_id', 'c.id')
    .$if(text !== '', (q) =>
      q.where(() => {
        const pattern = likePattern(text);
        return sql<SqlBool>`(lower(c.name) like ${pattern} escape '\\' or lower(c.id) like ${pattern} escape '\\' or lower(coalesce(c.email, '')) like ${pattern} escape '\\')`;
      }),
    )
    .$if(search.segment !== undefined, (q) => q.where('c.segment', '=', search.segment!))
    .$if(search.status !== undefined, (q) => q.where('c.status', '=', search.status!))
    .$if(search.pastDue !== undefined, (q) =>
      q.where(search.pastDue ? hasOpenRecoveryCase('c.id') : sql<SqlBool>`not ${hasOpenRecoveryCase('c.id')}`),
    )
    .$if(search.csmId === null, (q) => q.where('c.csm_id', 'is', null))
    .$if(typeof search.csmId === 'string', (q) => q.where('c.csm_id', '=', search.csmId!));
  const direction = search.descending ? 'desc' : 'asc';
  const limit = Math.max(1, Math.min(search.limit ?? 100, MAX_LIMIT));
  const [rows, counted] = await Promise.all([
    filtered
      .selectAll('c')
      .select((eb) => [
        eb.fn.coalesce('o.owed', sql<number>`0`).as('owed_cents'),
        eb.fn.coalesce('o.open_invoices', sql<number>`0`).as('open_invoices'),
      ])
      .orderBy(sql.ref(SORT_COLUMNS[search.sort ?? 'name']), direction)
      .orderBy('c.id', direction)
      .limit(limit)
      .offset(Math.max(0, search.offset ?? 0))
      .execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return {
    customers: rows.map((row) => ({
      ...customerFromRow(row),
      owedCents: Number(row.owed_cents),
      openInvoices: Number(row.open_invoices),
    })),
    total: Number(counted?.n ?? 0),
  };
}
