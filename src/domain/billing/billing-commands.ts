/**
 * Billing's commands. Each runs in ONE domain transaction together with the outbox rows of the
 * events it causes, and the relay publishes them after the commit (as ingestion does): a case and
 * the customer's status never disagree, and no event describes a change that rolled back.
 *
 * Every command is safe to run again after a crash (the step that called it re-executes): writes
 * are keyed by what they are about (invoice, attempt, day), and a change already made is a no-op
 * that publishes nothing.
 */
import type { ChargeResult } from '../../connectors/index.ts';
import type { DomainDb } from '../db.ts';
import type { DomainEvent } from '../events.ts';
import type { IngestionService } from '../ingestion/service.ts';
import { ADVICE_CODES, type PaymentAttemptInput } from '../model/index.ts';
import { appendToOutbox, type OutboxRelay } from '../outbox.ts';
import type { WriteContext } from '../repo/context.ts';
import { addDays } from '../dates.ts';
import {
  accessRestricted,
  caseEscalated,
  caseOpened,
  messageRecorded,
  paymentMethodUpdated,
} from './billing-events.ts';
import { billingAnchorOf, BILLABLE_STATUSES, type BillingQueries } from './billing-queries.ts';
import { closeOpenCase, lockCase, requireCase, updateCase } from './case-writes.ts';
import { markCustomerPastDue, suspendCustomer } from './customer-status.ts';
import { ChargeRecordRefusedError, InvoiceRefusedError } from './errors.ts';
import { computeCycleInvoice, previousBillingDay } from './invoice-calc.ts';
import {
  caseFromRow,
  newCaseRow,
  type CaseOutcome,
  type NewRecoveryCase,
  type RecoveredBy,
  type RecoveryMessage,
} from './recovery-case.ts';

export interface BillingCommandsDeps {
  database: DomainDb;
  /** Invoices and payments are written through ingestion's entity writers, inside these commands' transactions. */
  ingest: IngestionService;
  relay: OutboxRelay;
  queries: BillingQueries;
  now: () => number;
}

/** One charge of an invoice and what the gateway answered. */
export interface ChargeAttempt {
  invoiceId: string;
  customerId: string;
  amountCents: number;
  currency: string;
  /** 1 for the billing cycle's charge, one more for each retry. */
  attempt: number;
  at: number;
  result: ChargeResult;
}

/** When a charge belongs to a recovery: how a payment would have been won, for the case's record. */
export interface RecoveryCharge {
  by: RecoveredBy;
  messageBeforeRecovery: string | null;
}

export interface IssuedInvoice {
  id: string;
  number: string;
  totalCents: number;
  currency: string;
  customerName: string;
  email: string | null;
  lines: { description: string; amountCents: number }[];
}

export type CycleInvoiceOutcome = IssuedInvoice | { skipped: string };

const CARD_CHUNK = 500;

export class BillingCommands {
  constructor(private readonly deps: BillingCommandsDeps) {}

  /** Cards on file from an import or the simulator: not news to any recovery run. */
  async setPaymentMethods(entries: readonly { customerId: string; paymentMethod: string }[]): Promise<void> {
    await this.change(async (write) => {
      for (let i = 0; i < entries.length; i += CARD_CHUNK) await upsertCards(write, entries.slice(i, i + CARD_CHUNK));
      return [];
    });
  }

  /** The customer's new card: stored, and news to their waiting recovery runs, which charge it at once. */
  async updatePaymentMethod(customerId: string, paymentMethod: string): Promise<void> {
    await this.change(async (write) => {
      await upsertCards(write, [{ customerId, paymentMethod }]);
      return [paymentMethodUpdated(customerId, paymentMethod, write.now)];
    });
  }

