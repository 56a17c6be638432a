/** Targets on record (the plan a company imports) as a daily series, or null when there are none. */
import type { TargetMetric } from '../../../domain/index.ts';
import type { BriefingWindow, DailySeries } from './source.ts';
import { dailySeries } from './source.ts';

export interface TargetReads {
  targets(from: string, to: string, metric: TargetMetric): Promise<{ day: string; target: number }[]>;
}

export async function targetSeries(
  reads: TargetReads,
  window: BriefingWindow,
  metric: TargetMetric,
): Promise<DailySeries | null> {
  const rows = await reads.targets(window.from, window.day, metric);
  if (rows.length === 0) return null;
  return dailySeries(
    window,
    rows.map((r) => ({ day: r.day, value: r.target })),
    { zeroFrom: null },
  );
}
