import { createHash } from 'node:crypto';
import type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway.ts';
import { memoryLedger, type IdempotencyLedger } from './sandbox-ledger.ts';

interface Outcome {
  declineCode?: string;
  adviceCode?: string;
  message?: string;
  disputed?: boolean;
}

/**
 * Outcomes by payment method, named like Stripe's test payment methods so that the demo and the
 * simulator read the same way as a Stripe test account.
 */
export const SANDBOX_PAYMENT_METHODS: Readonly<Record<string, Outcome>> = Object.freeze({
  pm_card_visa: {},
  pm_card_mastercard: {},
  pm_card_amex: {},
  pm_card_createDispute: { disputed: true },
  pm_card_chargeDeclinedInsufficientFunds: {
    declineCode: 'insufficient_funds',
    adviceCode: 'try_again_later',
    message: 'Your card has insufficient funds.',
  },
  pm_card_chargeDeclinedTryAgainLater: {
    declineCode: 'try_again_later',
    adviceCode: 'try_again_later',
    message: 'Your card was declined. Try again later.',
  },
  pm_card_chargeDeclinedProcessingError: {
    declineCode: 'processing_error',
    message: 'An error occurred while processing your card.',
  },
  pm_card_chargeDeclined: { declineCode: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedExpiredCard: {
    declineCode: 'expired_card',
    adviceCode: 'confirm_card_data',
    message: 'Your card has expired.',
  },
  pm_card_chargeDeclinedIncorrectNumber: {
    declineCode: 'incorrect_number',
    adviceCode: 'confirm_card_data',
    message: 'Your card number is incorrect.',
  },
  pm_card_chargeDeclinedStolenCard: {
    declineCode: 'stolen_card',
    adviceCode: 'do_not_try_again',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedLostCard: {
    declineCode: 'lost_card',
    adviceCode: 'do_not_try_again',
    message: 'Your card was declined.',
  },
  pm_card_chargeDeclinedFraudulent: {
    declineCode: 'fraudulent',
    adviceCode: 'do_not_try_again',
    message: 'Your card was declined.',
  },
});

export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  /** Requests that reached the gateway, including ones answered from the idempotency ledger. */
  readonly requests: ChargeRequest[] = [];

  constructor(private readonly ledger: IdempotencyLedger = memoryLedger()) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.requests.push(request);
    const known = await this.ledger.get(request.idempotencyKey);
    if (known) return known;
    const outcome = SANDBOX_PAYMENT_METHODS[request.paymentMethod];
    const id = `ch_sbx_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}`;
    const result: ChargeResult = !outcome
      ? {
          status: 'declined',
          chargeId: null,
          declineCode: 'invalid_payment_method',
          adviceCode: 'confirm_card_data',
          message: `unknown sandbox payment method '${request.paymentMethod}'`,
        }
      : outcome.declineCode
        ? {
            status: 'declined',
            chargeId: id,
            declineCode: outcome.declineCode,
            adviceCode: outcome.adviceCode ?? null,
            message: outcome.message ?? 'declined',
          }
        : { status: 'succeeded', chargeId: id, amountCents: request.amountCents, disputed: outcome.disputed ?? false };
    await this.ledger.put(request.idempotencyKey, request, result);
    return result;
  }
}

/** The sandbox test method that declines with `declineCode` (for replaying a recorded failure), or the generic decline. */
export function sandboxMethodFor(declineCode: string): string {
  const found = Object.entries(SANDBOX_PAYMENT_METHODS).find(([, outcome]) => outcome.declineCode === declineCode);
  if (found) return found[0];
  if (declineCode === 'issuer_not_available') return 'pm_card_chargeDeclinedTryAgainLater';
  return 'pm_card_chargeDeclined';
}
