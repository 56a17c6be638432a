/**
 * What the billing workflows need from the rest of PsiZero, and the record-keeping they share:
 * writing a charge's outcome to the domain (payment attempt, invoice, customer status), which is
 * what publishes `invoice.paid` and the payment events.
 */
import type { GateDeps } from '../../approvals/index.ts';
import type { ChargeResult, PaymentGateway } from '../../connectors/index.ts';
import {
  ADVICE_CODES,
  type Customer,
  type CustomerStatus,
  type Domain,
  type Invoice,
  type InvoiceInput,
} from '../../domain/index.ts';
import { PsiZeroError } from '../../lib/errors.ts';
import type { BillingRecords } from './billing-records.ts';
import type { CustomerChannels } from './customer-messages.ts';

export interface RunStarter {
  startMany(
    items: { workflow: string; input: unknown; idempotencyKey?: string }[],
  ): Promise<{ id: string; created: boolean }[]>;
}

export interface BillingSettings {
  /** Where customers update their card; `{customerId}` is replaced. */
  paymentMethodUrl: string;
  supportContact: string;
  /** Used when a customer has no payment method on file (the sandbox's always-succeeding card in the demo). */
  defaultPaymentMethod: string | null;
}

export interface BillingDeps {
  domain: Domain;
  records: BillingRecords;
  gateway: PaymentGateway;
  channels: CustomerChannels;
  gate: GateDeps;
  runs: RunStarter;
  settings: BillingSettings;
}

/**
 * News a waiting recovery run acts on at once: a new card (charge it now) or its invoice paid
 * outside the run (close the case, restore access).
 */
export const RECOVERY_NEWS_TOPIC = 'billing.recovery_news';
export type RecoveryNews =
  | { kind: 'payment_method_updated'; customerId: string; paymentMethod: string }
  | { kind: 'invoice_paid'; customerId: string; invoiceId: string };

export class BillingDataError extends PsiZeroError {
  constructor(message: string) {
    super('BILLING_DATA_MISSING', message, { kind: 'not_found', retryable: false });
  }
}

export async function requireCustomer(deps: BillingDeps, id: string): Promise<Customer> {
  const customer = await deps.domain.queries.getCustomer(id);
  if (customer === null) throw new BillingDataError(`customer ${id} does not exist`);
  return customer;
}

export async function requireInvoice(deps: BillingDeps, id: string): Promise<Invoice> {
  const invoice = await deps.domain.queries.getInvoice(id);
  if (invoice === null) throw new BillingDataError(`invoice ${id} does not exist`);
  return invoice;
}

export function paymentMethodUrl(deps: BillingDeps, customerId: string): string {
  return deps.settings.paymentMethodUrl.replaceAll('{customerId}', encodeURIComponent(customerId));
}

function invoiceInput(i: Invoice, status: InvoiceInput['status']): InvoiceInput {
  return {
    id: i.id,
    customerId: i.customerId,
    number: i.number,
    currency: i.currency,
    status,
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    issuedOn: i.issuedOn,
    dueOn: i.dueOn,
    lines: i.lines,
    amountPaidCents: i.amountPaidCents,
    paidAt: i.paidAt,
  };
}

async function ingestOne(
  deps: BillingDeps,
  entity: 'customers' | 'invoices' | 'payments',
  record: unknown,
): Promise<void> {
  const report = await deps.domain.ingest.ingest(entity, [record]);
  const rejected = report.records.find((r) => r.status === 'rejected');
  if (rejected) throw new BillingDataError(`${entity} record refused: ${JSON.stringify(rejected)}`);
}

/** Paid invoices need no call: recording a succeeded payment settles its invoice (and publishes `invoice.paid`). */
export async function markUncollectible(deps: BillingDeps, invoiceId: string): Promise<void> {
  const invoice = await requireInvoice(deps, invoiceId);
  if (invoice.status === 'uncollectible') return;
  await ingestOne(deps, 'invoices', invoiceInput(invoice, 'uncollectible'));
}

export async function setCustomerStatus(deps: BillingDeps, customerId: string, status: CustomerStatus): Promise<void> {
  const c = await requireCustomer(deps, customerId);
  // Churned or still-trialling accounts keep their lifecycle status; billing only moves paying ones.
  if (c.status === status || c.status === 'churned' || c.status === 'trial' || c.status === 'trial_expired') return;
  await ingestOne(deps, 'customers', {
    id: c.id,
    name: c.name,
    email: c.email,
    plan: c.plan,
    monthlyPriceCents: c.monthlyPriceCents,
    employeeCount: c.employeeCount,
    developerTeamSize: c.developerTeamSize,
    useCase: c.useCase,
    csmId: c.csmId,
    signupDate: c.signupDate,
    status,
    trialEndsOn: c.trialEndsOn,
    stripeCustomerId: c.stripeCustomerId,
  });
}

/** What a charge comes back with when the customer has no card on file: a decline asking for card data. */
export const NO_PAYMENT_METHOD: ChargeResult = {
  status: 'declined',
  chargeId: null,
  declineCode: 'no_payment_method',
  adviceCode: 'confirm_card_data',
  message: 'no payment method on file',
};

/**
 * Records one charge attempt as a payment (id by invoice and attempt number, so a re-run writes it
 * once). A succeeded, undisputed payment settles the invoice in the same domain write.
 */
export async function recordPayment(
  deps: BillingDeps,
  at: { invoiceId: string; customerId: string; amountCents: number; currency: string; attempt: number; when: number },
  result: ChargeResult,
): Promise<void> {
  const base = {
    id: `pay_${at.invoiceId}_${at.attempt}`,
    invoiceId: at.invoiceId,
    customerId: at.customerId,
    attemptedAt: at.when,
    amountCents: at.amountCents,
    currency: at.currency,
    attemptNumber: at.attempt,
  };
  const record =
    result.status === 'succeeded'
      ? { ...base, status: 'succeeded', disputed: result.disputed }
      : {
          ...base,
          status: 'failed',
          declineCode: /^[a-z][a-z0-9_]*$/.test(result.declineCode) ? result.declineCode : 'card_declined',
          adviceCode: ADVICE_CODES.find((c) => c === result.adviceCode) ?? null,
          failureMessage: result.message.slice(0, 1000),
        };
  await ingestOne(deps, 'payments', record);
}
