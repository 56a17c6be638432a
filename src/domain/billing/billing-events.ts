/**
 * The events billing commands publish through the outbox, with ids derived from what changed, so
 * a command that runs again after a crash and finds its change already made publishes nothing new.
 */
import { DOMAIN_TOPICS, domainEvent, type DomainEvent } from '../events.ts';
import type { CaseOutcome, MessageChannel, RecoveryCase, Restriction } from './recovery-case.ts';

/**
 * News a waiting recovery run acts on at once: a new card (charge it now) or its invoice paid
 * outside the run (close the case, restore access).
 */
export const RECOVERY_NEWS_TOPIC = DOMAIN_TOPICS.recoveryNews;
export type RecoveryNews =
  | { kind: 'payment_method_updated'; customerId: string; paymentMethod: string }
  | { kind: 'invoice_paid'; customerId: string; invoiceId: string };

export function caseOpened(opened: RecoveryCase): DomainEvent {
  return domainEvent(DOMAIN_TOPICS.recoveryCaseOpened, opened.invoiceId, { case: opened });
}

export function caseEscalated(current: RecoveryCase, escalations: number): DomainEvent {
  const key = `${current.invoiceId}:${escalations}`;
  return domainEvent(DOMAIN_TOPICS.recoveryCaseEscalated, key, {
    invoiceId: current.invoiceId,
    customerId: current.customerId,
    escalations,
  });
}

export function accessRestricted(current: RecoveryCase, restriction: Restriction, at: number): DomainEvent {
  const key = `${current.invoiceId}:${restriction}:${at}`;
  return domainEvent(DOMAIN_TOPICS.accessRestricted, key, {
    invoiceId: current.invoiceId,
    customerId: current.customerId,
    restriction,
    previous: current.restriction,
    since: at,
  });
}

export function caseClosed(current: RecoveryCase, outcome: CaseOutcome): DomainEvent {
  return domainEvent(DOMAIN_TOPICS.recoveryCaseClosed, current.invoiceId, {
    invoiceId: current.invoiceId,
    customerId: current.customerId,
    outcome: outcome.status,
    recoveredBy: outcome.status === 'recovered' ? outcome.by : null,
  });
}

export function messageRecorded(message: {
  invoiceId: string;
  day: number;
  channel: MessageChannel;
  template: string;
  status: string;
}): DomainEvent {
  const key = `${message.invoiceId}:${message.day}:${message.channel}`;
  return domainEvent(DOMAIN_TOPICS.recoveryMessageRecorded, key, message);
}

/** Keyed by customer and time like the card update it reports; a recovery run waiting for the customer charges the new card. */
export function paymentMethodUpdated(customerId: string, paymentMethod: string, at: number): DomainEvent {
  const news: RecoveryNews = { kind: 'payment_method_updated', customerId, paymentMethod };
  return domainEvent(DOMAIN_TOPICS.recoveryNews, `card:${customerId}:${at}`, news);
}
