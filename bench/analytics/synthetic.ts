import { Rng } from '../../src/sim/index.ts';
import { DAY_MS } from '../../src/analytics/series.ts';

/**
 * Daily business series with labelled anomalies, from a seed: revenue (continuous, log-normal
 * noise), low counts (Poisson, 3-40 a day: tickets, signups) and high-volume counts (API calls,
 * over-dispersed). Each has a weekly profile and growth or decline. Anomalies are injected after a
 * clean first quarter, at least four weeks apart, sized in units of the day's noise so that a
 * careful human could see them: spikes, dips, level shifts, outages (near zero) and ramps.
 */
export type SeriesKind = 'revenue' | 'low_counts' | 'api_calls';
export type AnomalyKind = 'spike' | 'dip' | 'level_shift' | 'outage' | 'ramp';

/** An injected anomaly; indices are points (days for the daily series, intervals for the sub-daily ones). */
export interface LabelledAnomaly<K extends string = AnomalyKind> {
  kind: K;
  /** First and last affected point (indices). */
  start: number;
  end: number;
  /** Last point at which an alarm still counts as detecting it. */
  detectBy: number;
}

export interface LabelledSeries<S extends string = SeriesKind, K extends string = AnomalyKind> {
  name: string;
  kind: S;
  timestamps: Float64Array;
  values: Float64Array;
  anomalies: LabelledAnomaly<K>[];
}

/** Days before which no anomaly is injected and no alarm is counted: the detector's learning time. */
export const LEARNING_DAYS = 56;
const START = Date.UTC(2023, 0, 2);
const KINDS: AnomalyKind[] = ['spike', 'dip', 'level_shift', 'outage', 'ramp'];
/** How long after an anomaly starts (or a ramp ends) an alarm still counts, in days. */
const GRACE: Record<AnomalyKind, number> = { spike: 1, dip: 1, outage: 1, level_shift: 14, ramp: 14 };

export function generateBusinessSeries(seed: string, count: number, days = 730): LabelledSeries[] {
  const out: LabelledSeries[] = [];
  for (let s = 0; s < count; s++) {
    const rng = Rng.forKey(seed, 'series', s);
    const kind: SeriesKind = (['revenue', 'low_counts', 'api_calls'] as const)[s % 3]!;
    out.push(generateOne(rng, `${seed}-${s}-${kind}`, kind, days, s % 6 === 5));
  }
  return out;
}

function generateOne(rng: Rng, name: string, kind: SeriesKind, days: number, clean: boolean): LabelledSeries {
  const base =
    kind === 'revenue'
      ? rng.logUniform(500, 50_000)
      : kind === 'low_counts'
        ? rng.float(3, 40)
        : rng.logUniform(1e4, 1e6);
  const weekendDepth = rng.float(0.3, 0.9);
  const weekly = Array.from({ length: 7 }, (_, d) => (d === 0 || d === 6 ? weekendDepth : 1 + rng.float(-0.1, 0.15)));
  const growthPerYear = rng.float(-0.15, 0.8);
  const sigma = kind === 'revenue' ? rng.float(0.04, 0.15) : kind === 'api_calls' ? rng.float(0.02, 0.08) : 0;
  const mean = new Float64Array(days);
  for (let t = 0; t < days; t++) {
    const dow = new Date(START + t * DAY_MS).getUTCDay();
    mean[t] = base * weekly[dow]! * Math.exp((Math.log(1 + growthPerYear) * t) / 365);
  }
  // Noise sd of one day, the unit anomalies are sized in.
  const sd = (t: number): number =>
    kind === 'low_counts' ? Math.sqrt(mean[t]!) : mean[t]! * sigma + Math.sqrt(mean[t]!);
  const anomalies: LabelledAnomaly[] = [];
  const factor = new Float64Array(days).fill(1);
  const outage = new Uint8Array(days);
  const add = new Float64Array(days);
  let t = LEARNING_DAYS + rng.int(7, 35);
  while (!clean && t < days - 30) {
    const a = rng.pick(KINDS);
    // Shifts and ramps lean back towards the original level, so levels stay in a business's range.
    const drift = factor[t]!;
    const sign = drift > 1.4 ? -1 : drift < 0.7 ? 1 : rng.chance(0.5) ? 1 : -1;
    let end = t;
    if (a === 'spike') add[t] = rng.float(5, 8) * sd(t);
    else if (a === 'dip') add[t] = -Math.min(mean[t]! * 0.9, rng.float(5, 8) * sd(t));
    else if (a === 'outage') {
      end = t + rng.int(0, 3);
      for (let d = t; d <= end; d++) outage[d] = 1;
    } else if (a === 'level_shift') {
      const rel = (sign * rng.float(2, 4) * sd(t)) / mean[t]!;
      const f = Math.max(0.3, 1 + rel);
      for (let d = t; d < days; d++) factor[d] = factor[d]! * f;
    } else {
      const length = rng.int(14, 42);
      end = Math.min(days - 1, t + length - 1);
      const rel = (sign * rng.float(3, 5) * sd(t)) / mean[t]!;
      const f = Math.max(0.3, 1 + rel);
      for (let d = t; d < days; d++) factor[d] = factor[d]! * (1 + (f - 1) * Math.min(1, (d - t + 1) / length));
    }
    anomalies.push({ kind: a, start: t, end, detectBy: Math.min(days - 1, end + GRACE[a]) });
    t = end + rng.int(60, 180);
  }
  const timestamps = new Float64Array(days);
  const values = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    timestamps[d] = START + d * DAY_MS;
    const m = mean[d]! * factor[d]!;
    let v: number;
    if (kind === 'revenue') v = Math.round(m * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2) * 100) / 100;
    else if (kind === 'low_counts') v = poisson(rng, m);
    else v = poisson(rng, m * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2));
    v += add[d]! * factor[d]!;
    if (outage[d]) v *= rng.float(0, 0.05);
    values[d] = kind === 'revenue' ? Math.max(0, Math.round(v * 100) / 100) : Math.max(0, Math.round(v));
  }
  return { name, kind, timestamps, values, anomalies };
}

function poisson(rng: Rng, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  return rng.poisson(mean);
}
