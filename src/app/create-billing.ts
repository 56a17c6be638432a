/**
 * Billing, wired: the payment gateway the config names (the sandbox with its durable ledger by
 * default, Stripe with a secret key), the customer messenger (SMTP for email and Twilio for SMS when
 * configured, the local outbox for whatever is not), the domain's billing commands and reads, the
 * four workflows with the deps each needs, the daily schedule, and the services the API and the
 * dashboard call.
 */
import type { GateDeps } from '../approvals/index.ts';
import { SmtpEmailSender } from '../channels/index.ts';
import {
  DurableSandboxLedger,
  SandboxGateway,
  StripeGateway,
  TwilioSmsSender,
  type PaymentGateway,
  type SmsSender,
} from '../connectors/index.ts';
import {
  openBillingDomain,
  type BillingCommands,
  type BillingQueries,
  type Entitlement,
  type RecoveryMetrics,
} from '../domain/billing/index.ts';
import type { Domain } from '../domain/index.ts';
import type { Engine } from '../engine/engine.ts';
import type { AnyWorkflow } from '../engine/workflow.ts';
import type { Logger } from '../lib/logger.ts';
import type { CustomerOutbox } from '../outbox/index.ts';
import {
  DISPUTE_SUBSCRIPTION,
  OUTSIDE_PAYMENT_SUBSCRIPTION,
  RECOVERED_NOTICE_SUBSCRIPTION,
  SenderMessenger,
  adoptRecentFailures,
  billingWorkflows,
  recordCardUpdate,
  type BillingWorkflowDeps,
} from '../workflows/billing/index.ts';
import type { Config } from './config.ts';

export interface Billing {
  /** Cases, messages and cards on file, for the API and the dashboard. */
  records: BillingQueries;
  commands: BillingCommands;
  gateway: PaymentGateway;
  /** The sandbox gateway's charges as the "bank" saw them (empty when another gateway charges). */
  sandboxLedger: DurableSandboxLedger;
  workflows: AnyWorkflow[];
  /** Null when the customer does not exist. */
  entitlement(customerId: string): Promise<Entitlement | null>;
  metrics(filter?: { since?: number }): Promise<RecoveryMetrics>;
  /** Stores the customer's new card (audited) and wakes their recovery runs, which retry at once. */
  updatePaymentMethod(customerId: string, paymentMethod: string): Promise<void>;
  /** Starts recovery runs for open invoices whose charges failed in the last `windowDays` before PsiZero ran; returns how many. */
  adoptRecentFailures(windowDays?: number): Promise<number>;
  close(): void;
}

export interface BillingOptions {
  config: Config['billing'];
  email: Config['email'];
  /** The SMS provider; absent: text messages are captured in the outbox. */
  sms: Config['sms'];
  /** Where messages go whose channel has nothing configured. */
  outbox: CustomerOutbox;
  domain: Domain;
  engine: Pick<Engine, 'startMany' | 'clock'>;
  gate: GateDeps;
  /** Overrides the gateway the config names (tests: a gateway pointed at a local server). */
  gateway?: PaymentGateway;
  logger?: Logger | undefined;
}

export function createBilling(options: BillingOptions): Billing {
  const { config, domain, engine } = options;
  const now = () => engine.clock.now();
  const { queries, commands } = openBillingDomain({
    database: domain.db,
    ingest: domain.ingest,
    relay: domain.relay,
    domainQueries: domain.queries,
    now,
  });
  const sandboxLedger = new DurableSandboxLedger(domain.db.kysely, now);
  const gateway = options.gateway ?? configuredGateway(config, sandboxLedger);
  const email = options.email === undefined ? null : new SmtpEmailSender({ ...options.email, timeoutMs: 15_000 });
  const sms: SmsSender | null = options.sms === undefined ? null : new TwilioSmsSender(options.sms);
  const deps: BillingWorkflowDeps = {
    billing: commands,
    records: queries,
    gateway,
    messenger: new SenderMessenger({ email, sms, outbox: options.outbox }, options.logger),
    gate: options.gate,
    runs: { startMany: (items) => engine.startMany(items) },
    clock: engine.clock,
    settings: {
      paymentMethodUrl: config.paymentMethodUrl,
      supportContact: config.supportContact,
      defaultPaymentMethod: config.gateway === 'sandbox' && options.gateway === undefined ? 'pm_card_visa' : null,
    },
  };
  return {
    records: queries,
    commands,
    gateway,
    sandboxLedger,
    workflows: billingWorkflows(deps),
    entitlement: (customerId) => queries.entitlement(customerId),
    metrics: (filter) => queries.metrics(filter),
    updatePaymentMethod: (customerId, paymentMethod) =>
      recordCardUpdate(
        { billing: commands, records: queries, audit: options.gate.audit, clock: engine.clock },
        customerId,
        paymentMethod,
      ),
    adoptRecentFailures: (windowDays = 14) =>
      adoptRecentFailures({ records: queries, billing: commands, runs: deps.runs }, now(), {
        windowDays,
        sandbox: gateway instanceof SandboxGateway,
      }),
    close() {
      email?.close();
    },
  };
}

function configuredGateway(config: Config['billing'], ledger: DurableSandboxLedger): PaymentGateway {
  if (config.gateway !== 'stripe') return new SandboxGateway(ledger);
  return new StripeGateway({
    secretKey: config.stripeSecretKey!,
    ...(config.stripeApiBase ? { apiBase: config.stripeApiBase } : {}),
  });
}

/**
 * Registers the workflows, the subscriptions (an outside payment tells the recovery run; a dispute
 * opens or joins the invoice's case; a recovered case tells the people who decided on it) and the
 * daily schedule on the app's engine.
 */
export function registerBilling(
  engine: Pick<Engine, 'register' | 'subscribe' | 'schedule'>,
  billing: Billing,
  config: Config['billing'],
): void {
  engine.register(...billing.workflows);
  engine.subscribe(OUTSIDE_PAYMENT_SUBSCRIPTION);
  engine.subscribe(DISPUTE_SUBSCRIPTION);
  engine.subscribe(RECOVERED_NOTICE_SUBSCRIPTION);
  engine.schedule({
    name: 'billing.daily',
    cron: config.cycleCron,
    timezone: config.timezone,
    workflow: 'billing.daily',
    // The billing day is the calendar day in the schedule's zone (en-CA formats as YYYY-MM-DD).
    input: (slot) => ({ day: new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone }).format(slot) }),
  });
}
