/**
 * Company-wide figures from the simulated customers: the daily business metrics the briefing
 * reads (revenue, MRR, trials, conversions, churn, active customers, API calls, tickets), the
 * targets it compares them with (a plan of 3 % monthly growth from the window's first weeks), and
 * system health samples per service and day (the final day's covers the part of it before `until`).
 */
import type { DailyMetricsInput, HealthSampleInput, MetricTargetInput, TargetMetric } from '../domain/model/index.ts';
import type { Story } from './lifecycle.ts';
import { Rng } from './prng.ts';
import { SERVICES, dayFraction, type SimWindow, type World } from './world.ts';

export class Aggregates {
  readonly revenue: Float64Array;
  readonly apiCalls: Float64Array;
  readonly tickets: Int32Array;
  readonly trials: Int32Array;
  readonly conversions: Int32Array;
  readonly churned: Int32Array;
  private readonly mrrDelta: Float64Array;
  private readonly activeDelta: Int32Array;

  constructor(private readonly days: number) {
    this.revenue = new Float64Array(days);
    this.apiCalls = new Float64Array(days);
    this.tickets = new Int32Array(days);
    this.trials = new Int32Array(days);
    this.conversions = new Int32Array(days);
    this.churned = new Int32Array(days);
    this.mrrDelta = new Float64Array(days + 1);
    this.activeDelta = new Int32Array(days + 1);
  }

  addStory(story: Story): void {
    const D = this.days;
    const clamp = (d: number): number => Math.max(0, Math.min(D, d));
    const end = clamp(story.endDay);
    const from = clamp(story.signupDay);
    if (from < end) {
      this.activeDelta[from]!++;
      this.activeDelta[end]!--;
    }
    if (story.signupDay >= 0 && story.signupDay < D && story.trialEnd !== null) this.trials[story.signupDay]!++;
    if (story.conversionDay !== null) this.conversions[story.conversionDay]!++;
    if (story.ending === 'churned' && story.endDay < D) this.churned[story.endDay]!++;
    if (story.payingFrom === null) return;
    story.prices.forEach((p, i) => {
      const next = story.prices[i + 1];
      const a = clamp(Math.max(story.payingFrom!, p.day));
      const b = clamp(Math.min(end, next ? next.day : D));
      if (a < b) {
        this.mrrDelta[a] = this.mrrDelta[a]! + p.monthlyCents;
        this.mrrDelta[b] = this.mrrDelta[b]! - p.monthlyCents;
      }
    });
  }

  dailyMetrics(window: SimWindow): DailyMetricsInput[] {
    let mrr = 0;
    let active = 0;
    return window.dayNames.map((day, d) => {
      mrr += this.mrrDelta[d]!;
      active += this.activeDelta[d]!;
      return {
        day,
        revenueCents: Math.round(this.revenue[d]!),
        mrrCents: Math.round(mrr),
        newTrials: this.trials[d]!,
        conversions: this.conversions[d]!,
        churned: this.churned[d]!,
        activeCustomers: active,
        apiCalls: Math.round(this.apiCalls[d]!),
        ticketVolume: this.tickets[d]!,
      };
    });
  }
}

export function targetsFrom(metrics: readonly DailyMetricsInput[]): MetricTargetInput[] {
  const first = metrics.slice(0, 14);
  const mean = (pick: (m: DailyMetricsInput) => number): number =>
    first.reduce((s, m) => s + pick(m), 0) / Math.max(1, first.length);
  const startMrr = metrics[0]?.mrrCents ?? 0;
  const base: Record<Exclude<TargetMetric, 'activeCustomers' | 'ticketVolume'>, number> = {
    mrrCents: startMrr,
    revenueCents: startMrr / 30.4,
    newTrials: mean((m) => m.newTrials) * 1.1,
    conversions: mean((m) => m.conversions) * 1.1,
    apiCalls: mean((m) => m.apiCalls),
  };
  const out: MetricTargetInput[] = [];
  metrics.forEach((m, d) => {
    const growth = 1.03 ** (d / 30);
    for (const [metric, value] of Object.entries(base) as [TargetMetric, number][]) {
      out.push({ metric, day: m.day, target: Math.round(value * growth * 100) / 100 });
    }
  });
  return out;
}

const BASE_LATENCY: Record<(typeof SERVICES)[number], number> = { api: 85, dashboard: 140, webhooks: 60 };

export function healthSamples(seed: string, window: SimWindow, world: World): HealthSampleInput[] {
  const rng = Rng.forKey(seed, 'health');
  const samples: HealthSampleInput[] = [];
  for (let d = 0; d < window.days; d++) {
    const windowMinutes = Math.floor(dayFraction(window, d) * 1440);
    if (windowMinutes < 1) continue;
    for (const service of SERVICES) {
      const outages = world.outages.filter((o) => o.day === d && o.service === service);
      const downtime = Math.min(
        windowMinutes,
        outages.reduce((s, o) => s + o.minutes, 0),
      );
      const p50 = BASE_LATENCY[service] * rng.float(0.92, 1.08) * (outages.length > 0 ? rng.float(1.5, 3) : 1);
      samples.push({
        service,
        at: window.dayMs[d]!,
        windowMinutes,
        downtimeMinutes: downtime,
        latencyP50Ms: Math.round(p50 * 10) / 10,
        latencyP95Ms: Math.round(p50 * rng.float(2.2, 3) * 10) / 10,
        incidents: outages.length,
      });
    }
  }
  return samples;
}
