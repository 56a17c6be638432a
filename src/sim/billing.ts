/**
 * Monthly invoices and their payment attempts for one customer. Outcomes are decided first (so a
 * customer whose card never recovers stops using the API); amounts are filled in once usage is
 * known (overage is billed on the previous month's calls).
 *
 * Rates: a first charge fails for 1.5-7 % of invoices by segment, six times as often on a card-
 * processor incident day. About 30 % of declines are hard. Soft declines are retried on days 1, 3
 * and 7 (the policy's schedule) and about 80 % recover; hard declines recover only when the
 * customer updates the card (60 %). An enterprise customer occasionally prepays a year at once: a
 * revenue spike.
 *
 * The simulated company settles every failure within SIMULATED_RECOVERY_DAYS of its first charge,
 * and settles it alone only where PsiZero's policy would let PsiZero act alone: it writes off an
 * invoice (uncollectible, the customer suspended and, 30 days after the failure, churned) only for
 * a customer who is not enterprise and an invoice under the Level 1 limit. A failure a person
 * would have to decide was chased by one: the customer paid on the last day of recovery. Charges
 * run at the billing cycle's hour (06:00 UTC), card updates in office hours.
 */
import { addDays, dayOf } from '../domain/dates.ts';
import { DECLINE_CODES, type InvoiceInput, type PaymentAttemptInput } from '../domain/model/index.ts';
import { PLANS, TRAITS } from './catalog.ts';
import { SimulationInvariantError } from './errors.ts';
import { priceOn, type Story } from './lifecycle.ts';
import type { Weighted } from './prng.ts';
import type { SimWindow, World } from './world.ts';

/** Days from a failed first charge to the simulated company's last retry, card update or write-off. */
export const SIMULATED_RECOVERY_DAYS = 7;
/** The default policy's Level 1 limit: below it, and for a customer who is not enterprise, nobody needs to approve. */
const SETTLES_ALONE_BELOW_CENTS = 100_000;
/** The money rules' hard line: an enterprise customer's or a write-off this large always needs its approval. */
const NEVER_ALONE_FROM_CENTS = 2_500_000;

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
const RETRY_DAYS = [1, 3, SIMULATED_RECOVERY_DAYS];
const RETRY_SUCCESS = [0.5, 0.4, 0.35];

export interface PlannedAttempt {
  day: number;
  /** The instant of the attempt (never after the window's `until`). */
  at: number;
  success: boolean;
  declineCode: string | null;
  adviceCode: string | null;
}

export interface PlannedInvoice {
  issueDay: number;
  attempts: PlannedAttempt[];
  paid: boolean;
  /** Unpaid after the simulated company's whole recovery, and small enough to settle alone: written off. */
  unrecovered: boolean;
  prepay: boolean;
}

export interface BillingPlan {
  invoices: PlannedInvoice[];
  /** Customer status forced by a written-off invoice at the end of the window, if any. */
  status: 'suspended' | null;
}

const HOUR_MS = 3_600_000;

/** A charge of the billing cycle: 06:00 UTC, spread over the hour by customer. */
function chargeAt(story: Story, window: SimWindow, day: number, n: number): number {
  return window.dayMs[day]! + 6 * HOUR_MS + ((story.index * 37 + n * 13) % 3_600) * 1_000;
}

