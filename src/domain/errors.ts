/**
 * Domain errors on the project's one hierarchy, with stable codes.
 */
import { PsiZeroError, ValidationError, type FieldIssue } from '../lib/errors.ts';

/** The entity name in a path or command (`psizero import <entity>`) is not one we ingest. */
export class UnknownEntityError extends ValidationError {
  override readonly code = 'UNKNOWN_ENTITY';
  constructor(entity: string, known: readonly string[]) {
    super('unknown entity', [{ path: 'entity', message: `'${entity}' is not one of ${known.join(', ')}` }]);
  }
}

/** A CSV file whose header cannot be mapped onto the entity: nothing is imported. */
export class CsvHeaderError extends ValidationError {
  override readonly code = 'CSV_HEADER_INVALID';
  constructor(issues: FieldIssue[]) {
    super('CSV header does not match the entity', issues);
  }
}

/** The file could not be read or parsed as CSV at all (not a per-row problem). */
export class CsvFormatError extends PsiZeroError {
  constructor(message: string, cause?: unknown) {
    super('CSV_FORMAT_INVALID', message, { kind: 'invalid', retryable: false, cause });
  }
}

/**
 * A Stripe webhook whose `Stripe-Signature` does not verify (wrong secret, tampered body, missing
 * header) or whose timestamp is outside the tolerance. Nothing was stored; the API answers 400.
 */
export class StripeSignatureError extends ValidationError {
  override readonly code = 'STRIPE_SIGNATURE_INVALID';
  constructor(reason: string) {
    super('Stripe webhook signature rejected', [{ path: 'Stripe-Signature', message: reason }]);
  }
}

/**
 * A correctly signed Stripe event that cannot be mapped into the model (malformed body, unknown
 * customer, invalid amounts). Nothing was stored, so Stripe's redelivery can succeed once the
 * missing data (e.g. the customer) has arrived. The API answers 400.
 */
export class StripeEventRejectedError extends ValidationError {
  override readonly code = 'STRIPE_EVENT_REJECTED';
  readonly eventId: string | null;
  constructor(eventId: string | null, issues: FieldIssue[]) {
    super(`Stripe event ${eventId ?? '(no id)'} cannot be applied`, issues);
    this.eventId = eventId;
  }
}