  /**
   * The invoice for the cycle starting `day` (id `in_<customer>_<yyyymmdd>`, so a day is invoiced
   * once), or why there is none.
   */
  async issueCycleInvoice(customerId: string, day: string): Promise<CycleInvoiceOutcome> {
    const { queries, ingest } = this.deps;
    const customer = await queries.requireCustomer(customerId);
    if (!BILLABLE_STATUSES.includes(customer.status)) return { skipped: `customer is ${customer.status}` };
    const id = `in_${customer.id}_${day.replaceAll('-', '')}`;
    if (await queries.invoicedElsewhereOn(customer.id, day, id)) return { skipped: `already invoiced on ${day}` };
    const anchor = billingAnchorOf(customer);
    const calls = await queries.apiCalls(customer.id, previousBillingDay(day, anchor), addDays(day, -1));
    const invoice = computeCycleInvoice(customer, day, anchor, calls);
    if (invoice === null) return { skipped: 'nothing owed this period' };
    const number = `PZ-${day.slice(0, 7).replace('-', '')}-${customer.id}`;
    const report = await ingest.ingest('invoices', [
      {
        id,
        customerId: customer.id,
        number,
        currency: 'usd',
        status: 'open',
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        issuedOn: day,
        dueOn: day,
        lines: invoice.lines,
      },
    ]);
    if (report.rejected > 0)
      throw new InvoiceRefusedError(
        id,
        report.records.flatMap((r) => r.issues ?? []),
      );
    return {
      id,
      number,
      totalCents: invoice.totalCents,
      currency: 'usd',
      customerName: customer.name,
      email: customer.email,
      lines: invoice.lines.map((l) => ({ description: l.description, amountCents: l.amountCents })),
    };
  }

  /**
   * Records a charge as a payment attempt (id by invoice and attempt). A succeeded, undisputed
   * charge settles the invoice (`invoice.paid`) and, for a recovery, closes its case as recovered
   * and restores the customer, all in one transaction; a failed one counts against the case.
   */
  async recordCharge(charge: ChargeAttempt, recovery: RecoveryCharge | null): Promise<{ paid: boolean }> {
    const paid = charge.result.status === 'succeeded' && !charge.result.disputed;
    const prepared = this.deps.ingest.validate('payments', [paymentRecord(charge)]);
    const paymentId = paymentIdOf(charge);
    if (prepared.rejected.length > 0)
      throw new ChargeRecordRefusedError(
        paymentId,
        prepared.rejected.flatMap((r) => r.issues ?? []),
      );
    await this.change(async (write) => {
      const report = await this.deps.ingest.writeWithin(write.trx, prepared, { detail: 'rejected' });
      if (report.rejected > 0)
        throw new ChargeRecordRefusedError(
          paymentId,
          report.records.flatMap((r) => r.issues ?? []),
        );
      if (recovery === null) return [];
      const current = await lockCase(write, charge.invoiceId);
      if (current === null || current.status !== 'open') return [];
      if (paid) return closeOpenCase(write, current, { status: 'recovered', ...recovery, attempt: charge.attempt });
      await updateCase(write, charge.invoiceId, { attempts: charge.attempt });
      return [];
    });
    return { paid };
  }

