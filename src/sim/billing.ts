/**
 * Monthly invoices and their payment attempts for one customer. Outcomes are decided first (so a
 * customer whose card never recovers stops using the API); amounts are filled in once usage is
 * known (overage is billed on the previous month's calls).
 *
 * Rates: a first charge fails for 1.5-7 % of invoices by segment, six times as often on a card-
 * processor incident day. About 30 % of declines are hard. Soft declines are retried on days 1, 3
 * and 7 (the policy's schedule) and about 80 % recover; hard declines recover only when the
 * customer updates the card (60 %). About 1 % of invoices stay unpaid, and an invoice unpaid for
 * 30 days churns the customer (involuntary churn). An enterprise customer occasionally prepays a
 * year at once: a revenue spike.
 */
import { addDays, dayOf } from '../domain/dates.ts';
import { DECLINE_CODES, type InvoiceInput, type PaymentAttemptInput } from '../domain/model/index.ts';
import { PLANS, TRAITS } from './catalog.ts';
import { priceOn, type Story } from './lifecycle.ts';
import type { Weighted } from './prng.ts';
import type { SimWindow, World } from './world.ts';

const SOFT: Weighted<string> = [
  ['insufficient_funds', 0.34],
  ['generic_decline', 0.18],
  ['do_not_honor', 0.14],
  ['card_velocity_exceeded', 0.05],
  ['try_again_later', 0.04],
  ['processing_error', 0.03],
  ['issuer_not_available', 0.02],
  ['withdrawal_count_limit_exceeded', 0.01],
  ['approve_with_id', 0.01],
];
const HARD: Weighted<string> = [
  ['expired_card', 0.45],
  ['authentication_required', 0.12],
  ['incorrect_cvc', 0.08],
  ['lost_card', 0.08],
  ['stolen_card', 0.04],
  ['fraudulent', 0.04],
  ['card_not_supported', 0.04],
  ['do_not_try_again', 0.05],
  ['restricted_card', 0.05],
  ['incorrect_number', 0.05],
];
const PROCESSOR: Weighted<string> = [
  ['processing_error', 0.5],
  ['issuer_not_available', 0.3],
  ['try_again_later', 0.2],
];
const NEEDS_CARD_DATA = new Set(['expired_card', 'incorrect_cvc', 'incorrect_number', 'authentication_required']);
const RETRY_DAYS = [1, 3, 7];
const RETRY_SUCCESS = [0.5, 0.4, 0.35];

export interface PlannedAttempt {
  day: number;
  success: boolean;
  declineCode: string | null;
  adviceCode: string | null;
}

export interface PlannedInvoice {
  issueDay: number;
  attempts: PlannedAttempt[];
  paid: boolean;
  /** Unpaid and past recovery: written off (uncollectible after 14 days). */
  unrecovered: boolean;
  prepay: boolean;
}

export interface BillingPlan {
  invoices: PlannedInvoice[];
  /** Customer status forced by unpaid invoices at the end of the window, if any. */
  status: 'past_due' | 'suspended' | null;
}

function issueDays(story: Story, window: SimWindow): number[] {
  if (story.payingFrom === null) return [];
  // Billed on the day of the month the customer started paying; in shorter months on their last day (as Stripe does).
  const anchor = Number(dayOf(window.dayMs[0]! + story.payingFrom * 86_400_000).slice(8, 10));
  const days: number[] = [];
  const stop = Math.min(window.days, story.endDay);
  const [y0, m0] = window.start.split('-').map(Number) as [number, number];
  for (let k = -1; ; k++) {
    const lastDay = new Date(Date.UTC(y0, m0 + k, 0)).getUTCDate();
    const month = new Date(Date.UTC(y0, m0 - 1 + k, Math.min(anchor, lastDay)));
    const day = Math.round((month.getTime() - window.dayMs[0]!) / 86_400_000);
    if (day >= stop) break;
    if (day >= Math.max(0, story.payingFrom)) days.push(day);
  }
  return days;
}

function decline(story: Story, processor: boolean): { code: string; advice: string | null } {
  const rng = story.rng;
  const code = processor ? rng.weighted(PROCESSOR) : rng.chance(0.3) ? rng.weighted(HARD) : rng.weighted(SOFT);
  // Stripe sends an advice code with some declines only.
  if (!rng.chance(0.45)) return { code, advice: null };
  if (DECLINE_CODES[code]?.type === 'soft') return { code, advice: 'try_again_later' };
  return { code, advice: NEEDS_CARD_DATA.has(code) ? 'confirm_card_data' : 'do_not_try_again' };
}

/**
 * `handoverDays`: failures of the last days are left for PsiZero to recover: the simulator makes no
 * retry and no card update on or after the handover day, so those invoices stay open. The random
 * draws are the same either way, so usage and everything else of the story stay as they were.
 */
