/**
 * Payment recovery for one failed invoice, all from the policy's `billing.recovery`: soft declines
 * are retried on the retry days, hard declines never; the customer gets the communication
 * sequence; the grace period's restrictions apply on their days; a card update retries at once;
 * any of the escalation criteria hands the case to a person (Level 2 through the gate) who picks a
 * manual step the run then carries out. Paying at any point restores access immediately.
 */
import { z } from 'zod';
import { act, type GateResult } from '../../approvals/index.ts';
import { classifyDecline, DAY_MS } from '../../domain/index.ts';
import { defineWorkflow, type WorkflowContext, type WorkflowDefinition } from '../../engine/workflow.ts';
import { formatUsd } from '../../policy/money.ts';
import { manualRecoveryReasons, type RecoveryPolicy } from '../../policy/index.ts';
import {
  RECOVERY_NEWS_TOPIC,
  requireCustomer,
  requireInvoice,
  markUncollectible,
  setCustomerStatus,
  type BillingDeps,
  type RecoveryNews,
} from './billing-deps.ts';
import {
  carryOutChoice,
  chargeAndSettle,
  closePaidOutside,
  paidElsewhere,
  sendRecoveryMessage,
  type ChoiceOutcome,
  type RecoveryFacts,
} from './recovery-steps.ts';
import { checkpointAt, recoveryCheckpoints, type Checkpoint } from './recovery-plan.ts';
import { RECOVERY_CHOICES, recommendChoice } from './recovery-choices.ts';

/** Unpaid this long after the failure (plus any extension), the invoice is written down as unrecovered. */
export const UNRECOVERED_AFTER_DAYS = 30;

export const RecoveryInputSchema = z.strictObject({
  invoiceId: z.string().min(1),
  customerId: z.string().min(1),
  amountCents: z.int().positive(),
  currency: z.string().length(3),
  /** The payment method the failed charge used ('' when none was on file). */
  paymentMethod: z.string(),
  failedAt: z.int().min(0),
  declineCode: z.string().min(1),
  adviceCode: z.string().nullable(),
  disputed: z.boolean(),
  /** Charges already made on this invoice, the failed one included (more for a failure adopted from history). */
  attempts: z.int().min(1).default(1),
  /** Set when PsiZero takes over a failure from history: steps due before this were already taken (only their restrictions apply). */
  adoptedAt: z.int().min(0).nullable().default(null),
});
export type RecoveryInput = z.input<typeof RecoveryInputSchema>;

interface Opened extends RecoveryFacts {
  recovery: RecoveryPolicy;
  checkpoints: Checkpoint[];
}

interface State {
  attempts: number;
  consecutive: number;
  extension: number;
  lastMessage: string | null;
  escalations: number;
  suspended: boolean;
}

type Ended = { ended: true; outcome: 'recovered' | 'written_off' | 'unrecovered' };

