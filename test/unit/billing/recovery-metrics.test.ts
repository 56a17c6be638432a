import { describe, expect, it } from 'vitest';
import { entitlementOf, recoveryMetrics, type RecoveryCase } from '../../../src/domain/billing/index.ts';
import { recoveryCase } from '../../helpers/recovery-case.ts';

const H = 3_600_000;

const kase = (o: Partial<RecoveryCase> & Pick<RecoveryCase, 'invoiceId'>): RecoveryCase =>
  recoveryCase({ customerId: o.invoiceId.replace('in_', 'c_'), runId: 'r', amountCents: 10_000, ...o });

describe('recovery metrics', () => {
  const cases = [
    kase({
      invoiceId: 'in_1',
      status: 'recovered',
      attempts: 2,
      recoveredAttempt: 2,
      recoveredAt: 24 * H,
      recoveredBy: 'automatic_retry',
    }),
    kase({
      invoiceId: 'in_2',
      status: 'recovered',
      attempts: 3,
      recoveredAttempt: 3,
      recoveredAt: 72 * H,
      recoveredBy: 'automatic_retry',
      messageBeforeRecovery: 'payment_failure_notification',
    }),
    kase({
      invoiceId: 'in_3',
      status: 'recovered',
      attempts: 2,
      recoveredAttempt: 2,
      recoveredAt: 50 * H,
      recoveredBy: 'card_update',
      messageBeforeRecovery: 'payment_failure_notification',
    }),
    kase({
      invoiceId: 'in_4',
      status: 'open',
      attempts: 4,
      escalations: 1,
      restriction: 'suspended',
      restrictedSince: 7 * 24 * H,
    }),
    kase({ invoiceId: 'in_5', status: 'written_off', attempts: 1, escalations: 1, declineType: 'hard' }),
  ];
  const statuses = new Map([
    ['c_1', 'active'],
    ['c_2', 'active'],
    ['c_3', 'churned'],
  ] as const);

  it('counts recovery by attempt, by method, time to recovery, retention and the message before payment', () => {
    const m = recoveryMetrics(cases, statuses);
    expect(m).toMatchObject({
      cases: 5,
      open: 1,
      recovered: 3,
      writtenOff: 1,
      unrecovered: 0,
      recoveryRate: 0.6,
      escalated: 2,
    });
    expect(m.byAttempt).toEqual([
      { attempt: 1, reached: 5, recovered: 0, rate: 0 },
      { attempt: 2, reached: 4, recovered: 2, rate: 0.5 },
      { attempt: 3, reached: 2, recovered: 1, rate: 0.5 },
      { attempt: 4, reached: 1, recovered: 0, rate: 0 },
    ]);
    expect(m.funnel).toEqual([
      { attempt: 1, unpaid: 5, recovered: 0 },
      { attempt: 2, unpaid: 2, recovered: 2 },
      { attempt: 3, unpaid: 1, recovered: 1 },
      { attempt: 4, unpaid: 1, recovered: 0 },
    ]);
    expect(m.byMethod).toEqual({ automatic_retry: 2, manual_retry: 0, card_update: 1, outside_payment: 0 });
    expect(m.timeToRecoveryHours).toEqual({ median: 50, mean: 48.7, p90: 72 });
    expect(m.retention).toEqual({ recovered: 3, retained: 2, rate: 0.6667 });
    expect(m.precedingMessage).toEqual([
      { message: 'payment_failure_notification', recovered: 2 },
      { message: 'none', recovered: 1 },
    ]);
  });

  it('has no rates to report without cases', () => {
    const m = recoveryMetrics([], new Map());
    expect(m).toMatchObject({
      cases: 0,
      recoveryRate: 0,
      timeToRecoveryHours: { median: null, mean: null, p90: null },
      retention: { rate: null },
    });
  });

  it('answers the most severe restriction among unpaid cases; paid and written-off ones restrict nothing', () => {
    const mine = [
      kase({ invoiceId: 'in_a', customerId: 'c', restriction: 'rate_limited', restrictedSince: 5 }),
      kase({ invoiceId: 'in_b', customerId: 'c', status: 'unrecovered', restriction: 'suspended', restrictedSince: 9 }),
      kase({ invoiceId: 'in_c', customerId: 'c', status: 'recovered', restriction: 'none' }),
    ];
    expect(entitlementOf('c', mine)).toMatchObject({
      access: 'suspended',
      since: 9,
      unpaidInvoices: [{ invoiceId: 'in_a' }, { invoiceId: 'in_b' }],
    });
    expect(entitlementOf('c', mine.slice(2))).toEqual({
      customerId: 'c',
      access: 'none',
      since: null,
      unpaidInvoices: [],
    });
  });
});
