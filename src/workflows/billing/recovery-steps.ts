/**
 * The durable steps of a payment recovery, each one named step over domain commands and
 * connectors: opening the case, a charge and its record, a customer message, a restriction, the
 * checks for a payment made elsewhere and the closing of the case. Every write is keyed by the
 * invoice and the attempt or day, so a step that runs again after a crash changes nothing twice;
 * every step that moves money or access also reports it to the audit log (`money-audit.ts`).
 */
import { NO_PAYMENT_METHOD, type ChargeResult } from '../../connectors/index.ts';
import type { MessageChannel, RecoveredBy } from '../../domain/billing/index.ts';
import { classifyDecline } from '../../domain/index.ts';
import type { WorkflowContext } from '../../engine/workflow.ts';
import type { RecoveryPolicy } from '../../policy/index.ts';
import { renderCustomerMessage } from './customer-message-templates.ts';
import type { Delivery } from './customer-messenger.ts';
import {
  PAID_BY_WORDS,
  appendMoney,
  chargeItem,
  restoredItem,
  restrictedItem,
  writtenOffItem,
  type MoneyItem,
  type MoneyOrigin,
} from './money-audit.ts';
import type { RecoveryRunInput } from './payment-recovery.ts';
import { recoveryCheckpoints, type Checkpoint } from './recovery-plan.ts';
import type { RecoveryRules } from './recovery-rules.ts';
import { suspensionDayOf, type OpenedCase } from './recovery-state.ts';
import { restrictionApprovalReason } from './restriction-approval.ts';
import { paymentMethodUrlFor, type RecoveryDeps } from './workflow-deps.ts';

/** What every step of one run works with: the run's context, its deps, the case as opened, and its version's rules. */
export interface RecoveryScope {
  ctx: WorkflowContext;
  deps: RecoveryDeps;
  opened: OpenedCase;
  rules: RecoveryRules;
}

export interface ChargeRequestFacts {
  attempt: number;
  /** The method to charge; null: the card on file now (or the one that failed, when none is on file). */
  method: string | null;
  lastMessage: string | null;
  by: RecoveredBy;
}

/**
 * Opens the case and marks the customer past due. The policy is read here and only here: its
 * snapshot is this step's result, so the whole run follows the policy of the day the case opened.
 */
export function openCaseStep(ctx: WorkflowContext, deps: RecoveryDeps, input: RecoveryRunInput): Promise<OpenedCase> {
  return ctx.step('open-case', async () => {
    const [customer, invoice] = await Promise.all([
      deps.records.requireCustomer(input.customerId),
      deps.records.requireInvoice(input.invoiceId),
    ]);
    const decline = input.disputed
      ? { type: 'hard' as const, reason: 'the charge is disputed' }
      : classifyDecline({ declineCode: input.declineCode, adviceCode: input.adviceCode });
    // A plain copy: the snapshot the run keeps in its history and every later step quotes.
    const recovery = JSON.parse(JSON.stringify(deps.gate.policy.billing.recovery)) as RecoveryPolicy;
    await deps.billing.openCase({
      invoiceId: input.invoiceId,
      customerId: input.customerId,
      runId: ctx.runId,
      amountCents: input.amountCents,
      currency: input.currency,
      failedAt: input.failedAt,
      declineCode: input.declineCode,
      declineType: decline.type,
      disputed: input.disputed,
      attempts: input.attempts,
    });
    const enterprise = customer.segment === 'enterprise';
    return {
      invoiceId: input.invoiceId,
      customerId: customer.id,
      customerName: customer.name,
      email: customer.email,
      phone: customer.phone,
      enterprise,
      csmId: customer.csmId,
      invoiceNumber: invoice.number,
      amountCents: input.amountCents,
      currency: input.currency,
      failedAt: input.failedAt,
      paymentMethod: input.paymentMethod,
      declineType: decline.type,
      declineReason: decline.reason,
      declineCode: input.declineCode,
      disputed: input.disputed,
      recovery,
      checkpoints: recoveryCheckpoints(recovery, decline.type),
      monthlyValueCents: customer.monthlyPriceCents,
      restrictionsNeedApproval: restrictionApprovalReason(deps.gate.policy, {
        enterprise,
        amountCents: input.amountCents,
      }),
    };
  });
}