export function paymentRecoveryWorkflow(
  deps: BillingDeps,
): WorkflowDefinition<z.output<typeof RecoveryInputSchema>, unknown, RecoveryInput> {
  return defineWorkflow({
    name: 'billing.recovery',
    input: RecoveryInputSchema,
    run: async (ctx, input) => {
      const opened = await ctx.step('open-case', () => openCase(deps, ctx, input));
      const s: State = {
        attempts: input.attempts,
        consecutive: input.attempts,
        extension: 0,
        lastMessage: null,
        escalations: 0,
        suspended: false,
      };
      const done = (outcome: Ended['outcome']) => ({
        invoiceId: input.invoiceId,
        outcome,
        attempts: s.attempts,
        escalations: s.escalations,
      });

      const charge = async (by: 'automatic_retry' | 'card_update', method: string | null): Promise<Ended | null> => {
        const paid = await chargeAndSettle(ctx, deps, opened, {
          attempt: s.attempts + 1,
          by,
          method,
          lastMessage: s.lastMessage,
        });
        s.attempts++;
        if (paid) return thank();
        s.consecutive++;
        const limit = opened.recovery.manualEscalation.consecutiveFailures;
        return limit !== null && s.consecutive === limit ? escalate() : null;
      };
      const thank = async (): Promise<Ended> => {
        const day = Math.floor((ctx.now() - input.failedAt) / DAY_MS);
        await sendRecoveryMessage(ctx, deps, opened, {
          day,
          channel: 'email',
          template: 'payment_received',
          action: 'access_restored',
        });
        return { ended: true, outcome: 'recovered' };
      };
      const escalate = async (extraReason?: string): Promise<Ended | null> => {
        s.escalations++;
        const outcome = await escalateToPerson(ctx, deps, opened, s, extraReason);
        if (outcome === null) return null;
        if (outcome.kind === 'recovered') return thank();
        if (outcome.kind === 'written_off') return { ended: true, outcome: 'written_off' };
        if (outcome.kind === 'extended') s.extension += outcome.days;
        if (outcome.kind === 'suspended') s.suspended = true;
        if (outcome.kind === 'retry_failed') {
          s.attempts++;
          s.consecutive++;
        }
        return null;
      };
      /** News of a payment can be missed while the run waits for a person; the invoice itself cannot. */
      const endIfPaidElsewhere = async (at: string): Promise<Ended | null> => {
        if (!(await ctx.step(`check:${at}`, () => paidElsewhere(deps, input.invoiceId)))) return null;
        await ctx.step(`paid-outside:${at}`, () => closePaidOutside(deps, opened, s.lastMessage));
        return thank();
      };
      /** Waits until `due`; a card update meanwhile is charged at once, a payment made elsewhere ends the case. */
      const waitUntil = async (due: () => number): Promise<Ended | null> => {
        for (;;) {
          const now = ctx.now();
          if (now >= due()) return null;
          const news = await ctx.waitForEvent<RecoveryNews>(RECOVERY_NEWS_TOPIC, {
            match: { customerId: input.customerId },
            timeout: due() - now,
          });
          if (!news.ok) return null;
          const n = news.event.payload;
          if (n.kind === 'invoice_paid') {
            if (n.invoiceId !== input.invoiceId) continue;
            await ctx.step(`paid-outside:${news.event.id}`, () => closePaidOutside(deps, opened, s.lastMessage));
            return thank();
          }
          const ended = await charge('card_update', n.paymentMethod);
          if (ended) return ended;
        }
      };

      const initial = manualRecoveryReasons(facts(opened, s), opened.recovery);
      if (initial.length > 0) {
        const ended = await escalate();
        if (ended) return done(ended.outcome);
      }
      for (const cp of opened.checkpoints) {
        if (s.suspended) break;
        if (input.adoptedAt !== null && checkpointAt(input.failedAt, cp.day, 0) < input.adoptedAt) {
          if (cp.restriction) await restrict(ctx, deps, opened, cp.day, cp.restriction);
          continue;
        }
        const waited = await waitUntil(() => checkpointAt(input.failedAt, cp.day, s.extension));
        if (waited) return done(waited.outcome);
        const paid = await endIfPaidElsewhere(`day${cp.day}`);
        if (paid) return done(paid.outcome);
        const ended = cp.retry && !s.suspended ? await charge('automatic_retry', null) : null;
        if (ended) return done(ended.outcome);
        if (s.suspended) break;
        if (cp.restriction) await restrict(ctx, deps, opened, cp.day, cp.restriction);
        for (const m of cp.messages) {
          for (const channel of m.channels) {
            const delivery = await sendRecoveryMessage(ctx, deps, opened, {
              day: cp.day,
              channel,
              template: m.template,
              action: m.action,
            });
            if (delivery.status === 'sent') s.lastMessage = m.template;
          }
        }
      }
      // The seed's flow: the final automated attempt failed, so a person takes over.
      if (s.escalations === 0 && !s.suspended) {
        const ended = await escalate('the automated recovery schedule ended without payment');
        if (ended) return done(ended.outcome);
      }
      const ended = await waitUntil(() => input.failedAt + (UNRECOVERED_AFTER_DAYS + s.extension) * DAY_MS);
      if (ended) return done(ended.outcome);
      const paid = await endIfPaidElsewhere('final');
      if (paid) return done(paid.outcome);
      await ctx.step('close-unrecovered', async () => {
        await markUncollectible(deps, input.invoiceId);
        await deps.records.updateCase(
          input.invoiceId,
          { status: 'unrecovered', closedAt: deps.gate.clock.now() },
          deps.gate.clock.now(),
        );
      });
      return done('unrecovered');
    },
  });
}

