import { describe, expect, it } from 'vitest';
import type { RecoveryCase } from '../../../src/domain/billing/index.ts';
import { recoveryMoney, weekStartOf } from '../../../src/domain/billing/recovery-money.ts';
import { recoveryCase } from '../../helpers/recovery-case.ts';

const DAY = 86_400_000;
const MON = Date.UTC(2026, 2, 2); // a Monday

const recovery = (o: Partial<RecoveryCase>): RecoveryCase =>
  recoveryCase({
    invoiceId: 'in',
    customerId: 'cus',
    runId: 'run',
    amountCents: 1_000,
    failedAt: MON - 10 * DAY,
    declineCode: 'card_declined',
    ...o,
  });

describe('recovery in dollars', () => {
  it('weeks start on Monday, UTC', () => {
    expect(weekStartOf(MON)).toBe(MON);
    expect(weekStartOf(MON + 6 * DAY + 23 * 3_600_000)).toBe(MON);
    expect(weekStartOf(MON - 1)).toBe(MON - 7 * DAY);
  });

  it('adds up what is at risk, recovered, written off and unrecovered, and places money in its week', () => {
    const money = recoveryMoney(
      [
        recovery({ amountCents: 9_900 }),
        recovery({ amountCents: 2_500_000, status: 'open' }),
        recovery({ amountCents: 14_900, status: 'recovered', recoveredAt: MON + DAY }),
        recovery({ amountCents: 100, status: 'recovered', recoveredAt: MON - DAY }),
        recovery({ amountCents: 28_000_00, status: 'written_off', closedAt: MON + 2 * DAY }),
        recovery({ amountCents: 4_900, status: 'unrecovered', closedAt: MON - 3 * DAY }),
      ],
      { now: MON + 3 * DAY, weeks: 3 },
    );
    expect(money.atRisk).toEqual({ cases: 2, cents: 2_509_900 });
    expect(money.recovered).toEqual({ cases: 2, cents: 15_000 });
    expect(money.writtenOff).toEqual({ cases: 1, cents: 2_800_000 });
    expect(money.unrecovered).toEqual({ cases: 1, cents: 4_900 });
    expect(money.weekly).toEqual([
      { weekStart: '2026-02-16', recoveredCents: 0, writtenOffCents: 0 },
      { weekStart: '2026-02-23', recoveredCents: 100, writtenOffCents: 0 },
      { weekStart: '2026-03-02', recoveredCents: 14_900, writtenOffCents: 2_800_000 },
    ]);
  });
});