export function planBilling(story: Story, window: SimWindow, world: World, handoverDays = 0): BillingPlan {
  const rng = story.rng;
  const traits = TRAITS[story.archetype];
  const D = window.days;
  const handover = D - Math.max(0, handoverDays);
  const invoices: PlannedInvoice[] = [];
  let status: BillingPlan['status'] = null;
  for (const issueDay of issueDays(story, window)) {
    const processor = world.processorIncident[issueDay] === 1;
    const prepay = story.archetype === 'enterprise' && rng.chance(0.0006);
    const invoice: PlannedInvoice = { issueDay, attempts: [], paid: false, unrecovered: false, prepay };
    invoices.push(invoice);
    if (!rng.chance(Math.min(0.6, traits.failureRate * (processor ? 6 : 1)))) {
      invoice.attempts.push({ day: issueDay, success: true, declineCode: null, adviceCode: null });
      invoice.paid = true;
      continue;
    }
    const first = decline(story, processor);
    invoice.attempts.push({ day: issueDay, success: false, declineCode: first.code, adviceCode: first.advice });
    const soft =
      DECLINE_CODES[first.code]?.type === 'soft' &&
      first.advice !== 'do_not_try_again' &&
      first.advice !== 'confirm_card_data';
    if (soft) {
      let settled = false;
      for (let r = 0; r < RETRY_DAYS.length && !settled; r++) {
        const day = issueDay + RETRY_DAYS[r]!;
        if (day >= D) break;
        const success = rng.chance(processor && r === 0 ? 0.85 : RETRY_SUCCESS[r]!);
        const again = success ? null : rng.chance(0.7) ? first : decline(story, false);
        settled = success;
        if (day >= handover) continue;
        invoice.attempts.push({ day, success, declineCode: again?.code ?? null, adviceCode: again?.advice ?? null });
        invoice.paid = success;
      }
      invoice.unrecovered = !invoice.paid && issueDay + RETRY_DAYS[RETRY_DAYS.length - 1]! < handover;
    } else if (rng.chance(0.6)) {
      const day = issueDay + rng.int(1, 9);
      if (day < handover) invoice.attempts.push({ day, success: true, declineCode: null, adviceCode: null });
      invoice.paid = day < handover;
    } else invoice.unrecovered = issueDay < handover;
    if (invoice.paid) continue;
    const age = D - 1 - issueDay;
    if (invoice.unrecovered && age > 30) {
      story.endDay = Math.min(story.endDay, issueDay + 30);
      story.ending = 'churned';
    } else status = age > 7 && invoice.unrecovered ? 'suspended' : 'past_due';
    break;
  }
  return { invoices, status };
}

export interface BillingRecords {
  invoices: InvoiceInput[];
  payments: PaymentAttemptInput[];
}

/** Invoice and attempt records; `collect(day, cents)` books each successful payment as revenue. */
export function billingRecords(
  story: Story,
  plan: BillingPlan,
  window: SimWindow,
  callsByDay: Float64Array,
  idPrefix: string,
  collect: (day: number, cents: number) => void,
): BillingRecords {
  const invoices: InvoiceInput[] = [];
  const payments: PaymentAttemptInput[] = [];
  const D = window.days;
  for (const planned of plan.invoices) {
    const i = planned.issueDay;
    const issuedOn = window.dayNames[i]!;
    const price = priceOn(story, i);
    const catalogPlan = PLANS[price.plan]!;
    const lines: InvoiceInput['lines'] = [
      {
        description: `${price.plan[0]!.toUpperCase()}${price.plan.slice(1)} plan, monthly`,
        kind: 'subscription',
        quantity: 1,
        unitAmountCents: price.monthlyCents,
        amountCents: price.monthlyCents,
      },
    ];
    let calls = 0;
    for (let d = Math.max(0, i - 30); d < i; d++) calls += callsByDay[d]!;
    const over = Math.round(calls - catalogPlan.includedCalls);
    if (over > 0 && catalogPlan.overagePer1kCents > 0) {
      const amount = Math.round((over / 1000) * catalogPlan.overagePer1kCents);
      if (amount > 0)
        lines.push({
          description: `API calls over the ${catalogPlan.includedCalls.toLocaleString('en-US')} included`,
          kind: 'usage',
          quantity: over,
          unitAmountCents: catalogPlan.overagePer1kCents / 1000,
          amountCents: amount,
        });
    }
    if (planned.prepay)
      lines.push({
        description: 'Annual commitment prepayment (10% off)',
        kind: 'one_off',
        quantity: 12,
        unitAmountCents: price.monthlyCents * 0.9,
        amountCents: Math.round(price.monthlyCents * 12 * 0.9),
      });
    const total = lines.reduce((s, l) => s + l.amountCents, 0);
    const id = `in_${idPrefix}${story.index + 1}_${issuedOn.replace(/-/g, '')}`;
    let paidAt: number | null = null;
    planned.attempts.forEach((a, n) => {
      const at = window.dayMs[a.day]! + (8 * 60 + ((story.index * 7 + n * 13) % 240)) * 60_000;
      if (a.success) {
        paidAt = at;
        collect(a.day, total);
      }
      payments.push({
        id: `pay_${id.slice(3)}_${n + 1}`,
        invoiceId: id,
        customerId: story.id,
        attemptedAt: at,
        amountCents: total,
        status: a.success ? 'succeeded' : 'failed',
        declineCode: a.declineCode,
        adviceCode: a.adviceCode as PaymentAttemptInput['adviceCode'],
        attemptNumber: n + 1,
      });
    });
    const age = D - 1 - i;
    invoices.push({
      id,
      customerId: story.id,
      number: `PZ-${issuedOn.slice(0, 7).replace('-', '')}-${story.index + 1}`,
      status: planned.paid ? 'paid' : planned.unrecovered && age > 14 ? 'uncollectible' : 'open',
      periodStart: issuedOn,
      periodEnd: addDays(issuedOn, 29),
      issuedOn,
      dueOn: addDays(issuedOn, story.archetype === 'enterprise' ? 30 : 7),
      lines,
      paidAt,
    });
  }
  return { invoices, payments };
}
