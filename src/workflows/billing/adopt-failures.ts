/**
 * Takes over failed payments that happened before PsiZero ran (imported history, or the demo's
 * simulated company): every open invoice whose latest charge failed within the grace window gets
 * a recovery run that continues from that failure, as if PsiZero had made the charge. Safe to run
 * again: a run per invoice, keyed by invoice.
 */
import { sandboxMethodFor } from '../../connectors/index.ts';
import { DAY_MS } from '../../domain/index.ts';
import type { BillingDeps } from './billing-deps.ts';
import type { RecoveryInput } from './payment-recovery.ts';

/** Returns how many recovery runs it started. */
export async function adoptRecentFailures(
  deps: Pick<BillingDeps, 'domain' | 'records' | 'runs'>,
  now: number,
  options: { windowDays: number; sandbox: boolean },
): Promise<number> {
  const open = await deps.domain.queries.listInvoices({ status: 'open', limit: 1_000 });
  const items: { workflow: string; input: RecoveryInput; idempotencyKey: string }[] = [];
  const methods: { customerId: string; paymentMethod: string }[] = [];
  for (const invoice of open) {
    const attempts = (await deps.domain.queries.listPayments({ invoiceId: invoice.id, limit: 50 })).sort(
      (a, b) => a.attemptedAt - b.attemptedAt,
    );
    const last = attempts[attempts.length - 1];
    const first = attempts[0];
    if (!last || !first || last.status !== 'failed' || first.status !== 'failed' || invoice.totalCents <= 0) continue;
    if (now - first.attemptedAt > options.windowDays * DAY_MS || first.attemptedAt > now) continue;
    if ((await deps.records.getCase(invoice.id)) !== null) continue;
    const paymentMethod = options.sandbox
      ? sandboxMethodFor(last.declineCode ?? 'generic_decline')
      : ((await deps.records.paymentMethodOf(invoice.customerId)) ?? '');
    if (options.sandbox) methods.push({ customerId: invoice.customerId, paymentMethod });
    items.push({
      workflow: 'billing.recovery',
      idempotencyKey: `billing.recovery:${invoice.id}`,
      input: {
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
      },
    });
  }
  // The simulator's verdict stands: the card keeps declining as it did until the customer updates it.
  if (methods.length > 0) await deps.records.setPaymentMethods(methods, now);
  if (items.length === 0) return 0;
  // Keyed by invoice: a run started earlier (its case not yet opened) is not started again or counted.
  return (await deps.runs.startMany(items)).filter((r) => r.created).length;
}
