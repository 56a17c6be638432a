/**
 * What billing reads: the cards on file, recovery cases and their messages for the API and the
 * dashboard, entitlements and metrics over the cases, and the facts the billing workflows look up
 * (which customers are billed today, whether an invoice is already paid, which failures from
 * before PsiZero ran are still worth recovering).
 */
import { DAY_MS } from '../dates.ts';
import type { Db } from '../../db/index.ts';
import type { Customer, Invoice, PaymentAttempt } from '../model/index.ts';
import type { DomainQueries } from '../repo/queries.ts';
import { BillingRecordMissingError } from './errors.ts';
import { isBillingDay } from './invoice-calc.ts';
import {
  caseFromRow,
  messageFromRow,
  type CaseStatus,
  type RecoveryCase,
  type RecoveryMessage,
} from './recovery-case.ts';
import { entitlementOf, recoveryMetrics, type Entitlement, type RecoveryMetrics } from './recovery-metrics.ts';

/** Statuses that are billed each month; a trial, a suspended or a churned account is not. */
export const BILLABLE_STATUSES: readonly Customer['status'][] = ['active', 'past_due'];

/** The day of the month a customer is billed on: the day they signed up. */
export function billingAnchorOf(customer: Pick<Customer, 'signupDate'>): number {
  return Number(customer.signupDate.slice(8, 10));
}

export interface CaseFilter {
  customerId?: string;
  status?: CaseStatus;
  since?: number;
  limit?: number;
}

/** An open invoice whose charges all failed, the first of them within the adoption window. */
export interface FailureToAdopt {
  invoice: Invoice;
  /** Its charge attempts, oldest first (at least one, all failed). */
  attempts: PaymentAttempt[];
}

const PAGE = 1_000;

export class BillingQueries {
  constructor(
    private readonly database: Db,
    private readonly domain: DomainQueries,
  ) {}

  async paymentMethodOf(customerId: string): Promise<string | null> {
    const row = await this.database.kysely
      .selectFrom('billing_accounts')
      .select('payment_method')
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    return row?.payment_method ?? null;
  }

  async requireCustomer(customerId: string): Promise<Customer> {
    const customer = await this.domain.getCustomer(customerId);
    if (customer === null) throw new BillingRecordMissingError('customer', customerId);
    return customer;
  }

  async requireInvoice(invoiceId: string): Promise<Invoice> {
    const invoice = await this.domain.getInvoice(invoiceId);
    if (invoice === null) throw new BillingRecordMissingError('invoice', invoiceId);
    return invoice;
  }

  /**
   * Whether someone paid the invoice (checked before anything that assumes it is unpaid). A
   * disputed charge paid nothing: an invoice whose only successful charges are disputed is unpaid,
   * even though Stripe (and the imported record) still call it paid. One marked paid without any
   * recorded charge (an import, a payment made elsewhere) is paid.
   */
  async isInvoicePaid(invoiceId: string): Promise<boolean> {
    if ((await this.requireInvoice(invoiceId)).status !== 'paid') return false;
    const succeeded = await this.domain.listPayments({ invoiceId, status: 'succeeded', limit: PAGE });
    return succeeded.length === 0 || succeeded.some((p) => !p.disputed);
  }

  /** The invoice's charge attempts, oldest first. */
  async chargesOf(invoiceId: string): Promise<PaymentAttempt[]> {
    const attempts = await this.domain.listPayments({ invoiceId, limit: PAGE });
    return attempts.sort((a, b) => a.attemptedAt - b.attemptedAt || a.attemptNumber - b.attemptNumber);
  }

  /** Whether the customer already has an invoice issued on `day` under another id (imported, or from Stripe). */
  async invoicedElsewhereOn(customerId: string, day: string, invoiceId: string): Promise<boolean> {
    const recent = await this.domain.listInvoices({ customerId, limit: 5 });
    return recent.some((i) => i.issuedOn === day && i.id !== invoiceId);
  }

  /** API calls metered from `from` to `to`, both days included. */
  async apiCalls(customerId: string, from: string, to: string): Promise<number> {
    const usage = await this.domain.usage(customerId, from, to);
    return usage.reduce((sum, u) => sum + u.apiCalls, 0);
  }

  /** Billable customers whose billing day `day` is (a customer who signed up that day is billed from the next cycle). */
  async customersBilledOn(day: string): Promise<string[]> {
    const due: string[] = [];
    for (const status of BILLABLE_STATUSES) {
      let after: string | undefined;
      for (;;) {
        const page = await this.domain.listCustomers({ status, limit: PAGE, ...(after ? { after } : {}) });
        for (const c of page) if (isBillingDay(day, billingAnchorOf(c)) && c.signupDate < day) due.push(c.id);
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.id;
      }
    }
    return due;
  }

  /** Failed payments from before PsiZero ran that no recovery case covers yet, within `windowDays` of `now`. */
  async failuresToAdopt(now: number, windowDays: number): Promise<FailureToAdopt[]> {
    const open = await this.domain.listInvoices({ status: 'open', limit: PAGE });
    const found: FailureToAdopt[] = [];
    for (const invoice of open) {
      if (invoice.totalCents <= 0) continue;
      const attempts = (await this.domain.listPayments({ invoiceId: invoice.id, limit: 50 })).sort(
        (a, b) => a.attemptedAt - b.attemptedAt,
      );
      const first = attempts[0];
      const last = attempts[attempts.length - 1];
      if (!first || !last || first.status !== 'failed' || last.status !== 'failed') continue;
      if (now - first.attemptedAt > windowDays * DAY_MS || first.attemptedAt > now) continue;
      if ((await this.getCase(invoice.id)) !== null) continue;
      found.push({ invoice, attempts });
    }
    return found;
  }

  async getCase(invoiceId: string): Promise<RecoveryCase | null> {
    const row = await this.database.kysely
      .selectFrom('recovery_cases')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst();
    return row ? caseFromRow(row) : null;
  }

  async listCases(filter: CaseFilter = {}): Promise<RecoveryCase[]> {
    const rows = await this.database.kysely
      .selectFrom('recovery_cases')
      .selectAll()
      .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.since !== undefined, (q) => q.where('failed_at', '>=', filter.since!))
      .orderBy('failed_at', 'desc')
      .orderBy('invoice_id')
      .$if(filter.limit !== undefined, (q) => q.limit(filter.limit!))
      .execute();
    return rows.map(caseFromRow);
  }

  async messages(invoiceId: string): Promise<RecoveryMessage[]> {
    const rows = await this.database.kysely
      .selectFrom('recovery_messages')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .orderBy('day')
      .orderBy('channel')
      .execute();
    return rows.map(messageFromRow);
  }

  /** The access PsiZero's API gateway grants; null when the customer does not exist. */
  async entitlement(customerId: string): Promise<Entitlement | null> {
    if ((await this.domain.getCustomer(customerId)) === null) return null;
    return entitlementOf(customerId, await this.listCases({ customerId }));
  }

  async metrics(filter: { since?: number } = {}): Promise<RecoveryMetrics> {
    const cases = await this.listCases(filter);
    return recoveryMetrics(cases, await this.domain.customerStatuses(cases.map((c) => c.customerId)));
  }
}
