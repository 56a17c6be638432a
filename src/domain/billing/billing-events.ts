/**
 * The events billing commands publish through the outbox, with ids derived from what changed, so
 * a command that runs again after a crash and finds its change already made publishes nothing new.
 */
import { DOMAIN_TOPICS, domainEvent, type DomainEvent } from '../events.ts';
import type { CaseDecision, CaseOutcome, MessageChannel, RecoveryCase, Restriction } from './recovery-case.ts';

/**
 * News a waiting recovery run acts on at once: a new card (charge it now), its invoice paid
 * outside the run (close the case, restore access), or a charge of its invoice disputed (hand the
 * case to a person).
 */
export const RECOVERY_NEWS_TOPIC = DOMAIN_TOPICS.recoveryNews;
export type RecoveryNews =
  | { kind: 'payment_method_updated'; customerId: string; paymentMethod: string }
  | { kind: 'invoice_paid'; customerId: string; invoiceId: string }
  | { kind: 'charge_disputed'; customerId: string; invoiceId: string; paymentId: string };

/** A case reopened for a dispute gets its own event id (the first opening's id is already taken). */
export function caseOpened(opened: RecoveryCase, reopenedBy: string | null = null): DomainEvent {
  const key = reopenedBy === null ? opened.invoiceId : `${opened.invoiceId}:reopened:${reopenedBy}`;
  return domainEvent(DOMAIN_TOPICS.recoveryCaseOpened, key, { case: opened, reopened: reopenedBy !== null });
}

export function caseDecided(current: RecoveryCase, escalation: number, decision: CaseDecision): DomainEvent {
  return domainEvent(DOMAIN_TOPICS.recoveryCaseDecided, `${current.invoiceId}:${escalation}`, {
    invoiceId: current.invoiceId,
    customerId: current.customerId,
    escalation,
    decision,
  });
}

export function caseDisputed(current: RecoveryCase, paymentId: string): DomainEvent {
  return domainEvent(DOMAIN_TOPICS.recoveryCaseDisputed, `${current.invoiceId}:${paymentId}`, {
    invoiceId: current.invoiceId,
    customerId: current.customerId,
    paymentId,
  });
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
