/**
 * Billing and payment recovery, wired: the gateway chosen by config (the sandbox with a durable
 * ledger by default, Stripe with a secret key), the workflows, the daily schedule, and the
 * queries the API and dashboard ask (entitlements, recovery metrics).
 */
import type { GateDeps } from '../../approvals/index.ts';
import type { App } from '../../app/create-app.ts';
import type { Config } from '../../app/config.ts';
import { SmtpEmailSender, type EmailSender } from '../../channels/index.ts';
import { SandboxGateway, StripeGateway, type PaymentGateway } from '../../connectors/index.ts';
import type { Domain } from '../../domain/index.ts';
import type { Engine } from '../../engine/engine.ts';
import type { AnyWorkflow } from '../../engine/workflow.ts';
import { adoptRecentFailures } from './adopt-failures.ts';
import { RECOVERY_NEWS_TOPIC, type BillingDeps, type RecoveryNews } from './billing-deps.ts';
import { BillingRecords } from './billing-records.ts';
import { billingCycleWorkflow, billingDailyWorkflow } from './billing-cycle.ts';
import type { SmsSender } from './customer-messages.ts';
import { OUTSIDE_PAYMENT_SUBSCRIPTION, outsidePaymentWorkflow } from './outside-payment.ts';
import { paymentRecoveryWorkflow } from './payment-recovery.ts';
import { entitlementOf, recoveryMetrics, type Entitlement, type RecoveryMetrics } from './recovery-metrics.ts';

export { BillingRecords, type RecoveryCase, type RecoveryMessage } from './billing-records.ts';
export { RECOVERY_NEWS_TOPIC, type RecoveryNews } from './billing-deps.ts';
export { RECOVERY_CHOICES, recommendChoice } from './recovery-choices.ts';
export { recoveryCheckpoints } from './recovery-plan.ts';
export { computeCycleInvoice } from './invoice-calc.ts';
export type { Entitlement, RecoveryMetrics } from './recovery-metrics.ts';
export type { SmsSender } from './customer-messages.ts';
export type { RecoveryInput } from './payment-recovery.ts';

export interface Billing {
  records: BillingRecords;
  gateway: PaymentGateway;
  workflows: AnyWorkflow[];
  /** Null when the customer does not exist. */
  entitlement(customerId: string): Promise<Entitlement | null>;
  metrics(filter?: { since?: number }): Promise<RecoveryMetrics>;
  /** Stores the customer's new card and wakes their recovery runs, which retry at once. */
  updatePaymentMethod(customerId: string, paymentMethod: string): Promise<void>;
  /** Starts recovery runs for open invoices whose charges failed in the last `windowDays` before PsiZero ran; returns how many. */
  adoptRecentFailures(windowDays?: number): Promise<number>;
  close(): void;
}

export interface BillingOptions {
  config: Config['billing'];
  email: Config['email'];
  domain: Domain;
  engine: Pick<Engine, 'startMany' | 'publish' | 'clock'>;
  gate: GateDeps;
  /** Overrides the gateway the config names (tests: a gateway pointed at a local server). */
  gateway?: PaymentGateway;
  sms?: SmsSender | null;
}

export function createBilling(options: BillingOptions): Billing {
  const { config, domain, engine } = options;
  const records = new BillingRecords(domain.db);
  const now = () => engine.clock.now();
  const gateway =
    options.gateway ??
    (config.gateway === 'stripe'
      ? new StripeGateway({
          secretKey: config.stripeSecretKey!,
          ...(config.stripeApiBase ? { apiBase: config.stripeApiBase } : {}),
        })
      : new SandboxGateway(records.ledger(now)));
  const email: EmailSender | null =
    options.email === undefined ? null : new SmtpEmailSender({ ...options.email, timeoutMs: 15_000 });
  const deps: BillingDeps = {
    domain,
    records,
    gateway,
    channels: { email, sms: options.sms ?? null },
    gate: options.gate,
    runs: { startMany: (items) => engine.startMany(items) },
    settings: {
      paymentMethodUrl: config.paymentMethodUrl,
      supportContact: config.supportContact,
      defaultPaymentMethod: config.gateway === 'sandbox' && options.gateway === undefined ? 'pm_card_visa' : null,
    },
  };
  return {
    records,
    gateway,
    workflows: [
      billingCycleWorkflow(deps),
      billingDailyWorkflow(deps),
      paymentRecoveryWorkflow(deps),
      outsidePaymentWorkflow(deps),
    ],
    async entitlement(customerId) {
      if ((await domain.queries.getCustomer(customerId)) === null) return null;
      return entitlementOf(customerId, await records.listCases({ customerId }));
    },
    async metrics(filter = {}) {
      const cases = await records.listCases(filter);
      return recoveryMetrics(cases, await domain.queries.customerStatuses(cases.map((c) => c.customerId)));
    },
    async updatePaymentMethod(customerId, paymentMethod) {
      const at = now();
      await records.setPaymentMethods([{ customerId, paymentMethod }], at);
      const news: RecoveryNews = { kind: 'payment_method_updated', customerId, paymentMethod };
      await engine.publish(RECOVERY_NEWS_TOPIC, news, { id: `${RECOVERY_NEWS_TOPIC}:card:${customerId}:${at}` });
    },
    adoptRecentFailures(windowDays = 14) {
      return adoptRecentFailures(deps, now(), { windowDays, sandbox: gateway instanceof SandboxGateway });
    },
    close() {
      email?.close();
    },
  };
}

/** Registers the workflows and the daily schedule on the app's engine. */
export function registerBilling(app: Pick<App, 'engine'>, billing: Billing, config: Config['billing']): void {
  app.engine.register(...billing.workflows);
  app.engine.subscribe(OUTSIDE_PAYMENT_SUBSCRIPTION);
  app.engine.schedule({
    name: 'billing.daily',
    cron: config.cycleCron,
    timezone: config.timezone,
    workflow: 'billing.daily',
    // The billing day is the calendar day in the schedule's zone (en-CA formats as YYYY-MM-DD).
    input: (slot) => ({ day: new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone }).format(slot) }),
  });
}
