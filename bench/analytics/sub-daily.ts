import { Rng } from '../../src/sim/index.ts';
import { DAY_MS } from '../../src/analytics/series.ts';
import type { LabelledAnomaly, LabelledSeries } from './synthetic.ts';

/**
 * Sub-daily metric series with labelled anomalies, from a seed: 5-minute series of 42 days and
 * hourly series of 120 days, each a noisy sine (continuous), a square daily cycle (on during
 * working hours, off at night, continuous) or counts with a daily profile (Poisson, 1-60 an
 * interval). Anomalies, sized in units of the interval's noise, start after a clean learning
 * period of 14 days, 2-6 days apart (5-minute) or 1-3 weeks apart (hourly): spikes and dips (5-8 sd, one point), level shifts
 * (2-4 sd, for good), outages (30 minutes to 6 hours at 0-5 %) and a changed daily pattern (the
 * cycle shifted by 4-8 hours or flattened, for 1-2 days). One series in three has none: every
 * alarm there is false, the weak spot this benchmark measures.
 */
export type SubDailyKind = 'noisy_sine' | 'square_cycle' | 'poisson_counts';
export type SubDailyAnomalyKind = 'spike' | 'dip' | 'level_shift' | 'outage' | 'pattern_change';

export type SubDailyAnomaly = LabelledAnomaly<SubDailyAnomalyKind>;

export interface SubDailySeries extends LabelledSeries<SubDailyKind, SubDailyAnomalyKind> {
  intervalMinutes: number;
}

/** Days before which no anomaly is injected and no alarm is counted. */
export const SUB_DAILY_LEARNING_DAYS = 14;
const START = Date.UTC(2023, 0, 2);
const KINDS: SubDailyAnomalyKind[] = ['spike', 'dip', 'level_shift', 'outage', 'pattern_change'];
/** Hours after an anomaly's last point (a level shift's first) during which an alarm still counts. */
const GRACE_HOURS: Record<SubDailyAnomalyKind, number> = {
  spike: 1,
  dip: 1,
  outage: 1,
  level_shift: 24,
  pattern_change: 6,
};
/** Anomalies are a few days apart in 5-minute series, one to three weeks in hourly ones. */
const RATES = [
  { minutes: 5, days: 42, gapDays: [2, 6] },
  { minutes: 60, days: 120, gapDays: [7, 21] },
] as const;

export function generateSubDailySeries(seed: string, count: number): SubDailySeries[] {
  const out: SubDailySeries[] = [];
  for (let s = 0; s < count; s++) {
    const rng = Rng.forKey(seed, 'sub-daily', s);
    const kind: SubDailyKind = (['noisy_sine', 'square_cycle', 'poisson_counts'] as const)[s % 3]!;
    const rate = RATES[Math.floor(s / 3) % 2]!;
    const clean = Math.floor(s / 6) % 3 === 2;
    out.push(generateOne(rng, `${seed}-${s}-${kind}-${rate.minutes}m`, kind, rate, clean));
  }
  return out;
}

function generateOne(
  rng: Rng,
  name: string,
  kind: SubDailyKind,
  rate: (typeof RATES)[number],
  clean: boolean,
): SubDailySeries {
  const { minutes, days, gapDays } = rate;
  const perDay = (24 * 60) / minutes;
  const n = days * perDay;
  const perHour = 60 / minutes;
  const base = kind === 'poisson_counts' ? rng.float(5, 40) : rng.logUniform(10, 10_000);
  // daily amplitude relative to the base; the continuous noise is a share of the base
  const amplitude = rng.float(0.3, 0.8);
  const noise = kind === 'poisson_counts' ? 0 : rng.float(0.02, 0.1);
  const phase = rng.float(0, 2 * Math.PI);
  const on = rng.int(6, 10);
  const off = on + rng.int(8, 12);
  const profile = (hour: number): number => {
    if (kind === 'square_cycle') return hour >= on && hour < off ? 1 + amplitude : 1 - amplitude / 2;
    return 1 + amplitude * Math.sin((2 * Math.PI * hour) / 24 + phase);
  };
  const mean = new Float64Array(n);
  for (let t = 0; t < n; t++) mean[t] = base * profile((t / perHour) % 24);
  const sd = (t: number): number => (kind === 'poisson_counts' ? Math.sqrt(mean[t]!) : base * noise);

  const anomalies: SubDailyAnomaly[] = [];
  const factor = new Float64Array(n).fill(1);
  const add = new Float64Array(n);
  const outage = new Uint8Array(n);
  let t = SUB_DAILY_LEARNING_DAYS * perDay + rng.int(0, 3 * perDay);
  while (!clean && t < n - 2 * perDay) {
    const a = rng.pick(KINDS);
    let end = t;
    if (a === 'spike') add[t] = rng.float(5, 8) * sd(t);
    else if (a === 'dip') add[t] = -Math.min(mean[t]! * 0.9, rng.float(5, 8) * sd(t));
    else if (a === 'outage') {
      end = t + Math.max(0, Math.round(rng.float(0.5, 6) * perHour) - 1);
      for (let d = t; d <= end; d++) outage[d] = 1;
    } else if (a === 'level_shift') {
      const rel = ((rng.chance(0.5) ? 1 : -1) * rng.float(2, 4) * sd(t)) / base;
      const f = Math.max(0.3, 1 + rel);
      for (let d = t; d < n; d++) factor[d] = factor[d]! * f;
    } else {
      end = Math.min(n - 1, t + rng.int(1, 2) * perDay - 1);
      const shiftHours = rng.int(4, 8);
      const flatten = rng.chance(0.3);
      for (let d = t; d <= end; d++) {
        const hour = (d / perHour) % 24;
        mean[d] = flatten ? base : base * profile((hour + 24 - shiftHours) % 24);
      }
    }
    const grace = a === 'level_shift' ? t + GRACE_HOURS[a] * perHour : end + GRACE_HOURS[a] * perHour;
    anomalies.push({ kind: a, start: t, end, detectBy: Math.min(n - 1, grace) });
    t = Math.max(end, grace) + rng.int(gapDays[0] * perDay, gapDays[1] * perDay);
  }

  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  const step = minutes * 60_000;
  for (let d = 0; d < n; d++) {
    timestamps[d] = START + d * step;
    const m = mean[d]! * factor[d]!;
    let v = kind === 'poisson_counts' ? rng.poisson(m) : m + base * noise * rng.normal();
    v += add[d]!;
    if (outage[d]) v *= rng.float(0, 0.05);
    values[d] = kind === 'poisson_counts' ? Math.max(0, Math.round(v)) : Math.max(0, Math.round(v * 100) / 100);
  }
  return { name, kind, intervalMinutes: minutes, timestamps, values, anomalies };
}

/** Points per day of a series (its interval is regular). */
export function pointsPerDay(s: { intervalMinutes: number }): number {
  return DAY_MS / (s.intervalMinutes * 60_000);
}
