/**
 * What each billing workflow is handed: domain commands and reads, the payment gateway, the
 * customer messenger, the policy gate, and a way to start runs. Narrow on purpose, so a workflow's
 * signature says what it can touch; the app builds them (src/app/create-billing.ts).
 */
import type { GateDeps } from '../../approvals/index.ts';
import type { PaymentGateway } from '../../connectors/index.ts';
import type { BillingCommands, BillingQueries } from '../../domain/billing/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { CustomerMessenger } from './customer-messenger.ts';

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

export interface CycleDeps {
  billing: Pick<BillingCommands, 'issueCycleInvoice' | 'recordCharge'>;
  records: Pick<BillingQueries, 'paymentMethodOf'>;
  gateway: PaymentGateway;
  messenger: CustomerMessenger;
  runs: RunStarter;
  settings: Pick<BillingSettings, 'supportContact' | 'defaultPaymentMethod'>;
  clock: Clock;
  /** Every charge passes the gate as a Level 1 action (invoice processing) and is audited. */
  gate: GateDeps;
}

export interface DailyDeps {
  records: Pick<BillingQueries, 'customersBilledOn'>;
  runs: RunStarter;
}

export interface RecoveryDeps {
  billing: Pick<
    BillingCommands,
    | 'openCase'
    | 'recordCharge'
    | 'recordEscalation'
    | 'restrictAccess'
    | 'liftRestriction'
    | 'closeCase'
    | 'recordMessage'
    | 'recordDecision'
  >;
  records: Pick<BillingQueries, 'requireCustomer' | 'requireInvoice' | 'isInvoicePaid' | 'paymentMethodOf' | 'getCase'>;
  gateway: PaymentGateway;
  messenger: CustomerMessenger;
  /** The policy gate: escalations to a person go through it. The policy itself is read once, when the case opens. */
  gate: GateDeps;
  settings: Pick<BillingSettings, 'paymentMethodUrl' | 'supportContact'>;
}

export interface OutsidePaymentDeps {
  records: Pick<BillingQueries, 'getCase'>;
}

export interface DisputeDeps {
  billing: Pick<BillingCommands, 'recordDispute'>;
  records: Pick<BillingQueries, 'getCase' | 'requireCustomer' | 'requireInvoice' | 'chargesOf' | 'paymentMethodOf'>;
  runs: RunStarter;
  /** The dispute is audited (`charge_disputed`). */
  gate: Pick<GateDeps, 'audit' | 'clock'>;
}

export interface RecoveredNoticeDeps {
  records: Pick<BillingQueries, 'getCase' | 'requireCustomer' | 'requireInvoice'>;
  /** The deciders are read from the case's approvals and told through the gate's notifier (dashboard and their channels). */
  gate: Pick<GateDeps, 'approvals' | 'notifier' | 'audit' | 'clock' | 'policy'>;
}

/** Where the customer updates their card. */
export function paymentMethodUrlFor(settings: Pick<BillingSettings, 'paymentMethodUrl'>, customerId: string): string {
  return settings.paymentMethodUrl.replaceAll('{customerId}', encodeURIComponent(customerId));
}
