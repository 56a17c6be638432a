import { describe, expect, it } from 'vitest';
import { AnomalyDetector, DAY_MS, detectSeries, MINUTE_MS } from '../../../src/analytics/index.ts';
import { Rng } from '../../../src/sim/index.ts';

const START = Date.UTC(2024, 0, 1);
const DAYS = 240;
const AT = 180;

/** Daily revenue-like series: weekly profile, 30 %/year growth, 6 % log-normal noise. */
function revenue(seed: string, shape: (day: number, mean: number) => number = (_d, m) => m): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: DAYS }, (_, d) => {
    const dow = new Date(START + d * DAY_MS).getUTCDay();
    const mean = 10_000 * (dow === 0 || dow === 6 ? 0.6 : 1) * Math.exp((Math.log(1.3) * d) / 365);
    return Math.round(shape(d, mean) * Math.exp(0.06 * rng.normal()) * 100) / 100;
  });
}

/** Poisson counts with mean `mean(day)`. */
function counts(seed: string, mean: (day: number) => number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: DAYS }, (_, d) => rng.poisson(mean(d)));
}

const days = Float64Array.from({ length: DAYS }, (_, d) => START + d * DAY_MS);

/** Days (after the learning period) on which the detector alarmed. */
function alarmDays(values: Float64Array, timestamps: Float64Array = days): number[] {
  const { alarms } = detectSeries(timestamps, values);
  const out: number[] = [];
  for (let i = 30; i < alarms.length; i++) if (alarms[i]) out.push(i);
  return out;
}

/** Alarms outside [from, to]: false alarms. The operating point allows about one a series-year. */
function outside(alarms: number[], from: number, to: number): number[] {
  return alarms.filter((d) => d < from || d > to);
}

describe('anomaly detector on constructed daily series', () => {
  it('stays nearly quiet on a growing, weekly-seasonal series without anomalies', () => {
    const all = ['a', 'b', 'c', 'd', 'e', 'f'].map((seed) => alarmDays(revenue(seed)));
    // 6 series × 210 days ≈ 3.5 series-years. The daily operating point (p ≈ 0.003 per chart, three
    // charts) gives about two false alarms a series-year on clean data; a broken model gives dozens.
    expect(all.flat().length).toBeLessThanOrEqual(9);
    for (const alarms of all) expect(alarms.length).toBeLessThanOrEqual(3);
  });

  it('flags a one-day spike on that day', () => {
    const alarms = alarmDays(revenue('a', (d, m) => (d === AT ? m * 1.6 : m)));
    expect(alarms).toContain(AT);
    expect(outside(alarms, AT, AT).length).toBeLessThanOrEqual(2);
  });

  it('flags a one-day dip', () => {
    expect(alarmDays(revenue('b', (d, m) => (d === AT ? m * 0.55 : m)))).toEqual([AT]);
  });

  it('flags an outage (near zero for three days) once, at its start', () => {
    const alarms = alarmDays(revenue('c', (d, m) => (d >= AT && d < AT + 3 ? m * 0.01 : m)));
    expect(alarms.filter((d) => d >= AT)[0]).toBe(AT);
    expect(alarms.filter((d) => d > AT && d <= AT + 3)).toEqual([]);
  });

  it('flags a level shift within days and then accepts the new normal', () => {
    const alarms = alarmDays(revenue('a', (d, m) => (d >= AT ? m * 1.35 : m))).filter((d) => d >= AT);
    expect(alarms[0]).toBeLessThanOrEqual(AT + 7);
    expect(alarms.filter((d) => d > AT + 14)).toEqual([]);
  });

  it('flags a gradual ramp (down 40 % over 20 days) before it ends', () => {
    const ramp = (d: number): number => 1 - 0.4 * Math.min(1, Math.max(0, d - AT + 1) / 20);
    const alarms = alarmDays(revenue('b', (d, m) => m * ramp(d))).filter((d) => d >= AT);
    expect(alarms[0]).toBeLessThanOrEqual(AT + 20);
  });

  it('judges low counts by Poisson noise: 3-40 a day stay quiet, a real jump alarms', () => {
    const quiet = [3, 8, 40].map((mean) => alarmDays(counts(`quiet-${mean}`, () => mean)));
    expect(quiet.flat().length).toBeLessThanOrEqual(2);
    // 5 → 25 tickets a day is far outside Poisson(5) noise.
    expect(alarmDays(counts('jump', (d) => (d === AT ? 25 : 5)))).toContain(AT);
    // ... while 5 → 9 is not (P(X ≥ 9 | 5) ≈ 6.8 %).
    expect(alarmDays(counts('jump', (d) => (d === AT ? 9 : 5)))).not.toContain(AT);
  });

  it('flags a level shift of low counts (8 → 14 a day, about 2 sd of Poisson noise) within two weeks', () => {
    const alarms = alarmDays(counts('shift', (d) => (d >= AT ? 14 : 8))).filter((d) => d >= AT);
    expect(alarms[0]).toBeLessThanOrEqual(AT + 14);
  });

  it('flags a second outage two months after the first: one alarm does not deafen a daily series', () => {
    const FIRST = 110;
    const alarms = alarmDays(revenue('d', (d, m) => (d === FIRST || d === AT ? m * 0.02 : m)));
    expect(alarms).toContain(FIRST);
    expect(alarms).toContain(AT);
  });

  it('reports the expected value and a band that holds ordinary values', () => {
    const values = revenue('a');
    const d = new AnomalyDetector();
    let inside = 0;
    for (let i = 0; i < DAYS; i++) {
      const r = d.update(days[i]!, values[i]!);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThan(1);
      expect(r.lower).toBeLessThanOrEqual(r.expected);
      expect(r.upper).toBeGreaterThanOrEqual(r.expected);
      if (i >= 30 && values[i]! >= r.lower && values[i]! <= r.upper) inside++;
    }
    expect(inside).toBeGreaterThan(0.97 * (DAYS - 30));
    // The expectation follows the weekly profile: a Saturday is expected lower than a Wednesday.
    const { expected } = detectSeries(days, values);
    const saturday = DAYS - 1 - ((new Date(days[DAYS - 1]!).getUTCDay() + 1) % 7);
    expect(new Date(days[saturday]!).getUTCDay()).toBe(6);
    expect(expected[saturday]!).toBeLessThan(0.8 * expected[saturday - 3]!);
  });

  it('is streaming: a point scores the same whatever comes after it', () => {
    const values = revenue('c', (d, m) => (d === AT ? m * 2 : m));
    const full = detectSeries(days, values).scores;
    const prefix = detectSeries(days.subarray(0, AT + 1), values.subarray(0, AT + 1)).scores;
    expect(Array.from(prefix)).toEqual(Array.from(full.subarray(0, AT + 1)));
  });
});

