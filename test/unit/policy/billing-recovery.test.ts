import { describe, expect, it } from 'vitest';
import { BillingPolicySchema } from '../../../src/policy/billing-recovery.ts';
import { DEFAULT_POLICY, graceRestrictionOnDay, manualRecoveryReasons } from '../../../src/policy/index.ts';
import type { FailedPaymentFacts } from '../../../src/policy/index.ts';

const R = DEFAULT_POLICY.billing.recovery;
const quiet: FailedPaymentFacts = {
  decline: 'soft',
  disputed: false,
  amountUsd: 200,
  customerMonthlyValueUsd: 200,
  enterpriseCustomer: false,
  consecutiveFailures: 1,
};

describe('seed recovery parameters', () => {
  it('retries soft declines on days 1, 3 and 7 and writes on days 1, 3 and 7', () => {
    expect(R.softDeclineRetryDays).toEqual([1, 3, 7]);
    expect(R.communication.map((c) => [c.day, c.channels, c.template])).toEqual([
      [1, ['email'], 'payment_failure_notification'],
      [3, ['email'], 'payment_retry_reminder'],
      [7, ['email', 'sms'], 'final_notice'],
    ]);
  });

  it.each([
    [0, 'none'],
    [3, 'none'],
    [4, 'rate_limited'],
    [6, 'rate_limited'],
    [7, 'suspended'],
    [30, 'suspended'],
  ] as const)('grace period day %s -> %s', (day, restriction) => {
    expect(graceRestrictionOnDay(day, R)).toBe(restriction);
  });
});

describe('manualRecoveryReasons', () => {
  it('keeps automation going when no criterion holds', () => {
    expect(manualRecoveryReasons(quiet, R)).toEqual([]);
    expect(manualRecoveryReasons({ ...quiet, amountUsd: 1000, consecutiveFailures: 2 }, R)).toEqual([]);
  });

  it.each([
    [{ decline: 'hard' }, 'the card was hard-declined, so retrying cannot succeed'],
    [{ disputed: true }, 'the charge is disputed'],
    [{ amountUsd: 1000.01 }, 'the amount $1,000.01 is over $1,000'],
    [{ customerMonthlyValueUsd: 1500 }, 'the customer is worth $1,500 a month, over $1,000 (a high-value customer)'],
    [{ enterpriseCustomer: true }, 'the customer is an enterprise customer'],
    [{ consecutiveFailures: 3 }, '3 consecutive payment failures (limit 3)'],
  ] as const)('escalates on %j', (change, reason) => {
    expect(manualRecoveryReasons({ ...quiet, ...change }, R)).toEqual([reason]);
  });

  it('honours disabled criteria', () => {
    const manualEscalation = {
      hardDecline: false,
      disputed: false,
      amountOverUsd: null,
      highValueCustomerOverUsd: null,
      enterpriseCustomer: false,
      consecutiveFailures: null,
    };
    const off = { ...R, manualEscalation };
    const loud: FailedPaymentFacts = {
      decline: 'hard',
      disputed: true,
      amountUsd: 1e6,
      customerMonthlyValueUsd: 1e6,
      enterpriseCustomer: true,
      consecutiveFailures: 9,
    };
    expect(manualRecoveryReasons(loud, off)).toEqual([]);
  });
});

describe('"high_value_customers_over_$1000": the customer\'s monthly value, not the invoice', () => {
  it('escalates a $300 invoice of a customer on a $1,500-a-month plan, and not a $900 one of a $99 customer', () => {
    expect(manualRecoveryReasons({ ...quiet, amountUsd: 300, customerMonthlyValueUsd: 1500 }, R)).toEqual([
      'the customer is worth $1,500 a month, over $1,000 (a high-value customer)',
    ]);
    expect(manualRecoveryReasons({ ...quiet, amountUsd: 900, customerMonthlyValueUsd: 99 }, R)).toEqual([]);
    // Exactly $1,000 a month is not over $1,000.
    expect(manualRecoveryReasons({ ...quiet, customerMonthlyValueUsd: 1000 }, R)).toEqual([]);
  });

  it('is off in a policy snapshot kept from before the criterion existed', () => {
    const { highValueCustomerOverUsd: _, ...older } = R.manualEscalation;
    const snapshot = JSON.parse(JSON.stringify({ ...R, manualEscalation: older })) as typeof R;
    expect(manualRecoveryReasons({ ...quiet, customerMonthlyValueUsd: 5000 }, snapshot)).toEqual([]);
    expect(
      BillingPolicySchema.parse({ recovery: { ...R, manualEscalation: older } }).recovery.manualEscalation,
    ).toMatchObject({
      highValueCustomerOverUsd: null,
    });
  });
});

describe('BillingPolicySchema', () => {
  const paths = (recovery: unknown) => {
    const result = BillingPolicySchema.safeParse({ recovery });
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts the defaults', () => {
    expect(paths(R)).toEqual([]);
  });

  it('rejects retry and message days out of order', () => {
    expect(paths({ ...R, softDeclineRetryDays: [1, 7, 3] })).toEqual(['recovery.softDeclineRetryDays.2']);
    expect(paths({ ...R, communication: [R.communication[1], R.communication[0]] })).toEqual([
      'recovery.communication.1.day',
    ]);
  });

  it('rejects grace ranges with gaps, open middles, a milder later step, or an end off the grace period', () => {
    const g = R.gracePeriod;
    const withRanges = (restrictions: unknown[]) => paths({ ...R, gracePeriod: { ...g, restrictions } });
    expect(withRanges([g.restrictions[0], g.restrictions[2]])).toEqual(['recovery.gracePeriod.restrictions.1.fromDay']);
    expect(withRanges([{ fromDay: 0, toDay: null, restriction: 'none' }, g.restrictions[2]])).toContain(
      'recovery.gracePeriod.restrictions.0.toDay',
    );
    const milder = [
      g.restrictions[0],
      { ...g.restrictions[1], restriction: 'suspended' },
      { ...g.restrictions[2], restriction: 'rate_limited' },
    ];
    expect(withRanges(milder)).toEqual(['recovery.gracePeriod.restrictions.2.restriction']);
    expect(withRanges([g.restrictions[0], g.restrictions[1]])).toEqual([
      'recovery.gracePeriod.restrictions.1.toDay',
      'recovery.gracePeriod.restrictions.1.fromDay',
    ]);
    expect(paths({ ...R, gracePeriod: { ...g, durationDays: 10 } })).toEqual([
      'recovery.gracePeriod.restrictions.2.fromDay',
    ]);
  });
});
