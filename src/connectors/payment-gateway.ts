/**
 * The payment gateway the billing workflows charge through. Adapters: a deterministic sandbox for
 * the embedded default and the simulator, and Stripe. Every charge carries the idempotency key of
 * the engine step that makes it, so a retried or replayed step never charges twice.
 */
export interface ChargeRequest {
  customerId: string;
  invoiceId: string;
  amountCents: number;
  currency: string;
  /** The customer's payment method (a Stripe `pm_...` id, or a sandbox test method). */
  paymentMethod: string;
  idempotencyKey: string;
  description?: string;
}

export type ChargeResult =
  | { status: 'succeeded'; chargeId: string; amountCents: number; disputed: boolean }
  | {
      status: 'declined';
      chargeId: string | null;
      /** Stripe decline code, e.g. insufficient_funds, stolen_card. */
      declineCode: string;
      /** Stripe's own retry signal when the issuer sent one (try_again_later, do_not_try_again, confirm_card_data). */
      adviceCode: string | null;
      message: string;
    };

export interface PaymentGateway {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

/** What a charge comes back with when the customer has no card on file: a decline asking for card data, without calling the gateway. */
export const NO_PAYMENT_METHOD: ChargeResult = {
  status: 'declined',
  chargeId: null,
  declineCode: 'no_payment_method',
  adviceCode: 'confirm_card_data',
  message: 'no payment method on file',
};
