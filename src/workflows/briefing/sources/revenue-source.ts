/**
 * `overnight_revenue_metrics`: cash collected per day (successful payments, by the UTC day they
 * were made), how many payments made it, and the daily revenue target when one is on record.
 */
import type { DayTotal } from '../../../domain/metrics/index.ts';
import { dailySeries, ok, type BriefingSource, type DailySeries } from './source.ts';
import type { TargetReads } from './targets.ts';
import { targetSeries } from './targets.ts';

export interface RevenueData {
  /** Cents collected per day. */
  revenue: DailySeries;
  /** Successful payments per day. */
  payments: DailySeries;
  /** The plan's daily revenue in cents; null when no target is on record. */
  target: DailySeries | null;
}

export interface RevenueReads extends TargetReads {
  revenue(from: string, asOf: number): Promise<DayTotal[]>;
}

export function revenueSource(reads: RevenueReads): BriefingSource<RevenueData> {
  return {
    name: 'overnight_revenue_metrics',
    title: 'overnight revenue metrics',
    async collect(window) {
      const totals = await reads.revenue(window.from, window.asOf);
      return ok({
        revenue: dailySeries(window, totals),
        payments: dailySeries(
          window,
          totals.map((t) => ({ day: t.day, value: t.count })),
        ),
        target: await targetSeries(reads, window, 'revenueCents'),
      });
    },
  };
}
