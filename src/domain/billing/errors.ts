/**
 * Billing's errors on the project's one hierarchy. A billing step that meets one of these cannot
 * succeed by trying again: the data it needs is missing or was refused.
 */
import { NotFoundError, PsiZeroError, ValidationError, type FieldIssue } from '../../lib/errors.ts';

/** A customer, invoice or recovery case a billing step acts on does not exist. */
export class BillingRecordMissingError extends NotFoundError {
  constructor(what: 'customer' | 'invoice' | 'recovery case', id: string) {
    super(what, id, 'BILLING_DATA_MISSING');
  }
}

/** The invoice a billing cycle computed did not pass the invoice schema (a plan or price the model refuses). */
export class InvoiceRefusedError extends ValidationError {
  constructor(invoiceId: string, issues: FieldIssue[]) {
    super(`invoice ${invoiceId} refused`, issues, 'INVOICE_REFUSED');
  }
}

/** The domain refused a charge's payment record: a broken invariant, since the step checked customer and invoice first. */
export class ChargeRecordRefusedError extends PsiZeroError {
  constructor(paymentId: string, issues: FieldIssue[]) {
    super('CHARGE_RECORD_REFUSED', `payment ${paymentId} refused: ${JSON.stringify(issues)}`, {
      kind: 'internal',
      retryable: false,
      details: { issues },
    });
  }
}