describe('anomaly detector on minute-level series', () => {
  it('learns a daily cycle, stays quiet on it, and alarms when the cycle breaks', () => {
    const rng = new Rng('minutes');
    const n = 288 * 10;
    const ts = Float64Array.from({ length: n }, (_, i) => START + i * 5 * MINUTE_MS);
    const cycle = (i: number): number => 50 + 30 * Math.sin((2 * Math.PI * (i % 288)) / 288);
    const quiet = Float64Array.from({ length: n }, (_, i) => cycle(i) + rng.normal());
    const { alarms } = detectSeries(ts, quiet);
    // The 5-minute operating point allows about one false alarm every two days (NAB's trade-off).
    expect(alarms.slice(288 * 3).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4);
    // Day 8: the afternoon stays flat at the morning level instead of following the cycle.
    const broken = Float64Array.from(quiet, (v, i) =>
      i >= 288 * 8 + 100 && i < 288 * 8 + 180 ? 50 + rng.normal() : v,
    );
    const hit = detectSeries(ts, broken).alarms;
    const first = hit.findIndex((a, i) => a === 1 && i >= 288 * 8 + 100);
    expect(first).toBeGreaterThanOrEqual(288 * 8 + 100);
    expect(first).toBeLessThan(288 * 8 + 180);
  });
});

describe('the noise option', () => {
  it('reads whole-number amounts as continuous when told: as auto reads the same amounts off the integers', () => {
    const rng = new Rng('cents');
    const cents = Float64Array.from({ length: 60 }, () => Math.round(1_000_000 * Math.exp(0.1 * rng.normal())));
    const shifted = Float64Array.from(cents, (c) => c + 0.5);
    const told = detectSeries(days.subarray(0, 60), cents, { noise: 'continuous' });
    const auto = detectSeries(days.subarray(0, 60), shifted);
    const counted = detectSeries(days.subarray(0, 60), cents);
    for (let i = 30; i < 60; i++) {
      expect(told.expected[i]! + 0.5).toBeCloseTo(auto.expected[i]!, 6);
      expect(told.upper[i]! + 0.5).toBeCloseTo(auto.upper[i]!, 6);
    }
    // Left to itself, the detector reads whole numbers as counts (on the Anscombe scale).
    expect(Math.abs(counted.upper[59]! - told.upper[59]!)).toBeGreaterThan(1);
  });
});
