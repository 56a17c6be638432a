/**
 * The invoice for one billing cycle, as pure arithmetic: the customer's monthly price for the
 * period that starts today, plus metered API calls beyond the plan's allowance over the period
 * that just ended (usage is billed in arrears, the subscription in advance, as Stripe does).
 */
import { addDays, dayStartMs } from '../dates.ts';
import type { InvoiceInput } from '../model/index.ts';
import { PLANS } from '../model/plans.ts';

export interface CycleCustomer {
  id: string;
  plan: string;
  monthlyPriceCents: number;
}

export interface ComputedInvoice {
  periodStart: string;
  periodEnd: string;
  lines: InvoiceInput['lines'];
  totalCents: number;
}

/** The same day of the month, one month later, kept inside shorter months (Jan 31 → Feb 28/29). */
export function nextMonthDay(day: string, anchorDayOfMonth: number): string {
  const date = new Date(dayStartMs(day));
  const year = date.getUTCFullYear();
  const nextMonth = date.getUTCMonth() + 1;
  const last = new Date(Date.UTC(year, nextMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, nextMonth, Math.min(anchorDayOfMonth, last))).toISOString().slice(0, 10);
}

/** The billing day one month before `day`, on the same anchor clamped into that month. */
export function previousBillingDay(day: string, anchorDayOfMonth: number): string {
  const date = new Date(dayStartMs(day));
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1, Math.min(anchorDayOfMonth, last))).toISOString().slice(0, 10);
}

/** Whether `day` is the customer's billing day, for a cycle anchored on `anchorDayOfMonth` (1-31). */
export function isBillingDay(day: string, anchorDayOfMonth: number): boolean {
  const date = new Date(dayStartMs(day));
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  return date.getUTCDate() === Math.min(anchorDayOfMonth, last);
}

const titleCase = (word: string): string => `${word.slice(0, 1).toUpperCase()}${word.slice(1)}`;

/** `callsLastPeriod`: API calls metered over the period that ended yesterday. Null when nothing is owed. */
export function computeCycleInvoice(
  customer: CycleCustomer,
  day: string,
  anchorDayOfMonth: number,
  callsLastPeriod: number,
): ComputedInvoice | null {
  const periodEnd = addDays(nextMonthDay(day, anchorDayOfMonth), -1);
  const lines: InvoiceInput['lines'] = [];
  if (customer.monthlyPriceCents > 0) {
    lines.push({
      description: `${titleCase(customer.plan)} plan, ${day} to ${periodEnd}`,
      kind: 'subscription',
      quantity: 1,
      unitAmountCents: customer.monthlyPriceCents,
      amountCents: customer.monthlyPriceCents,
    });
  }
  const plan = PLANS[customer.plan];
  if (plan !== undefined && plan.overagePer1kCents > 0) {
    const over = Math.max(0, Math.round(callsLastPeriod) - plan.includedCalls);
    const amount = Math.round((over / 1000) * plan.overagePer1kCents);
    if (amount > 0) {
      lines.push({
        description: `${over.toLocaleString('en-US')} API calls over the ${plan.includedCalls.toLocaleString('en-US')} included`,
        kind: 'usage',
        quantity: over,
        unitAmountCents: plan.overagePer1kCents / 1000,
        amountCents: amount,
      });
    }
  }
  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  return totalCents > 0 ? { periodStart: day, periodEnd, lines, totalCents } : null;
}
