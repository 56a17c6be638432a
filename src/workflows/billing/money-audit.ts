/**
 * The audit log's report of money that moves (the seed's Level 1 "execute and report"): every
 * charge and what the gateway answered, disputes, card updates, write-offs, restrictions and
 * restorations, each with the customer's name, the invoice number and the amount.
 *
 * Written from inside the durable step that makes the change, before the domain command that
 * makes it: the entry's key makes a step that runs again after a crash append nothing twice, and
 * whether an entry is due is read from the case before the change, so a step re-run after the
 * change finds nothing left to report rather than reporting it twice or not at all.
 */
import type { AuditData, AuditRepository, MoneySubject, NewAuditEntry } from '../../audit/index.ts';
import type { ChargeResult } from '../../connectors/index.ts';
import type { RecoveredBy } from '../../domain/billing/index.ts';
import { declineOf } from './recovery-state.ts';

type MoneyKind =
  | 'charge_attempted'
  | 'charge_disputed'
  | 'card_updated'
  | 'invoice_written_off'
  | 'access_restricted'
  | 'access_restored';

/** One entry to append, with the key that makes appending it again a no-op. */
export type MoneyItem = { [K in MoneyKind]: { kind: K; data: AuditData[K]; key: string } }[MoneyKind];

/** Where the money moved from: the run, and the approval and action when a person's decision moved it. */
export interface MoneyOrigin {
  runId: string | null;
  approvalId?: string | null;
  actionId?: string | null;
  /** How it reached PsiZero: `system` for workflow steps, `api` for a card update. */
  channel?: string;
}

export interface MoneyFacts {
  customerId: string;
  customerName: string;
  invoiceId: string;
  invoiceNumber: string | null;
  amountCents: number;
  currency: string;
}

export function subjectOf(facts: MoneyFacts): MoneySubject {
  return {
    customer: { id: facts.customerId, name: facts.customerName },
    invoice: { id: facts.invoiceId, number: facts.invoiceNumber },
    amountCents: facts.amountCents,
    currency: facts.currency,
  };
}

export async function appendMoney(
  audit: Pick<AuditRepository, 'append'>,
  origin: MoneyOrigin,
  at: number,
  items: readonly MoneyItem[],
): Promise<void> {
  if (items.length === 0) return;
  const entries = items.map(({ key, ...item }): NewAuditEntry => ({
    ...item,
    at,
    actor: 'system',
    channel: origin.channel ?? 'system',
    runId: origin.runId,
    approvalId: origin.approvalId ?? null,
    actionId: origin.actionId ?? null,
    key,
  }));
  await audit.append(entries);
}

/** A charge and its result, keyed by invoice and attempt (one payment attempt, one entry). */
export function chargeItem(
  facts: MoneyFacts,
  attempt: number,
  by: RecoveredBy | 'billing_cycle',
  result: ChargeResult,
): MoneyItem {
  const decline = declineOf(result);
  const outcome =
    result.status === 'succeeded'
      ? result.disputed
        ? 'disputed'
        : 'paid'
      : result.chargeId === null && result.declineCode === 'no_payment_method'
        ? 'not_charged'
        : 'declined';
  return {
    kind: 'charge_attempted',
    key: `money:${facts.invoiceId}:charge:${attempt}`,
    data: {
      ...subjectOf(facts),
      attempt,
      by,
      outcome,
      chargeId: result.chargeId,
      ...(result.status === 'declined' &&
        decline !== null && { declineCode: result.declineCode, declineType: decline.type }),
    },
  };
}

/** Full access back for the case's customer (paid, paid elsewhere, written off, or a person lifted the restrictions). */
export function restoredItem(facts: MoneyFacts, key: string, reason: string): MoneyItem {
  return { kind: 'access_restored', key, data: { ...subjectOf(facts), reason } };
}

export function restrictedItem(
  facts: MoneyFacts,
  key: string,
  restriction: 'rate_limited' | 'suspended',
  reason: string,
): MoneyItem {
  return { kind: 'access_restricted', key, data: { ...subjectOf(facts), restriction, reason } };
}

export function writtenOffItem(facts: MoneyFacts, key: string, reason: string): MoneyItem {
  return { kind: 'invoice_written_off', key, data: { ...subjectOf(facts), reason } };
}

/** Why a paid invoice restores access, in words: how it was paid. */
export const PAID_BY_WORDS: Readonly<Record<RecoveredBy, string>> = {
  automatic_retry: 'paid by an automatic retry',
  manual_retry: 'paid by a retry a person chose',
  card_update: "paid with the customer's new card",
  outside_payment: 'paid outside PsiZero',
};
