/**
 * Billing's commands. Each runs in ONE domain transaction together with the outbox rows of the
 * events it causes, and the relay publishes them after the commit (as ingestion does): a case and
 * the customer's status never disagree, and no event describes a change that rolled back.
 *
 * Everything that can refuse (a missing customer, invoice or case) is checked before the first
 * write, as the rest of the domain does (db.ts: nothing rolls back on purpose).
 *
 * Every command is safe to run again after a crash (the step that called it re-executes): writes
 * are keyed by what they are about (invoice, attempt, day), and a change already made is a no-op
 * that publishes nothing.
 */
import type { Db } from '../../db/index.ts';
import type { DomainEvent } from '../events.ts';
import type { IngestionService } from '../ingestion/service.ts';
import { appendToOutbox, type OutboxRelay } from '../outbox.ts';
import type { WriteContext } from '../repo/context.ts';
import {
  accessRestricted,
  caseDecided,
  caseDisputed,
  caseEscalated,
  caseOpened,
  messageRecorded,
  paymentMethodUpdated,
} from './billing-events.ts';
import type { BillingQueries } from './billing-queries.ts';
import { closeOpenCase, lockCase, requireCase, updateCase } from './case-writes.ts';
import { markCustomerPastDue, suspendCustomer } from './customer-status.ts';
import { paymentIdOf, paymentRecord, type ChargeAttempt, type RecoveryCharge } from './charge-record.ts';
import { issueCycleInvoice, type CycleInvoiceOutcome } from './cycle-invoice.ts';
import { ChargeRecordRefusedError } from './errors.ts';
import {
  caseFromRow,
  messageDelivered,
  newCaseRow,
  type CaseDecision,
  type CaseOutcome,
  type NewRecoveryCase,
  type RecoveryCase,
  type RecoveryMessage,
} from './recovery-case.ts';

