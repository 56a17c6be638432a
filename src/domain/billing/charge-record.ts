/**
 * A charge as the domain records it: one payment attempt per invoice and attempt number, in the
 * shape ingestion validates (Stripe-like decline and advice codes only).
 */
import type { ChargeResult } from '../../connectors/index.ts';
import { ADVICE_CODES, type PaymentAttemptInput } from '../model/index.ts';
import type { RecoveredBy } from './recovery-case.ts';

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

export const paymentIdOf = (charge: ChargeAttempt): string => `pay_${charge.invoiceId}_${charge.attempt}`;

export function paymentRecord(charge: ChargeAttempt): PaymentAttemptInput {
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
