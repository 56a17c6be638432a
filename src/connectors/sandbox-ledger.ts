/**
 * The sandbox gateway's idempotency ledger: like Stripe, a key charges once and answers the first
 * result to every repeat. The durable one keeps the ledger in the `sandbox_charges` table of the
 * database PsiZero already runs on, so a key charges once across processes and restarts; the
 * in-memory one serves unit tests and single-process tools.
 */
import type { Kysely } from 'kysely';
import type { ChargeRequest, ChargeResult } from './payment-gateway.ts';
import type { SandboxChargesTable } from '../db/tables.ts';

export interface IdempotencyLedger {
  get(key: string): Promise<ChargeResult | undefined>;
  put(key: string, request: ChargeRequest, result: ChargeResult): Promise<void>;
}

export function memoryLedger(): IdempotencyLedger & { size(): number } {
  const results = new Map<string, ChargeResult>();
  return {
    get: async (key) => results.get(key),
    put: async (key, _request, result) => void results.set(key, result),
    size: () => results.size,
  };
}

/** Any Kysely database that has the ledger's table (the domain's, in the app). */
export type LedgerDatabase = Pick<Kysely<{ sandbox_charges: SandboxChargesTable }>, 'selectFrom' | 'insertInto'>;

/** One charge as the sandbox "bank" saw it. */
export interface SandboxCharge {
  key: string;
  paymentMethod: string;
  amountCents: number;
  result: ChargeResult;
}

export class DurableSandboxLedger implements IdempotencyLedger {
  constructor(
    private readonly database: LedgerDatabase,
    private readonly now: () => number,
  ) {}

  async get(key: string): Promise<ChargeResult | undefined> {
    const row = await this.database
      .selectFrom('sandbox_charges')
      .select('result')
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? (JSON.parse(row.result) as ChargeResult) : undefined;
  }

  async put(key: string, request: ChargeRequest, result: ChargeResult): Promise<void> {
    await this.database
      .insertInto('sandbox_charges')
      .values({
        idempotency_key: key,
        customer_id: request.customerId,
        invoice_id: request.invoiceId,
        amount_cents: request.amountCents,
        payment_method: request.paymentMethod,
        result: JSON.stringify(result),
        created_at: this.now(),
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
  }

  /** The charges made for one invoice, oldest first: duplicates are impossible by key. */
  async chargesFor(invoiceId: string): Promise<SandboxCharge[]> {
    const rows = await this.database
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
}
