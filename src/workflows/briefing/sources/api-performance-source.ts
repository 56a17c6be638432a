/**
 * `api_performance_data`: API calls and errors per day summed over every customer's usage, the
 * error rate they give, the API service's slowest p95 latency per day from the health samples,
 * and the daily API-calls target when one is on record.
 */
import type { CompletedHealthSample, DayUsage } from '../../../domain/metrics/index.ts';
import { dayOf, dayStartMs } from '../../../domain/dates.ts';
import { dailySeries, ok, type BriefingSource, type DailySeries } from './source.ts';
import { targetSeries, type TargetReads } from './targets.ts';

export interface ApiPerformanceData {
  calls: DailySeries;
  errors: DailySeries;
  /** Errors per 100 calls; null on a day without calls. */
  errorRate: DailySeries;
  /** The API service's highest p95 latency among the day's samples, in ms. */
  latencyP95: DailySeries;
  target: DailySeries | null;
}

export interface ApiPerformanceReads extends TargetReads {
  apiUsage(from: string, to: string): Promise<DayUsage[]>;
  completedHealthSamples(fromMs: number, asOf: number): Promise<CompletedHealthSample[]>;
}

export const API_SERVICE = 'api';

export function apiPerformanceSource(reads: ApiPerformanceReads): BriefingSource<ApiPerformanceData> {
  return {
    name: 'api_performance_data',
    title: 'API performance data',
    async collect(window) {
      const usage = await reads.apiUsage(window.from, window.day);
      const calls = dailySeries(
        window,
        usage.map((u) => ({ day: u.day, value: u.calls })),
      );
      const errors = dailySeries(
        window,
        usage.map((u) => ({ day: u.day, value: u.errors })),
      );
      const errorRate: DailySeries = {
        from: window.from,
        values: calls.values.map((c, i) => (c === null || c === 0 ? null : (100 * (errors.values[i] ?? 0)) / c)),
      };
      const samples = await reads.completedHealthSamples(dayStartMs(window.from), window.asOf);
      const p95 = new Map<string, number>();
      for (const s of samples) {
        if (s.service !== API_SERVICE) continue;
        const day = dayOf(s.at);
        if (day <= window.day) p95.set(day, Math.max(p95.get(day) ?? 0, s.latencyP95Ms));
      }
      const latencyP95 = dailySeries(
        window,
        [...p95].map(([day, value]) => ({ day, value })),
        { zeroFrom: null },
      );
      return ok({ calls, errors, errorRate, latencyP95, target: await targetSeries(reads, window, 'apiCalls') });
    },
  };
}
