export { NO_PAYMENT_METHOD, type ChargeRequest, type ChargeResult, type PaymentGateway } from './payment-gateway.ts';
export { SandboxGateway, SANDBOX_PAYMENT_METHODS, sandboxMethodFor } from './sandbox-gateway.ts';
export {
  DurableSandboxLedger,
  memoryLedger,
  type IdempotencyLedger,
  type LedgerDatabase,
  type SandboxCharge,
} from './sandbox-ledger.ts';
export { SMS_ERROR_CODES, SmsError, type SmsErrorCode, type SmsSender } from './sms-sender.ts';
export { StripeGateway, type StripeGatewayOptions } from './stripe-gateway.ts';
export { DEFAULT_TWILIO_API_BASE, TwilioSmsSender, type TwilioSmsOptions } from './twilio-sms.ts';
