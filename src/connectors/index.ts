export type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway.ts';
export {
  SandboxGateway,
  SANDBOX_PAYMENT_METHODS,
  memoryLedger,
  sandboxMethodFor,
  type IdempotencyLedger,
} from './sandbox-gateway.ts';
export { StripeGateway, type StripeGatewayOptions } from './stripe-gateway.ts';
