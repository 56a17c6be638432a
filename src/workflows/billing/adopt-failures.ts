/**
 * Takes over failed payments that happened before PsiZero ran (imported history, or the demo's
 * simulated company): every open invoice whose charges failed within the grace window gets a
 * recovery run that continues from that failure, as if PsiZero had made the charge. Safe to run
 * again: a run per invoice, keyed by invoice.
 */
import { sandboxMethodFor } from '../../connectors/index.ts';
import type { BillingCommands, BillingQueries, FailureToAdopt } from '../../domain/billing/index.ts';
import type { RecoveryInput } from './payment-recovery.ts';
import type { RunStarter } from './workflow-deps.ts';

export interface AdoptionDeps {
  records: Pick<BillingQueries, 'failuresToAdopt' | 'paymentMethodOf'>;
  billing: Pick<BillingCommands, 'setPaymentMethods'>;
  runs: RunStarter;
}

export interface AdoptionOptions {
  windowDays: number;
  /** On the sandbox gateway, each card keeps declining as the history says until the customer updates it. */
  sandbox: boolean;
}

/** Returns how many recovery runs it started. */
export async function adoptRecentFailures(deps: AdoptionDeps, now: number, options: AdoptionOptions): Promise<number> {
  const failures = await deps.records.failuresToAdopt(now, options.windowDays);
  const runs: { workflow: string; input: RecoveryInput; idempotencyKey: string }[] = [];
  const sandboxCards: { customerId: string; paymentMethod: string }[] = [];
  for (const failure of failures) {
    const paymentMethod = await paymentMethodFor(deps, failure, options.sandbox);
    if (options.sandbox) sandboxCards.push({ customerId: failure.invoice.customerId, paymentMethod });
    runs.push({
      workflow: 'billing.recovery',
      idempotencyKey: `billing.recovery:${failure.invoice.id}`,
      input: recoveryInputFor(failure, paymentMethod, now),
    });
  }
  // The simulator's verdict stands: the card keeps declining as it did until the customer updates it.
  if (sandboxCards.length > 0) await deps.billing.setPaymentMethods(sandboxCards);
  if (runs.length === 0) return 0;
  // Keyed by invoice: a run started earlier (its case not yet opened) is not started again or counted.
  return (await deps.runs.startMany(runs)).filter((r) => r.created).length;
}

async function paymentMethodFor(deps: AdoptionDeps, failure: FailureToAdopt, sandbox: boolean): Promise<string> {
  const last = failure.attempts[failure.attempts.length - 1]!;
  if (sandbox) return sandboxMethodFor(last.declineCode ?? 'generic_decline');
  return (await deps.records.paymentMethodOf(failure.invoice.customerId)) ?? '';
}

function recoveryInputFor(failure: FailureToAdopt, paymentMethod: string, now: number): RecoveryInput {
  const { invoice, attempts } = failure;
  const first = attempts[0]!;
  return {
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    amountCents: invoice.totalCents,
    currency: invoice.currency,
    paymentMethod,
    failedAt: first.attemptedAt,
    declineCode: first.declineCode ?? 'generic_decline',
    adviceCode: first.adviceCode,
    disputed: false,
    attempts: attempts.length,
    adoptedAt: now,
  };
}