/** A customer updating the card (or paying after a call): office hours. */
function customerActionAt(story: Story, window: SimWindow, day: number): number {
  return window.dayMs[day]! + 9 * HOUR_MS + ((story.index * 11) % 480) * 60_000;
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

/** Whether the simulated company could settle this customer's unpaid invoice without a person's approval. */
function settlesAlone(story: Story, issueDay: number): boolean {
  return story.archetype !== 'enterprise' && priceOn(story, issueDay).monthlyCents < SETTLES_ALONE_BELOW_CENTS;
}

/**
 * `handoverDays`: failures of the last days are left for PsiZero to recover: the simulator makes no
 * retry and no card update on or after the handover day, so those invoices stay open. The random
 * draws are the same either way, so usage and everything else of the story stay as they were.
 * Nothing happens after the window's `until`: an attempt planned later is not made, and an
 * invoice whose first charge would come later is not issued yet.
 */
export function planBilling(story: Story, window: SimWindow, world: World, handoverDays = 0): BillingPlan {
  const rng = story.rng;
  const traits = TRAITS[story.archetype];
  const D = window.days;
  const handover = D - Math.max(0, handoverDays);
  const made = (day: number, at: number): boolean => day < handover && at <= window.until;
  const invoices: PlannedInvoice[] = [];
  let status: BillingPlan['status'] = null;
  for (const issueDay of issueDays(story, window)) {
    const processor = world.processorIncident[issueDay] === 1;
    const prepay = story.archetype === 'enterprise' && rng.chance(0.0006);
    const invoice: PlannedInvoice = { issueDay, attempts: [], paid: false, unrecovered: false, prepay };
    const firstAt = chargeAt(story, window, issueDay, 0);
    const failed = rng.chance(Math.min(0.6, traits.failureRate * (processor ? 6 : 1)));
    const first = failed ? decline(story, processor) : null;
    // Not issued yet: the billing cycle charges at the moment of issue.
    if (firstAt > window.until) break;
    invoices.push(invoice);
    if (first === null) {
      invoice.attempts.push({ day: issueDay, at: firstAt, success: true, declineCode: null, adviceCode: null });
      invoice.paid = true;
      continue;
    }
    invoice.attempts.push({
      day: issueDay,
      at: firstAt,
      success: false,
      declineCode: first.code,
      adviceCode: first.advice,
    });
    const soft =
      DECLINE_CODES[first.code]?.type === 'soft' &&
      first.advice !== 'do_not_try_again' &&
      first.advice !== 'confirm_card_data';
    // Cut short: part of the recovery falls after the handover, the window or `until`, so the invoice stays open.
    let cutShort = false;
    if (soft) {
      let settled = false;
      for (let r = 0; r < RETRY_DAYS.length && !settled; r++) {
        const day = issueDay + RETRY_DAYS[r]!;
        if (day >= D) {
          cutShort = true;
          break;
        }
        const success = rng.chance(processor && r === 0 ? 0.85 : RETRY_SUCCESS[r]!);
        const again = success ? null : rng.chance(0.7) ? first : decline(story, false);
        settled = success;
        const at = chargeAt(story, window, day, r + 1);
        if (!made(day, at)) {
          cutShort = true;
          continue;
        }
        invoice.attempts.push({
          day,
          at,
          success,
          declineCode: again?.code ?? null,
          adviceCode: again?.advice ?? null,
        });
        invoice.paid = success;
      }
    } else if (rng.chance(0.6)) {
      const day = issueDay + rng.int(1, SIMULATED_RECOVERY_DAYS);
      const at = day < D ? customerActionAt(story, window, day) : Number.POSITIVE_INFINITY;
      if (made(day, at)) {
        invoice.attempts.push({ day, at, success: true, declineCode: null, adviceCode: null });
        invoice.paid = true;
      } else cutShort = true;
    }
    if (invoice.paid) continue;
    const lastDay = issueDay + SIMULATED_RECOVERY_DAYS;
    const lastAt = lastDay < D ? customerActionAt(story, window, lastDay) : Number.POSITIVE_INFINITY;
    if (!cutShort && made(lastDay, lastAt)) {
      if (settlesAlone(story, issueDay)) invoice.unrecovered = true;
      else {
        // A person chased it and the customer paid: the company never wrote off what needed approval.
        invoice.attempts.push({ day: lastDay, at: lastAt, success: true, declineCode: null, adviceCode: null });
        invoice.paid = true;
        continue;
      }
    }
    const age = D - 1 - issueDay;
    if (invoice.unrecovered && age > 30) {
      story.endDay = Math.min(story.endDay, issueDay + 30);
      story.ending = 'churned';
    } else if (invoice.unrecovered) status = 'suspended';
    // Open: handed over to PsiZero, whose recovery marks the customer past due when it opens the case.
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
    if (planned.unrecovered && (story.archetype === 'enterprise' || total >= NEVER_ALONE_FROM_CENTS))
      throw new SimulationInvariantError(`the simulator would write off ${id} without the approval it needs`);
    let paidAt: number | null = null;
    planned.attempts.forEach((a, n) => {
      if (a.success) {
        paidAt = a.at;
        collect(a.day, total);
      }
      payments.push({
        id: `pay_${id.slice(3)}_${n + 1}`,
        invoiceId: id,
        customerId: story.id,
        attemptedAt: a.at,
        amountCents: total,
        status: a.success ? 'succeeded' : 'failed',
        declineCode: a.declineCode,
        adviceCode: a.adviceCode as PaymentAttemptInput['adviceCode'],
        attemptNumber: n + 1,
      });
    });
    invoices.push({
      id,
      customerId: story.id,
      number: `PZ-${issuedOn.slice(0, 7).replace('-', '')}-${story.index + 1}`,
      status: planned.paid ? 'paid' : planned.unrecovered ? 'uncollectible' : 'open',
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