/**
 * Charges (the gateway deduplicates by `key`) and records the outcome; a paid invoice closes the
 * case. An invoice someone already paid elsewhere is never charged again: its case closes instead.
 * The charge and its result, and the restoration a payment brings, go to the audit log first.
 */
export async function chargeOnce(
  deps: RecoveryDeps,
  opened: OpenedCase,
  request: ChargeRequestFacts & { key: string; origin: MoneyOrigin },
): Promise<{ paid: boolean; result: ChargeResult | null }> {
  if (await deps.records.isInvoicePaid(opened.invoiceId)) {
    await closePaidOutside(deps, opened, request.lastMessage, request.origin);
    return { paid: true, result: null };
  }
  const method = request.method ?? (await deps.records.paymentMethodOf(opened.customerId)) ?? opened.paymentMethod;
  const result: ChargeResult =
    method === ''
      ? NO_PAYMENT_METHOD
      : await deps.gateway.charge({
          customerId: opened.customerId,
          invoiceId: opened.invoiceId,
          amountCents: opened.amountCents,
          currency: opened.currency,
          paymentMethod: method,
          idempotencyKey: request.key,
          description: `Invoice ${opened.invoiceNumber ?? opened.invoiceId}, attempt ${request.attempt}`,
        });
  const paysNow = result.status === 'succeeded' && !result.disputed;
  const items: MoneyItem[] = [chargeItem(opened, request.attempt, request.by, result)];
  if (paysNow && (await deps.records.getCase(opened.invoiceId))?.status === 'open')
    items.push(restoredItem(opened, closedKey(opened, request.origin), PAID_BY_WORDS[request.by]));
  await appendMoney(deps.gate.audit, request.origin, deps.gate.clock.now(), items);
  const charge = {
    invoiceId: opened.invoiceId,
    customerId: opened.customerId,
    amountCents: opened.amountCents,
    currency: opened.currency,
    attempt: request.attempt,
    at: deps.gate.clock.now(),
    result,
  };
  const { paid } = await deps.billing.recordCharge(charge, {
    by: request.by,
    messageBeforeRecovery: request.lastMessage,
  });
  return { paid, result };
}

/** One closing of the case per run: the key of the restoration (or write-off) it brings. */
function closedKey(opened: OpenedCase, origin: MoneyOrigin): string {
  return `money:${opened.invoiceId}:${origin.runId ?? 'outside'}:closed`;
}

/** An automatic retry or a retry after a card update, as one durable step. */
export function chargeStep(
  scope: RecoveryScope,
  request: ChargeRequestFacts,
): Promise<{ paid: boolean; result: ChargeResult | null }> {
  const { ctx, deps, opened } = scope;
  return ctx.step(`charge:${request.attempt}`, (info) =>
    chargeOnce(deps, opened, { ...request, key: info.idempotencyKey, origin: { runId: ctx.runId } }),
  );
}

/** Closes the case of an invoice someone paid outside this run: no charge, access restored. */
export async function closePaidOutside(
  deps: RecoveryDeps,
  opened: OpenedCase,
  lastMessage: string | null,
  origin: MoneyOrigin,
): Promise<void> {
  if ((await deps.records.getCase(opened.invoiceId))?.status === 'open') {
    const item = restoredItem(opened, closedKey(opened, origin), PAID_BY_WORDS.outside_payment);
    await appendMoney(deps.gate.audit, origin, deps.gate.clock.now(), [item]);
  }
  await deps.billing.closeCase(opened.invoiceId, {
    status: 'recovered',
    by: 'outside_payment',
    messageBeforeRecovery: lastMessage,
  });
}

/** Version 1's check before a checkpoint: only whether the invoice was paid. */
export function paidElsewhereStep(scope: RecoveryScope, at: string): Promise<boolean> {
  return scope.ctx.step(`check:${at}`, () => scope.deps.records.isInvoicePaid(scope.opened.invoiceId));
}

/** Whether the invoice was paid, or a charge of it disputed, while the run was not listening. */
export function caseCheckStep(scope: RecoveryScope, at: string): Promise<{ paid: boolean; disputed: boolean }> {
  const { ctx, deps, opened } = scope;
  return ctx.step(`case-check:${at}`, async () => ({
    paid: await deps.records.isInvoicePaid(opened.invoiceId),
    disputed: (await deps.records.getCase(opened.invoiceId))?.disputed === true,
  }));
}

