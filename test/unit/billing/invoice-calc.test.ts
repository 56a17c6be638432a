import { describe, expect, it } from 'vitest';
import {
  computeCycleInvoice,
  isBillingDay,
  nextMonthDay,
  previousBillingDay,
} from '../../../src/domain/billing/invoice-calc.ts';

describe('billing cycle arithmetic', () => {
  it('bills the monthly price in advance and calls over the allowance in arrears', () => {
    const invoice = computeCycleInvoice(
      { id: 'c1', plan: 'pro', monthlyPriceCents: 9_900 },
      '2026-03-01',
      1,
      1_250_000,
    );
    expect(invoice).toEqual({
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      totalCents: 9_900 + 3_750,
      lines: [
        {
          description: 'Pro plan, 2026-03-01 to 2026-03-31',
          kind: 'subscription',
          quantity: 1,
          unitAmountCents: 9_900,
          amountCents: 9_900,
        },
        {
          description: '250,000 API calls over the 1,000,000 included',
          kind: 'usage',
          quantity: 250_000,
          unitAmountCents: 0.015,
          amountCents: 3_750,
        },
      ],
    });
  });

  it('owes nothing on a free plan within its allowance, and uses the negotiated price over the list price', () => {
    expect(computeCycleInvoice({ id: 'f', plan: 'free', monthlyPriceCents: 0 }, '2026-03-01', 1, 40_000)).toBeNull();
    expect(
      computeCycleInvoice({ id: 'e', plan: 'enterprise', monthlyPriceCents: 400_000 }, '2026-03-15', 15, 0)?.totalCents,
    ).toBe(400_000);
  });

  it('keeps a month-end anchor inside shorter months', () => {
    expect(nextMonthDay('2026-01-31', 31)).toBe('2026-02-28');
    expect(nextMonthDay('2026-02-28', 31)).toBe('2026-03-31');
    expect(previousBillingDay('2026-03-31', 31)).toBe('2026-02-28');
    expect(isBillingDay('2026-02-28', 31)).toBe(true);
    expect(isBillingDay('2026-03-28', 31)).toBe(false);
    expect(isBillingDay('2026-03-31', 31)).toBe(true);
  });
});
