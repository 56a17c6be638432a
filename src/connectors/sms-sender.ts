/**
 * Text messages to customers, through a provider (`twilio-sms.ts`). Without one, the customer
 * messenger captures an SMS in the local outbox instead (src/outbox). A provider's failure is an
 * `SmsError` whose `retryable` says whether another attempt of the sending step can help.
 */
import { PsiZeroError, type ErrorKind } from '../lib/errors.ts';

export interface SmsSender {
  /** Who sends, for start-up and logs, e.g. `Twilio (from +14155550100)`. */
  readonly description: string;
  send(message: { to: string; text: string; idempotencyKey: string }): Promise<{ id: string }>;
}

export const SMS_ERROR_CODES = [
  /** The provider could not be reached, timed out, or answered with a server error (5xx). */
  'SMS_UNAVAILABLE',
  /** The provider answered 429: too many requests for now; `details.retryAfterMs` when it said. */
  'SMS_RATE_LIMITED',
  /** The provider refused the configured credentials (401/403). */
  'SMS_AUTH_FAILED',
  /** The provider refused this message for good (4xx: an invalid or unreachable number, ...). */
  'SMS_REJECTED',
] as const;

export type SmsErrorCode = (typeof SMS_ERROR_CODES)[number];

const SMS_ERROR_KIND: Readonly<Record<SmsErrorCode, ErrorKind>> = {
  SMS_UNAVAILABLE: 'unavailable',
  SMS_RATE_LIMITED: 'rate_limited',
  SMS_AUTH_FAILED: 'internal',
  SMS_REJECTED: 'invalid',
};

export class SmsError extends PsiZeroError {
  declare readonly code: SmsErrorCode;

  constructor(code: SmsErrorCode, message: string, options: { retryable: boolean; details?: unknown }) {
    super(code, message, { kind: SMS_ERROR_KIND[code], retryable: options.retryable, details: options.details });
  }
}
