/**
 * `system_health_status`: uptime per day over every service (minutes up over minutes sampled, by
 * the UTC day a sample began), and the samples completed since the last briefing with their
 * downtime. A sample is reported once, by the first briefing after its window ends, so a
 * five-minute monitor and a daily rollup are both counted exactly once.
 */
import type { CompletedHealthSample } from '../../../domain/metrics/index.ts';
import { dayOf, dayStartMs } from '../../../domain/dates.ts';
import { dailySeries, ok, type BriefingSource, type DailySeries } from './source.ts';

export interface ServiceDowntime {
  service: string;
  downtimeMinutes: number;
  sampledMinutes: number;
  incidents: number;
}

export interface SystemHealthData {
  /** Percent of sampled minutes up, per day; null on a day without samples. */
  uptime: DailySeries;
  /** Samples whose window ended after the last briefing, summed per service. */
  overnight: ServiceDowntime[];
}

export interface SystemHealthReads {
  completedHealthSamples(fromMs: number, asOf: number): Promise<CompletedHealthSample[]>;
}

const MINUTE_MS = 60_000;

export function systemHealthSource(reads: SystemHealthReads): BriefingSource<SystemHealthData> {
  return {
    name: 'system_health_status',
    title: 'system health status',
    async collect(window) {
      const samples = await reads.completedHealthSamples(dayStartMs(window.from), window.asOf);
      const sampled = new Map<string, { up: number; total: number }>();
      for (const s of samples) {
        const day = dayOf(s.at);
        if (day < window.from || day > window.day) continue;
        const t = sampled.get(day) ?? { up: 0, total: 0 };
        t.up += s.windowMinutes - s.downtimeMinutes;
        t.total += s.windowMinutes;
        sampled.set(day, t);
      }
      const uptime = dailySeries(
        window,
        [...sampled].map(([day, t]) => ({ day, value: (100 * t.up) / t.total })),
        { zeroFrom: null },
      );
      const overnight = new Map<string, ServiceDowntime>();
      for (const s of samples) {
        if (s.at + s.windowMinutes * MINUTE_MS <= window.since) continue;
        const o = overnight.get(s.service) ?? {
          service: s.service,
          downtimeMinutes: 0,
          sampledMinutes: 0,
          incidents: 0,
        };
        o.downtimeMinutes += s.downtimeMinutes;
        o.sampledMinutes += s.windowMinutes;
        o.incidents += s.incidents;
        overnight.set(s.service, o);
      }
      return ok({ uptime, overnight: [...overnight.values()].sort((a, b) => a.service.localeCompare(b.service)) });
    },
  };
}
