/**
 * Payment-recovery parameters from the seed's Financial Operations section, plus the two pure
 * questions the billing workflow asks of them: which service restriction applies on a given day
 * of the grace period, and whether a failed payment must leave automation for a person.
 */
import { z } from 'zod';
import { formatUsd, toCents } from './money.ts';
import type { DeepReadonly } from './primitives.ts';
import { UsdSchema } from './primitives.ts';

const DaySchema = z.number().int().min(0);
const SlugSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case name');

export const RestrictionSchema = z.enum(['none', 'rate_limited', 'suspended']);
export type Restriction = z.infer<typeof RestrictionSchema>;
const RESTRICTION_ORDER: readonly Restriction[] = RestrictionSchema.options;

function ascending(days: readonly number[], ctx: z.RefinementCtx, field: (i: number) => PropertyKey[]): void {
  days.forEach((day, i) => {
    const prev = days[i - 1];
    if (prev !== undefined && day <= prev) {
      ctx.addIssue({ code: 'custom', path: field(i), message: `must be after the previous day (${prev})` });
    }
  });
}

export const BillingPolicySchema = z.strictObject({
  recovery: z
    .strictObject({
      /** Days after the first failure on which a soft decline is retried. Hard declines are never retried. */
      softDeclineRetryDays: z.array(z.number().int().min(1)).min(1),
      communication: z.array(
        z.strictObject({
          day: DaySchema,
          channels: z.array(z.enum(['email', 'sms', 'slack'])).min(1),
          template: SlugSchema,
          action: SlugSchema,
        }),
      ),
      gracePeriod: z.strictObject({
        durationDays: z.number().int().min(0),
        /** Contiguous day ranges from day 0; the last is open-ended (toDay null). */
        restrictions: z
          .array(z.strictObject({ fromDay: DaySchema, toDay: DaySchema.nullable(), restriction: RestrictionSchema }))
          .min(1),
      }),
      /** Any one of these sends the failed payment to a person instead of further automation. */
      manualEscalation: z.strictObject({
        hardDecline: z.boolean(),
        disputed: z.boolean(),
        /** The unpaid invoice's amount is over this (the autonomy rule: Level 1 only under $1,000). */
        amountOverUsd: UsdSchema.nullable(),
        /**
         * The seed's "high_value_customers_over_$1000": the customer is worth more than this a month
         * (their plan's monthly price), whatever the failed invoice's amount. Absent from policies
         * (and recovery runs' snapshots) written before it existed: then it is off.
         */
        highValueCustomerOverUsd: UsdSchema.nullable().default(null),
        enterpriseCustomer: z.boolean(),
        consecutiveFailures: z.number().int().min(1).nullable(),
      }),
    })
    .superRefine((r, ctx) => {
      ascending(r.softDeclineRetryDays, ctx, (i) => ['softDeclineRetryDays', i]);
      ascending(
        r.communication.map((c) => c.day),
        ctx,
        (i) => ['communication', i, 'day'],
      );
      const ranges = r.gracePeriod.restrictions;
      ranges.forEach((range, i) => {
        const at = (field: string): PropertyKey[] => ['gracePeriod', 'restrictions', i, field];
        const prev = ranges[i - 1];
        const expectedFrom = prev === undefined ? 0 : (prev.toDay ?? Number.NaN) + 1;
        if (range.fromDay !== expectedFrom) {
          const message =
            prev === undefined ? 'must be 0' : `must be ${expectedFrom}, the day after the previous range ends`;
          ctx.addIssue({ code: 'custom', path: at('fromDay'), message });
        }
        if (range.toDay !== null && range.toDay < range.fromDay) {
          ctx.addIssue({ code: 'custom', path: at('toDay'), message: 'must not be before fromDay' });
        }
        if (range.toDay === null && i !== ranges.length - 1) {
          ctx.addIssue({ code: 'custom', path: at('toDay'), message: 'only the last range may be open-ended (null)' });
        }
        if (i === ranges.length - 1 && range.toDay !== null) {
          ctx.addIssue({ code: 'custom', path: at('toDay'), message: 'the last range must be open-ended (null)' });
        }
        if (i === ranges.length - 1 && i > 0 && range.fromDay !== r.gracePeriod.durationDays) {
          const message = `the last range must start when the grace period ends (day ${r.gracePeriod.durationDays})`;
          ctx.addIssue({ code: 'custom', path: at('fromDay'), message });
        }
        // A customer who still has not paid must never get more service later in the grace period.
        if (
          prev !== undefined &&
          RESTRICTION_ORDER.indexOf(range.restriction) < RESTRICTION_ORDER.indexOf(prev.restriction)
        ) {
          const message = `must not be milder than "${prev.restriction}" before it`;
          ctx.addIssue({ code: 'custom', path: at('restriction'), message });
        }
      });
    }),
});

export type BillingPolicy = DeepReadonly<z.infer<typeof BillingPolicySchema>>;
export type RecoveryPolicy = BillingPolicy['recovery'];

/** The service restriction on `day` (0 = the day of the failure) of the grace period. */
export function graceRestrictionOnDay(day: number, recovery: RecoveryPolicy): Restriction {
  const range = recovery.gracePeriod.restrictions.find((r) => day >= r.fromDay && (r.toDay === null || day <= r.toDay));
  // Validated ranges cover every day from 0; a negative day is before the grace period began.
  return range?.restriction ?? 'none';
}

export interface FailedPaymentFacts {
  readonly decline: 'soft' | 'hard';
  readonly disputed: boolean;
  /** The unpaid invoice. */
  readonly amountUsd: number;
  /** What the customer pays each month on their plan (their recurring value to the business). */
  readonly customerMonthlyValueUsd: number;
  readonly enterpriseCustomer: boolean;
  readonly consecutiveFailures: number;
}

/** Plain-English reasons to hand the payment to a person; empty means automated recovery continues. */
export function manualRecoveryReasons(facts: FailedPaymentFacts, recovery: RecoveryPolicy): string[] {
  const rules = recovery.manualEscalation;
  const reasons: string[] = [];
  if (rules.hardDecline && facts.decline === 'hard')
    reasons.push('the card was hard-declined, so retrying cannot succeed');
  if (rules.disputed && facts.disputed) reasons.push('the charge is disputed');
  if (rules.amountOverUsd !== null && toCents(facts.amountUsd) > toCents(rules.amountOverUsd)) {
    reasons.push(`the amount ${formatUsd(facts.amountUsd)} is over ${formatUsd(rules.amountOverUsd)}`);
  }
  // Undefined in a policy snapshot a recovery run kept from before the criterion existed.
  const highValue = (rules.highValueCustomerOverUsd as number | null | undefined) ?? null;
  if (highValue !== null && toCents(facts.customerMonthlyValueUsd) > toCents(highValue)) {
    const worth = formatUsd(facts.customerMonthlyValueUsd);
    reasons.push(`the customer is worth ${worth} a month, over ${formatUsd(highValue)} (a high-value customer)`);
  }
  if (rules.enterpriseCustomer && facts.enterpriseCustomer) reasons.push('the customer is an enterprise customer');
  if (rules.consecutiveFailures !== null && facts.consecutiveFailures >= rules.consecutiveFailures) {
    reasons.push(`${facts.consecutiveFailures} consecutive payment failures (limit ${rules.consecutiveFailures})`);
  }
  return reasons;
}
