import Stripe from 'stripe';
import type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway.ts';

export interface StripeGatewayOptions {
  secretKey: string;
  /** Overridable API host, e.g. a local server in tests: `http://127.0.0.1:12111`. */
  apiBase?: string;
  timeoutMs?: number;
}

/**
 * Charges through Stripe's PaymentIntents API, confirmed off-session against the customer's saved
 * payment method. The engine step's idempotency key becomes Stripe's `Idempotency-Key`, so Stripe
 * itself refuses to charge twice for one step. Card declines become results; anything else (network,
 * 5xx, auth) is thrown so the engine retries the step with the same key. The charge comes back
 * expanded, so a charge that is already disputed (Stripe's `charge.disputed`) is reported as such
 * and is not taken for a payment.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(options: StripeGatewayOptions) {
    const base = options.apiBase ? new URL(options.apiBase) : null;
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 0,
      timeout: options.timeoutMs ?? 30_000,
      telemetry: false,
      ...(base
        ? {
            host: base.hostname,
            port: base.port || (base.protocol === 'https:' ? 443 : 80),
            protocol: base.protocol.replace(':', '') as 'http' | 'https',
          }
        : {}),
    });
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amountCents,
          currency: request.currency.toLowerCase(),
          customer: request.customerId,
          payment_method: request.paymentMethod,
          confirm: true,
          off_session: true,
          description: request.description,
          metadata: { invoice_id: request.invoiceId },
          // The charge object itself, for its `disputed` flag.
          expand: ['latest_charge'],
        },
        { idempotencyKey: request.idempotencyKey },
      );
      const charge = typeof intent.latest_charge === 'string' ? null : intent.latest_charge;
      const chargeId = typeof intent.latest_charge === 'string' ? intent.latest_charge : (charge?.id ?? intent.id);
      if (intent.status === 'succeeded')
        return {
          status: 'succeeded',
          chargeId,
          amountCents: intent.amount_received,
          disputed: charge?.disputed ?? false,
        };
      const err = intent.last_payment_error;
      return {
        status: 'declined',
        chargeId,
        declineCode: err?.decline_code ?? err?.code ?? intent.status,
        adviceCode: err?.advice_code ?? null,
        message: err?.message ?? `payment intent ${intent.status}`,
      };
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) {
        return {
          status: 'declined',
          chargeId: err.charge ?? null,
          declineCode: err.decline_code ?? err.code ?? 'card_declined',
          adviceCode: err.advice_code ?? null,
          message: err.message,
        };
      }
      throw err;
    }
  }
}
