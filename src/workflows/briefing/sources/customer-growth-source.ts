/**
 * `customer_growth`: sign-ups per day (and how many started a trial), paid conversions (a trial
 * customer's first successful payment), the targets on record for both, and the customers who
 * signed up on the reported day (named, so a customer-success manager sees their own).
 */
import type { DaySignups, DayTotal, NewCustomer } from '../../../domain/metrics/index.ts';
import { dailySeries, ok, type BriefingSource, type DailySeries } from './source.ts';
import { targetSeries, type TargetReads } from './targets.ts';

export interface CustomerGrowthData {
  signups: DailySeries;
  trials: DailySeries;
  conversions: DailySeries;
  trialsTarget: DailySeries | null;
  conversionsTarget: DailySeries | null;
  /** Who signed up on the reported day. */
  newCustomers: NewCustomer[];
}

export interface CustomerGrowthReads extends TargetReads {
  signups(from: string, to: string): Promise<DaySignups[]>;
  conversions(from: string, asOf: number): Promise<DayTotal[]>;
  newCustomers(day: string): Promise<NewCustomer[]>;
}

export function customerGrowthSource(reads: CustomerGrowthReads): BriefingSource<CustomerGrowthData> {
  return {
    name: 'customer_growth',
    title: 'new customers',
    async collect(window) {
      const signups = await reads.signups(window.from, window.day);
      const conversions = (await reads.conversions(window.from, window.asOf)).filter((d) => d.day <= window.day);
      // Sign-ups and conversions are dated from the first record in range; a quiet day counts 0.
      const first = [signups[0]?.day, conversions[0]?.day].filter((d): d is string => d !== undefined).sort()[0];
      const zeroFrom = first ?? null;
      return ok({
        signups: dailySeries(
          window,
          signups.map((s) => ({ day: s.day, value: s.signups })),
          { zeroFrom },
        ),
        trials: dailySeries(
          window,
          signups.map((s) => ({ day: s.day, value: s.trials })),
          { zeroFrom },
        ),
        conversions: dailySeries(window, conversions, { zeroFrom }),
        trialsTarget: await targetSeries(reads, window, 'newTrials'),
        conversionsTarget: await targetSeries(reads, window, 'conversions'),
        newCustomers: await reads.newCustomers(window.day),
      });
    },
  };
}