export function closePaidOutsideStep(scope: RecoveryScope, key: string, lastMessage: string | null): Promise<void> {
  const { ctx, deps, opened } = scope;
  return ctx.step(`paid-outside:${key}`, () => closePaidOutside(deps, opened, lastMessage, { runId: ctx.runId }));
}

export interface MessageStepFacts {
  day: number;
  channel: MessageChannel;
  template: string;
  action: string;
}

/** One customer message on one channel, sent, captured in the local outbox or recorded as not sent, once, and kept in the case's messages. */
export function messageStep(scope: RecoveryScope, message: MessageStepFacts): Promise<Delivery> {
  const { ctx, deps, opened } = scope;
  return ctx.step(`message:day${message.day}:${message.template}:${message.channel}`, async (info) => {
    const rendered = renderCustomerMessage(message.template, message.action, {
      customerName: opened.customerName,
      invoiceId: opened.invoiceId,
      invoiceNumber: opened.invoiceNumber,
      amountCents: opened.amountCents,
      paymentMethodUrl: paymentMethodUrlFor(deps.settings, opened.customerId),
      supportContact: deps.settings.supportContact,
      suspensionDay: suspensionDayOf(opened.recovery),
    });
    const delivery = await deps.messenger.deliver({
      channel: message.channel,
      customerId: opened.customerId,
      // Runs opened before customers had phone numbers carry none in their snapshot.
      to: { email: opened.email, phone: opened.phone ?? null },
      message: rendered,
      template: message.template,
      invoiceId: opened.invoiceId,
      runId: info.runId,
      idempotencyKey: info.idempotencyKey,
    });
    await deps.billing.recordMessage({
      invoiceId: opened.invoiceId,
      day: message.day,
      channel: message.channel,
      template: message.template,
      status: delivery.status,
      detail: delivery.detail,
      sentAt: deps.gate.clock.now(),
    });
    return delivery;
  });
}

/** Restricts access (audited when it changes anything: an open case not already restricted so). */
export async function restrictAudited(
  deps: RecoveryDeps,
  opened: OpenedCase,
  restriction: 'rate_limited' | 'suspended',
  reason: string,
  origin: MoneyOrigin & { key: string },
): Promise<void> {
  const current = await deps.records.getCase(opened.invoiceId);
  if (current?.status === 'open' && current.restriction !== restriction) {
    const item = restrictedItem(opened, origin.key, restriction, reason);
    await appendMoney(deps.gate.audit, origin, deps.gate.clock.now(), [item]);
  }
  await deps.billing.restrictAccess(opened.invoiceId, restriction, reason);
}

export function restrictStep(
  scope: RecoveryScope,
  day: number,
  restriction: NonNullable<Checkpoint['restriction']>,
): Promise<void> {
  const { ctx, deps, opened } = scope;
  const reason = `invoice ${opened.invoiceNumber ?? opened.invoiceId} unpaid on day ${day}`;
  return ctx.step(`restrict:day${day}`, (info) =>
    restrictAudited(deps, opened, restriction, reason, { runId: ctx.runId, key: `${info.idempotencyKey}/money` }),
  );
}

export function recordEscalationStep(scope: RecoveryScope, escalations: number): Promise<void> {
  const { ctx, deps, opened, rules } = scope;
  return ctx.step(`case:escalation:${escalations}`, () =>
    deps.billing.recordEscalation(opened.invoiceId, escalations, { awaitsPerson: rules.recordsDecisions }),
  );
}

/** Writes the invoice down as uncollectible (audited) and ends the case unrecovered; restrictions stay. */
export async function closeUnrecovered(deps: RecoveryDeps, opened: OpenedCase, origin: MoneyOrigin): Promise<void> {
  if ((await deps.records.getCase(opened.invoiceId))?.status === 'open') {
    const reason = 'still unpaid when the recovery deadline passed: written down as uncollectible';
    const item = writtenOffItem(opened, closedKey(opened, origin), reason);
    await appendMoney(deps.gate.audit, origin, deps.gate.clock.now(), [item]);
  }
  await deps.billing.closeCase(opened.invoiceId, { status: 'unrecovered' });
}

export function closeUnrecoveredStep(scope: RecoveryScope): Promise<void> {
  const { ctx, deps, opened } = scope;
  return ctx.step('close-unrecovered', () => closeUnrecovered(deps, opened, { runId: ctx.runId }));
}