async function openCase(
  deps: BillingDeps,
  ctx: WorkflowContext,
  input: z.output<typeof RecoveryInputSchema>,
): Promise<Opened> {
  const [customer, invoice] = await Promise.all([
    requireCustomer(deps, input.customerId),
    requireInvoice(deps, input.invoiceId),
  ]);
  const decline = input.disputed
    ? { type: 'hard' as const, reason: 'the charge is disputed' }
    : classifyDecline({ declineCode: input.declineCode, adviceCode: input.adviceCode });
  const recovery = deps.gate.policy.billing.recovery;
  const now = deps.gate.clock.now();
  await deps.records.openCase(
    {
      invoiceId: input.invoiceId,
      customerId: input.customerId,
      runId: ctx.runId,
      amountCents: input.amountCents,
      currency: input.currency,
      failedAt: input.failedAt,
      declineCode: input.declineCode,
      declineType: decline.type,
      disputed: input.disputed,
      status: 'open',
      restriction: 'none',
      restrictedSince: null,
      attempts: input.attempts,
      escalations: 0,
      lastMessage: null,
      recoveredAt: null,
      recoveredAttempt: null,
      recoveredBy: null,
      messageBeforeRecovery: null,
      closedAt: null,
    },
    now,
  );
  await setCustomerStatus(deps, customer.id, 'past_due');
  return {
    invoiceId: input.invoiceId,
    customerId: customer.id,
    customerName: customer.name,
    email: customer.email,
    enterprise: customer.segment === 'enterprise',
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
    recovery: JSON.parse(JSON.stringify(recovery)) as RecoveryPolicy,
    checkpoints: recoveryCheckpoints(recovery, decline.type),
  };
}

function facts(o: Opened, s: State) {
  return {
    decline: o.declineType,
    disputed: o.disputed,
    amountUsd: o.amountCents / 100,
    enterpriseCustomer: o.enterprise,
    consecutiveFailures: s.consecutive,
  };
}

async function restrict(
  ctx: WorkflowContext,
  deps: BillingDeps,
  o: Opened,
  day: number,
  restriction: Checkpoint['restriction'] & string,
): Promise<void> {
  await ctx.step(`restrict:day${day}`, async () => {
    const now = deps.gate.clock.now();
    await deps.records.updateCase(o.invoiceId, { restriction, restrictedSince: now }, now);
    if (restriction === 'suspended') await setCustomerStatus(deps, o.customerId, 'suspended');
  });
}

/** A Level 2 request through the gate: the person picks a manual step; nobody in time means the schedule continues. */
async function escalateToPerson(
  ctx: WorkflowContext,
  deps: BillingDeps,
  o: Opened,
  s: State,
  extraReason?: string,
): Promise<ChoiceOutcome | null> {
  const reasons = [...manualRecoveryReasons(facts(o, s), o.recovery), ...(extraReason ? [extraReason] : [])];
  const advice = recommendChoice({
    declineType: o.declineType,
    disputed: o.disputed,
    enterprise: o.enterprise,
    consecutiveFailures: s.consecutive,
    consecutiveLimit: o.recovery.manualEscalation.consecutiveFailures,
  });
  const amount = formatUsd(o.amountCents / 100);
  await ctx.step(`case:escalation:${s.escalations}`, () =>
    deps.records.updateCase(o.invoiceId, { escalations: s.escalations }, deps.gate.clock.now()),
  );
  const result: GateResult<ChoiceOutcome, null> = await act(ctx, deps.gate, {
    proposal: {
      id: `billing.recovery:${o.invoiceId}:${s.escalations}`,
      title: `Recover ${amount} from ${o.customerName} (invoice ${o.invoiceNumber ?? o.invoiceId})`,
      classification: {
        impact: 'medium',
        complexity: 'moderate',
        reversibility: 'reversible',
        stakeholders: 'customer_facing',
        financialImpact: o.amountCents / 100,
        timeToExecute: 5,
      },
      customers: [
        {
          id: o.customerId,
          name: o.customerName,
          enterprise: o.enterprise,
          ...(o.csmId ? { successManagerId: o.csmId } : {}),
        },
      ],
      choices: RECOVERY_CHOICES.map((c) => ({ ...c })),
    },
    recommendation: {
      summary: `Needs a person because ${reasons.join('; ')}. Decline: ${o.declineCode} (${o.declineReason}); ${s.attempts} charge attempt(s) so far. Recommended: ${advice.choice.replaceAll('_', ' ')}, because ${advice.why}.`,
      details: {
        reasons,
        recommended: advice.choice,
        attempts: s.attempts,
        declineCode: o.declineCode,
        declineType: o.declineType,
      },
    },
    execute: (info, decision) =>
      carryOutChoice(deps, o, decision.choice, {
        attempt: s.attempts + 1,
        key: info.idempotencyKey,
        lastMessage: s.lastMessage,
        graceDays: o.recovery.gracePeriod.durationDays,
      }),
    conservativeDefault: { description: 'continue the automated recovery schedule; no manual step taken' },
  });
  return result.outcome === 'executed' ? result.result : null;
}
