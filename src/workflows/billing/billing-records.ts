/**
 * Billing's own tables (domain migration 0002): payment methods, recovery cases, the messages each
 * recovery sent, and the sandbox gateway's durable idempotency ledger. Every write is an upsert or
 * an insert-if-absent keyed by what the calling step is about, so a step that runs again after a
 * crash writes the same row instead of a second one.
 */
import type { ChargeRequest, ChargeResult, IdempotencyLedger } from '../../connectors/index.ts';
import type { Db } from '../../db/index.ts';
import type { RecoveryCasesTable } from '../../db/tables.ts';
import type { Restriction } from '../../policy/index.ts';

export const CASE_STATUSES = ['open', 'recovered', 'written_off', 'unrecovered'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const RECOVERED_BY = ['automatic_retry', 'manual_retry', 'card_update', 'outside_payment'] as const;
export type RecoveredBy = (typeof RECOVERED_BY)[number];

export interface RecoveryCase {
  invoiceId: string;
  customerId: string;
  runId: string;
  amountCents: number;
  currency: string;
  failedAt: number;
  declineCode: string;
  declineType: 'soft' | 'hard';
  disputed: boolean;
  status: CaseStatus;
  restriction: Restriction;
  restrictedSince: number | null;
  /** Charge attempts so far, the failed first charge included. */
  attempts: number;
  escalations: number;
  lastMessage: string | null;
  recoveredAt: number | null;
  recoveredAttempt: number | null;
  recoveredBy: RecoveredBy | null;
  /** The last message the customer received before paying (null: paid before any message). */
  messageBeforeRecovery: string | null;
  closedAt: number | null;
  updatedAt: number;
}

export interface RecoveryMessage {
  invoiceId: string;
  day: number;
  channel: 'email' | 'sms' | 'slack';
  template: string;
  status: 'sent' | 'not_sent';
  detail: string | null;
  sentAt: number;
}

export type CasePatch = Partial<Omit<RecoveryCase, 'invoiceId' | 'customerId' | 'runId' | 'failedAt' | 'updatedAt'>>;

function fromRow(r: RecoveryCasesTable): RecoveryCase {
  const num = (v: number | null): number | null => (v === null ? null : Number(v));
  return {
    invoiceId: r.invoice_id,
    customerId: r.customer_id,
    runId: r.run_id,
    amountCents: Number(r.amount_cents),
    currency: r.currency,
    failedAt: Number(r.failed_at),
    declineCode: r.decline_code,
    declineType: r.decline_type as 'soft' | 'hard',
    disputed: Number(r.disputed) === 1,
    status: r.status as CaseStatus,
    restriction: r.restriction as Restriction,
    restrictedSince: num(r.restricted_since),
    attempts: Number(r.attempts),
    escalations: Number(r.escalations),
    lastMessage: r.last_message,
    recoveredAt: num(r.recovered_at),
    recoveredAttempt: num(r.recovered_attempt),
    recoveredBy: r.recovered_by as RecoveredBy | null,
    messageBeforeRecovery: r.message_before_recovery,
    closedAt: num(r.closed_at),
    updatedAt: Number(r.updated_at),
  };
}

const PATCH_COLUMNS: Record<keyof CasePatch, keyof RecoveryCasesTable> = {
  amountCents: 'amount_cents',
  currency: 'currency',
  declineCode: 'decline_code',
  declineType: 'decline_type',
  disputed: 'disputed',
  status: 'status',
  restriction: 'restriction',
  restrictedSince: 'restricted_since',
  attempts: 'attempts',
  escalations: 'escalations',
  lastMessage: 'last_message',
  recoveredAt: 'recovered_at',
  recoveredAttempt: 'recovered_attempt',
  recoveredBy: 'recovered_by',
  messageBeforeRecovery: 'message_before_recovery',
  closedAt: 'closed_at',
};

export class BillingRecords {
  constructor(private readonly ddb: Db) {}

  private get db() {
    return this.ddb.kysely;
  }

  async paymentMethodOf(customerId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('billing_accounts')
      .select('payment_method')
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    return row?.payment_method ?? null;
  }

  async setPaymentMethods(
    entries: readonly { customerId: string; paymentMethod: string }[],
    now: number,
  ): Promise<void> {
    for (let i = 0; i < entries.length; i += 500) {
      const values = entries
        .slice(i, i + 500)
        .map((e) => ({ customer_id: e.customerId, payment_method: e.paymentMethod, updated_at: now }));
      await this.db
        .insertInto('billing_accounts')
        .values(values)
        .onConflict((oc) =>
          oc.column('customer_id').doUpdateSet((eb) => ({
            payment_method: eb.ref('excluded.payment_method'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
  }

  /** Opens the case unless it exists; returns the stored case either way. */
  async openCase(c: Omit<RecoveryCase, 'updatedAt'>, now: number): Promise<RecoveryCase> {
    await this.db
      .insertInto('recovery_cases')
      .values({
        invoice_id: c.invoiceId,
        customer_id: c.customerId,
        run_id: c.runId,
        amount_cents: c.amountCents,
        currency: c.currency,
        failed_at: c.failedAt,
        decline_code: c.declineCode,
        decline_type: c.declineType,
        disputed: c.disputed ? 1 : 0,
        status: c.status,
        restriction: c.restriction,
        restricted_since: c.restrictedSince,
        attempts: c.attempts,
        escalations: c.escalations,
        last_message: c.lastMessage,
        recovered_at: c.recoveredAt,
        recovered_attempt: c.recoveredAttempt,
        recovered_by: c.recoveredBy,
        message_before_recovery: c.messageBeforeRecovery,
        closed_at: c.closedAt,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('invoice_id').doNothing())
      .execute();
    return (await this.getCase(c.invoiceId))!;
  }

  async updateCase(invoiceId: string, patch: CasePatch, now: number): Promise<void> {
    const set: Record<string, unknown> = { updated_at: now };
    for (const [key, value] of Object.entries(patch) as [keyof CasePatch, unknown][]) {
      if (value === undefined) continue;
      set[PATCH_COLUMNS[key]] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    await this.db.updateTable('recovery_cases').set(set).where('invoice_id', '=', invoiceId).execute();
  }

  async getCase(invoiceId: string): Promise<RecoveryCase | null> {
    const row = await this.db
      .selectFrom('recovery_cases')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async listCases(
    filter: { customerId?: string; status?: CaseStatus; since?: number; limit?: number } = {},
  ): Promise<RecoveryCase[]> {
    const rows = await this.db
      .selectFrom('recovery_cases')
      .selectAll()
      .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.since !== undefined, (q) => q.where('failed_at', '>=', filter.since!))
      .orderBy('failed_at', 'desc')
      .orderBy('invoice_id')
      .$if(filter.limit !== undefined, (q) => q.limit(filter.limit!))
      .execute();
    return rows.map(fromRow);
  }

  /** Records a message once per invoice, day and channel (a re-run step finds it already there). */
  async recordMessage(m: RecoveryMessage): Promise<void> {
    await this.db
      .insertInto('recovery_messages')
      .values({
        invoice_id: m.invoiceId,
        day: m.day,
        channel: m.channel,
        template: m.template,
        status: m.status,
        detail: m.detail,
        sent_at: m.sentAt,
      })
      .onConflict((oc) => oc.columns(['invoice_id', 'day', 'channel']).doNothing())
      .execute();
  }

  async messages(invoiceId: string): Promise<RecoveryMessage[]> {
    const rows = await this.db
      .selectFrom('recovery_messages')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .orderBy('day')
      .orderBy('channel')
      .execute();
    return rows.map((r) => ({
      invoiceId: r.invoice_id,
      day: Number(r.day),
      channel: r.channel as RecoveryMessage['channel'],
      template: r.template,
      status: r.status as RecoveryMessage['status'],
      detail: r.detail,
      sentAt: Number(r.sent_at),
    }));
  }

  /** The sandbox's charges for one invoice, oldest first: what the "bank" saw, duplicates impossible by key. */
  async sandboxCharges(
    invoiceId: string,
  ): Promise<{ key: string; paymentMethod: string; amountCents: number; result: ChargeResult }[]> {
    const rows = await this.db
      .selectFrom('sandbox_charges')
      .selectAll()
      .where('invoice_id', '=', invoiceId)
      .orderBy('created_at')
      .orderBy('idempotency_key')
      .execute();
    return rows.map((r) => ({
      key: r.idempotency_key,
      paymentMethod: r.payment_method,
      amountCents: Number(r.amount_cents),
      result: JSON.parse(r.result) as ChargeResult,
    }));
  }

  /** A durable idempotency ledger for the sandbox gateway: one charge per key across processes and restarts. */
  ledger(now: () => number): IdempotencyLedger {
    return {
      get: async (key) => {
        const row = await this.db
          .selectFrom('sandbox_charges')
          .select('result')
          .where('idempotency_key', '=', key)
          .executeTakeFirst();
        return row ? (JSON.parse(row.result) as ChargeResult) : undefined;
      },
      put: async (key: string, request: ChargeRequest, result: ChargeResult) => {
        await this.db
          .insertInto('sandbox_charges')
          .values({
            idempotency_key: key,
            customer_id: request.customerId,
            invoice_id: request.invoiceId,
            amount_cents: request.amountCents,
            payment_method: request.paymentMethod,
            result: JSON.stringify(result),
            created_at: now(),
          })
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .execute();
      },
    };
  }
}