  /** Opens the invoice's case (once) and marks the customer past due. */
  async openCase(opened: NewRecoveryCase): Promise<void> {
    await this.change(async (write) => {
      const inserted = await write.trx
        .insertInto('recovery_cases')
        .values(newCaseRow(opened, write.now))
        .onConflict((oc) => oc.column('invoice_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted === undefined) return [];
      const reason = `a charge for invoice ${opened.invoiceId} failed`;
      return [caseOpened(caseFromRow(inserted)), ...(await markCustomerPastDue(write, opened.customerId, reason))];
    });
  }

  /** Counts a hand-over to a person (the `escalations`-th). */
  async recordEscalation(invoiceId: string, escalations: number): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      if (current.escalations === escalations) return [];
      await updateCase(write, invoiceId, { escalations });
      return [caseEscalated(current, escalations)];
    });
  }

  /** Restricts the customer's API access for this unpaid invoice; suspension suspends the customer too. */
  async restrictAccess(invoiceId: string, restriction: 'rate_limited' | 'suspended', reason: string): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      if (current.status !== 'open' || current.restriction === restriction) return [];
      await updateCase(write, invoiceId, { restriction, restricted_since: write.now });
      const events = [accessRestricted(current, restriction, write.now)];
      if (restriction === 'suspended') events.push(...(await suspendCustomer(write, current.customerId, reason)));
      return events;
    });
  }

  /** Lifts the case's restrictions (a person extended the grace period): the customer is past due, not suspended. */
  async liftRestriction(invoiceId: string, reason: string): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      if (current.status !== 'open') return [];
      const events: DomainEvent[] = [];
      if (current.restriction !== 'none') {
        await updateCase(write, invoiceId, { restriction: 'none', restricted_since: null });
        events.push(accessRestricted(current, 'none', write.now));
      }
      events.push(...(await markCustomerPastDue(write, current.customerId, reason)));
      return events;
    });
  }

  /** Ends the case, unless it already ended (an outside payment and the run's own step may both try). */
  async closeCase(invoiceId: string, outcome: CaseOutcome): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      return current.status === 'open' ? closeOpenCase(write, current, outcome) : [];
    });
  }

  /** Records a customer message once per invoice, day and channel; a sent one becomes the case's last message. */
  async recordMessage(message: RecoveryMessage): Promise<void> {
    await this.change(async (write) => {
      const inserted = await write.trx
        .insertInto('recovery_messages')
        .values({
          invoice_id: message.invoiceId,
          day: message.day,
          channel: message.channel,
          template: message.template,
          status: message.status,
          detail: message.detail,
          sent_at: message.sentAt,
        })
        .onConflict((oc) => oc.columns(['invoice_id', 'day', 'channel']).doNothing())
        .returning('invoice_id')
        .executeTakeFirst();
      if (inserted === undefined) return [];
      if (message.status === 'sent') await updateCase(write, message.invoiceId, { last_message: message.template });
      return [messageRecorded(message)];
    });
  }

  /** Runs `apply` in one transaction with the outbox rows of the events it returns, then relays them. */
  private async change(apply: (write: WriteContext) => Promise<DomainEvent[]>): Promise<void> {
    const { database, relay } = this.deps;
    const now = this.deps.now();
    await database.transaction(async (trx) => {
      const events = await apply({ trx, dialect: database.dialect, now });
      if (events.length > 0) await appendToOutbox(trx, events, now);
    });
    await relay.drain();
  }
}

async function upsertCards(
  write: WriteContext,
  entries: readonly { customerId: string; paymentMethod: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  await write.trx
    .insertInto('billing_accounts')
    .values(entries.map((e) => ({ customer_id: e.customerId, payment_method: e.paymentMethod, updated_at: write.now })))
    .onConflict((oc) =>
      oc.column('customer_id').doUpdateSet((eb) => ({
        payment_method: eb.ref('excluded.payment_method'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

const paymentIdOf = (charge: ChargeAttempt): string => `pay_${charge.invoiceId}_${charge.attempt}`;

function paymentRecord(charge: ChargeAttempt): PaymentAttemptInput {
  const base = {
    id: paymentIdOf(charge),
    invoiceId: charge.invoiceId,
    customerId: charge.customerId,
    attemptedAt: charge.at,
    amountCents: charge.amountCents,
    currency: charge.currency,
    attemptNumber: charge.attempt,
  };
  const { result } = charge;
  if (result.status === 'succeeded') return { ...base, status: 'succeeded', disputed: result.disputed };
  return {
    ...base,
    status: 'failed',
    // Gateways answer free text now and then; the model keeps Stripe-shaped codes only.
    declineCode: /^[a-z][a-z0-9_]*$/.test(result.declineCode) ? result.declineCode : 'card_declined',
    adviceCode: ADVICE_CODES.find((c) => c === result.adviceCode) ?? null,
    failureMessage: result.message.slice(0, 1000),
  };
}
