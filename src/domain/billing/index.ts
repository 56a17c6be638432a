/**
 * Billing's business data and commands: cards on file, cycle invoices, charges, payment-recovery
 * cases and their messages, the customer's standing while an invoice is unpaid, and the reads the
 * API, the dashboard and the metrics need. The billing workflows orchestrate these; they never
 * touch a table themselves.
 */
import type { Db } from '../../db/index.ts';
import type { IngestionService } from '../ingestion/service.ts';
import type { OutboxRelay } from '../outbox.ts';
import type { DomainQueries } from '../repo/queries.ts';
import { BillingCommands } from './billing-commands.ts';
import { BillingQueries } from './billing-queries.ts';

export { BillingCommands, type BillingCommandsDeps } from './billing-commands.ts';
export type { ChargeAttempt, RecoveryCharge } from './charge-record.ts';
export type { CycleInvoiceOutcome, IssuedInvoice } from './cycle-invoice.ts';
export {
  BILLABLE_STATUSES,
  BillingQueries,
  billingAnchorOf,
  type CaseFilter,
  type FailureToAdopt,
} from './billing-queries.ts';
export { RECOVERY_NEWS_TOPIC, type RecoveryNews } from './billing-events.ts';
export { paymentOfGatewayCharge } from './gateway-charges.ts';
export { BillingRecordMissingError, ChargeRecordRefusedError, InvoiceRefusedError } from './errors.ts';
export {
  computeCycleInvoice,
  isBillingDay,
  nextMonthDay,
  previousBillingDay,
  type CycleCustomer,
  type ComputedInvoice,
} from './invoice-calc.ts';
export {
  CASE_STATUSES,
  DECISION_OUTCOMES,
  RECOVERED_BY,
  RESTRICTIONS,
  messageDelivered,
  type CaseDecision,
  type CaseOutcome,
  type DecisionOutcome,
  type MessageStatus,
  type CaseStatus,
  type MessageChannel,
  type NewRecoveryCase,
  type RecoveredBy,
  type RecoveryCase,
  type RecoveryMessage,
  type Restriction,
} from './recovery-case.ts';
export {
  entitlementOf,
  recoveryMetrics,
  type Entitlement,
  type FunnelStage,
  type MoneyByStatus,
  type RecoveryMetrics,
} from './recovery-metrics.ts';

export interface BillingDomain {
  queries: BillingQueries;
  commands: BillingCommands;
}

export interface BillingDomainOptions {
  database: Db;
  ingest: IngestionService;
  relay: OutboxRelay;
  domainQueries: DomainQueries;
  now: () => number;
}

export function openBillingDomain(options: BillingDomainOptions): BillingDomain {
  const queries = new BillingQueries(options.database, options.domainQueries);
  const commands = new BillingCommands({
    database: options.database,
    ingest: options.ingest,
    relay: options.relay,
    queries,
    now: options.now,
  });
  return { queries, commands };
}
