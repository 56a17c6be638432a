/**
 * What recovery achieved, computed from the recovery cases (pure, so any set of cases can be
 * checked by hand): recovery rate by attempt, time to recovery, retention after recovery, which
 * message preceded payment, and the funnel the dashboard draws. Also the entitlement answer for
 * PsiZero's API gateway: the most severe restriction among a customer's unpaid cases.
 */
import type { CustomerStatus } from '../model/index.ts';
import { RECOVERED_BY, type RecoveredBy, type RecoveryCase, type Restriction } from './recovery-case.ts';

export interface FunnelStage {
  attempt: number;
  /** Cases still unpaid after this many charge attempts (attempt 1 is the failed first charge). */
  unpaid: number;
  /** Cases paid by exactly this attempt. */
  recovered: number;
}

export interface RecoveryMetrics {
  cases: number;
  open: number;
  recovered: number;
  writtenOff: number;
  unrecovered: number;
  /** Recovered ÷ all cases (open ones included: they count against the rate until they pay). */
  recoveryRate: number;
  /** Cases ever handed to a person. */
  escalated: number;
  /** Open cases handed to a person who has not decided yet: drops when the person decides. */
  waitingForPerson: number;
  /** Money by where it stands, in cents (one currency assumed, as the cases are billed in one). */
  amounts: MoneyByStatus;
  byAttempt: { attempt: number; reached: number; recovered: number; rate: number }[];
  byMethod: Record<RecoveredBy, number>;
  timeToRecoveryHours: { median: number | null; mean: number | null; p90: number | null };
  retention: { recovered: number; retained: number; rate: number | null };
  /** The last message sent before payment ('none': paid before any message). */
  precedingMessage: { message: string; recovered: number }[];
  funnel: FunnelStage[];
}

export interface MoneyByStatus {
  /** Unpaid on open cases: what recovery is still working for. */
  atRiskCents: number;
  recoveredCents: number;
  writtenOffCents: number;
  /** Written down as uncollectible when the deadline passed unpaid. */
  unrecoveredCents: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

const RETAINED: readonly CustomerStatus[] = ['active', 'past_due', 'trial'];

export function recoveryMetrics(
  cases: readonly RecoveryCase[],
  customerStatus: ReadonlyMap<string, CustomerStatus>,
): RecoveryMetrics {
  const recovered = cases.filter((c) => c.status === 'recovered');
  const maxAttempt = cases.reduce((m, c) => Math.max(m, c.attempts), 1);
  const byAttempt = [];
  const funnel: FunnelStage[] = [];
  for (let n = 1; n <= maxAttempt; n++) {
    const reached = cases.filter((c) => c.attempts >= n).length;
    const paidHere = recovered.filter((c) => c.recoveredAttempt === n).length;
    byAttempt.push({ attempt: n, reached, recovered: paidHere, rate: ratio(paidHere, reached) });
    funnel.push({
      attempt: n,
      unpaid: cases.filter((c) => c.attempts >= n && !(c.status === 'recovered' && (c.recoveredAttempt ?? 0) <= n))
        .length,
      recovered: paidHere,
    });
  }
  const hours = recovered.map((c) => ((c.recoveredAt ?? c.failedAt) - c.failedAt) / 3_600_000).sort((a, b) => a - b);
  const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
  const retained = recovered.filter((c) => RETAINED.includes(customerStatus.get(c.customerId) ?? 'churned')).length;
  const messages = new Map<string, number>();
  for (const c of recovered)
    messages.set(c.messageBeforeRecovery ?? 'none', (messages.get(c.messageBeforeRecovery ?? 'none') ?? 0) + 1);
  return {
    cases: cases.length,
    open: cases.filter((c) => c.status === 'open').length,
    recovered: recovered.length,
    writtenOff: cases.filter((c) => c.status === 'written_off').length,
    unrecovered: cases.filter((c) => c.status === 'unrecovered').length,
    recoveryRate: ratio(recovered.length, cases.length),
    escalated: cases.filter((c) => c.escalations > 0).length,
    waitingForPerson: cases.filter((c) => c.status === 'open' && c.waitingSince !== null).length,
    amounts: moneyByStatus(cases),
    byAttempt,
    byMethod: Object.fromEntries(
      RECOVERED_BY.map((by) => [by, recovered.filter((c) => c.recoveredBy === by).length]),
    ) as Record<RecoveredBy, number>,
    timeToRecoveryHours: {
      median: round1(quantile(hours, 0.5)),
      mean: round1(hours.length === 0 ? null : hours.reduce((a, b) => a + b, 0) / hours.length),
      p90: round1(quantile(hours, 0.9)),
    },
    retention: {
      recovered: recovered.length,
      retained,
      rate: recovered.length === 0 ? null : ratio(retained, recovered.length),
    },
    precedingMessage: [...messages]
      .map(([message, n]) => ({ message, recovered: n }))
      .sort((a, b) => b.recovered - a.recovered || a.message.localeCompare(b.message)),
    funnel,
  };
}

function moneyByStatus(cases: readonly RecoveryCase[]): MoneyByStatus {
  const sum = (status: RecoveryCase['status']): number =>
    cases.filter((c) => c.status === status).reduce((total, c) => total + c.amountCents, 0);
  return {
    atRiskCents: sum('open'),
    recoveredCents: sum('recovered'),
    writtenOffCents: sum('written_off'),
    unrecoveredCents: sum('unrecovered'),
  };
}

export interface Entitlement {
  customerId: string;
  /** What the API gateway enforces. */
  access: Restriction;
  since: number | null;
  unpaidInvoices: {
    invoiceId: string;
    amountCents: number;
    currency: string;
    restriction: Restriction;
    failedAt: number;
  }[];
}

const SEVERITY: readonly Restriction[] = ['none', 'rate_limited', 'suspended'];

/** `cases`: the customer's cases; recovered and written-off ones restrict nothing. */
export function entitlementOf(customerId: string, cases: readonly RecoveryCase[]): Entitlement {
  const unpaid = cases.filter((c) => c.status === 'open' || c.status === 'unrecovered');
  let access: Restriction = 'none';
  let since: number | null = null;
  for (const c of unpaid) {
    if (SEVERITY.indexOf(c.restriction) > SEVERITY.indexOf(access)) {
      access = c.restriction;
      since = c.restrictedSince;
    }
  }
  return {
    customerId,
    access,
    since,
    unpaidInvoices: unpaid.map((c) => ({
      invoiceId: c.invoiceId,
      amountCents: c.amountCents,
      currency: c.currency,
      restriction: c.restriction,
      failedAt: c.failedAt,
    })),
  };
}
