/**
 * Domain events: every change to business data is also an event on the engine, so workflows can
 * start on (`engine.subscribe`) or wait for (`ctx.waitForEvent`) `customer.created`,
 * `invoice.payment_failed`, `ticket.created`, …
 *
 * Event ids are deterministic: `<topic>:<entity key>` for once-per-entity facts (created, paid,
 * a payment attempt's outcome) and `<topic>:<entity key>:v<version>` for changes, where version
 * counts the entity's stored revisions. Re-sending a record that did not change writes nothing and
 * emits nothing; a redelivered event id is a no-op in the engine.
 */
export const DOMAIN_TOPICS = {
  customerCreated: 'customer.created',
  customerUpdated: 'customer.updated',
  usageRecorded: 'usage.recorded',
  invoiceCreated: 'invoice.created',
  invoiceUpdated: 'invoice.updated',
  invoicePaid: 'invoice.paid',
  invoiceVoided: 'invoice.voided',
  invoiceUncollectible: 'invoice.marked_uncollectible',
  invoicePaymentFailed: 'invoice.payment_failed',
  paymentFailed: 'payment.failed',
  paymentSucceeded: 'payment.succeeded',
  paymentUpdated: 'payment.updated',
  paymentDisputed: 'payment.disputed',
  ticketCreated: 'ticket.created',
  ticketUpdated: 'ticket.updated',
  ticketResolved: 'ticket.resolved',
  healthRecorded: 'health.recorded',
  metricsRecorded: 'metrics.recorded',
  targetSet: 'target.set',
  recoveryCaseOpened: 'billing.case_opened',
  recoveryCaseEscalated: 'billing.case_escalated',
  accessRestricted: 'billing.access_restricted',
  recoveryCaseClosed: 'billing.case_closed',
  /** A person's decision on a case handed to them, and what became of it. */
  recoveryCaseDecided: 'billing.case_decided',
  /** A charge of the case's invoice was disputed (by the gateway's answer or a Stripe webhook). */
  recoveryCaseDisputed: 'billing.case_disputed',
  recoveryMessageRecorded: 'billing.message_recorded',
  /** A new card on file or an invoice paid elsewhere: what a waiting recovery run acts on at once. */
  recoveryNews: 'billing.recovery_news',
} as const;

export type DomainTopic = (typeof DOMAIN_TOPICS)[keyof typeof DOMAIN_TOPICS];

export interface DomainEvent {
  id: string;
  topic: DomainTopic;
  payload: Record<string, unknown>;
}

/** Where domain events go: the engine (`Engine.publish` is idempotent by id) or a test double. */
export interface DomainEventSink {
  publish(topic: string, payload: unknown, options: { id: string }): Promise<unknown>;
}

export function domainEvent(
  topic: DomainTopic,
  key: string,
  payload: Record<string, unknown>,
  version?: number,
): DomainEvent {
  return { id: version === undefined ? `${topic}:${key}` : `${topic}:${key}:v${version}`, topic, payload };
}