export interface BillingCommandsDeps {
  database: Db;
  /** Invoices and payments are written through ingestion's entity writers, inside these commands' transactions. */
  ingest: IngestionService;
  relay: OutboxRelay;
  queries: BillingQueries;
  now: () => number;
}

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
  issueCycleInvoice(customerId: string, day: string): Promise<CycleInvoiceOutcome> {
    return issueCycleInvoice(this.deps.queries, this.deps.ingest, customerId, day);
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
      await rememberGatewayCharge(write, charge, paymentId);
      if (recovery === null) return [];
      const current = await lockCase(write, charge.invoiceId);
      if (current === null || current.status !== 'open') return [];
      if (paid) return closeOpenCase(write, current, { status: 'recovered', ...recovery, attempt: charge.attempt });
      await updateCase(write, charge.invoiceId, { attempts: charge.attempt });
      return [];
    });
    return { paid };
  }

  /**
   * Opens the invoice's case (once) and marks the customer past due. A dispute on an invoice whose
   * case already ended (a charge that recovered it is contested) reopens the case for the run that
   * handles the dispute: the money is at risk again.
   */
  async openCase(opened: NewRecoveryCase): Promise<void> {
    await this.change(async (write) => {
      const existing = await lockCase(write, opened.invoiceId);
      if (existing !== null) {
        const reopens = opened.disputed && existing.status !== 'open' && existing.runId !== opened.runId;
        return reopens ? reopenCase(write, existing, opened) : [];
      }
      const reason = `a charge for invoice ${opened.invoiceId} failed`;
      const customerEvents = await markCustomerPastDue(write, opened.customerId, reason);
      const inserted = await write.trx
        .insertInto('recovery_cases')
        .values(newCaseRow(opened, write.now))
        .onConflict((oc) => oc.column('invoice_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      return inserted === undefined ? customerEvents : [caseOpened(caseFromRow(inserted)), ...customerEvents];
    });
  }

  /**
   * Counts a hand-over to a person (the `escalations`-th). With `awaitsPerson` the case also says
   * it waits for that person until `recordDecision` (runs of version 1 never record decisions, so
   * they do not set it).
   */
  async recordEscalation(
    invoiceId: string,
    escalations: number,
    options: { awaitsPerson?: boolean } = {},
  ): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      if (current.escalations === escalations) return [];
      const waiting = options.awaitsPerson === true && current.status === 'open' ? { waiting_since: write.now } : {};
      await updateCase(write, invoiceId, { escalations, ...waiting });
      return [caseEscalated(current, escalations)];
    });
  }

  /** What became of the `escalation`-th hand-over: the case no longer waits for a person and says what was decided. */
  async recordDecision(invoiceId: string, escalation: number, decision: Omit<CaseDecision, 'at'>): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      const at = write.now;
      const same =
        current.lastDecision?.summary === decision.summary &&
        current.lastDecision.outcome === decision.outcome &&
        current.waitingSince === null;
      if (same) return [];
      await updateCase(write, invoiceId, {
        waiting_since: null,
        decision_outcome: decision.outcome,
        decision_summary: decision.summary,
        decided_at: at,
      });
      return [caseDecided(current, escalation, { ...decision, at })];
    });
  }

  /** A charge of the invoice was disputed: the open case says so (once per payment attempt). */
  async recordDispute(invoiceId: string, paymentId: string): Promise<RecoveryCase> {
    let after: RecoveryCase | null = null;
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      after = current;
      if (current.status !== 'open' || current.disputed) return [];
      await updateCase(write, invoiceId, { disputed: 1 });
      after = { ...current, disputed: true };
      return [caseDisputed(current, paymentId)];
    });
    return after!;
  }

  /** Restricts the customer's API access for this unpaid invoice; suspension suspends the customer too. */
  async restrictAccess(invoiceId: string, restriction: 'rate_limited' | 'suspended', reason: string): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      if (current.status !== 'open' || current.restriction === restriction) return [];
      const customerEvents =
        restriction === 'suspended' ? await suspendCustomer(write, current.customerId, reason) : [];
      await updateCase(write, invoiceId, { restriction, restricted_since: write.now });
      return [accessRestricted(current, restriction, write.now), ...customerEvents];
    });
  }

  /** Lifts the case's restrictions (a person extended the grace period): the customer is past due, not suspended. */
  async liftRestriction(invoiceId: string, reason: string): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      if (current.status !== 'open') return [];
      const customerEvents = await markCustomerPastDue(write, current.customerId, reason);
      if (current.restriction === 'none') return customerEvents;
      await updateCase(write, invoiceId, { restriction: 'none', restricted_since: null });
      return [accessRestricted(current, 'none', write.now), ...customerEvents];
    });
  }

  /** Ends the case, unless it already ended (an outside payment and the run's own step may both try). */
  async closeCase(invoiceId: string, outcome: CaseOutcome): Promise<void> {
    await this.change(async (write) => {
      const current = await requireCase(write, invoiceId);
      return current.status === 'open' ? closeOpenCase(write, current, outcome) : [];
    });
  }

  /**
   * Records a customer message once per invoice, day and channel; a delivered one (sent, or captured
   * in the local outbox) becomes the case's last message.
   */
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
      if (messageDelivered(message.status))
        await updateCase(write, message.invoiceId, { last_message: message.template });
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

/** Keeps the gateway's charge id beside the payment attempt it became (a dispute names only the charge). */
async function rememberGatewayCharge(write: WriteContext, charge: ChargeAttempt, paymentId: string): Promise<void> {
  const chargeId = charge.result.chargeId;
  if (chargeId === null) return;
  await write.trx
    .insertInto('gateway_charges')
    .values({
      charge_id: chargeId,
      payment_id: paymentId,
      invoice_id: charge.invoiceId,
      customer_id: charge.customerId,
      created_at: write.now,
    })
    .onConflict((oc) => oc.column('charge_id').doNothing())
    .execute();
}

/** The case of an invoice whose recovering charge is now disputed: open again, for the dispute's run. */
async function reopenCase(
  write: WriteContext,
  existing: RecoveryCase,
  opened: NewRecoveryCase,
): Promise<DomainEvent[]> {
  const reason = `a charge for invoice ${opened.invoiceId} was disputed`;
  const customerEvents = await markCustomerPastDue(write, opened.customerId, reason);
  const row = newCaseRow(opened, write.now);
  await updateCase(write, opened.invoiceId, {
    run_id: opened.runId,
    amount_cents: row.amount_cents,
    failed_at: row.failed_at,
    decline_code: row.decline_code,
    decline_type: row.decline_type,
    disputed: 1,
    status: 'open',
    restriction: 'none',
    restricted_since: null,
    attempts: row.attempts,
    escalations: 0,
    recovered_at: null,
    recovered_attempt: null,
    recovered_by: null,
    message_before_recovery: null,
    closed_at: null,
    waiting_since: null,
  });
  const reopened = (await lockCase(write, opened.invoiceId))!;
  return [caseOpened(reopened, opened.runId), ...customerEvents];
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
