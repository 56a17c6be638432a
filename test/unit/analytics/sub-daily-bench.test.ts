import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../bench/analytics/evaluate.ts';
import { generateSubDailySeries, pointsPerDay, SUB_DAILY_LEARNING_DAYS } from '../../../bench/analytics/sub-daily.ts';

describe('sub-daily benchmark series', () => {
  const series = generateSubDailySeries('test', 18);

  it('is reproducible from its seed and differs between seeds', () => {
    const again = generateSubDailySeries('test', 18);
    expect(again.map((s) => Array.from(s.values.slice(0, 50)))).toEqual(
      series.map((s) => Array.from(s.values.slice(0, 50))),
    );
    expect(generateSubDailySeries('other', 1)[0]!.values).not.toEqual(series[0]!.values);
  });

  it('covers three shapes at 5-minute and hourly intervals, one series in three without anomalies', () => {
    expect(new Set(series.map((s) => `${s.kind}/${s.intervalMinutes}`)).size).toBe(6);
    const clean = series.filter((s) => s.anomalies.length === 0);
    expect(clean).toHaveLength(6);
    expect(new Set(clean.map((s) => `${s.kind}/${s.intervalMinutes}`)).size).toBe(6);
  });

  it('has regular timestamps, non-negative values and integer counts', () => {
    for (const s of series) {
      const step = s.intervalMinutes * 60_000;
      let regular = true;
      for (let i = 1; i < s.timestamps.length; i++)
        if (s.timestamps[i]! - s.timestamps[i - 1]! !== step) regular = false;
      expect(regular).toBe(true);
      expect(s.values.every((v) => v >= 0)).toBe(true);
      if (s.kind === 'poisson_counts') expect(s.values.every((v) => Number.isInteger(v))).toBe(true);
    }
  });

  it('injects anomalies only after the learning period, in order, with detectBy at or after their end', () => {
    for (const s of series) {
      let last = SUB_DAILY_LEARNING_DAYS * pointsPerDay(s) - 1;
      for (const a of s.anomalies) {
        expect(a.start).toBeGreaterThan(last);
        expect(a.end).toBeGreaterThanOrEqual(a.start);
        expect(a.detectBy).toBeGreaterThanOrEqual(a.end);
        expect(a.detectBy).toBeLessThan(s.values.length);
        last = a.detectBy;
      }
    }
  });

  it('makes an outage visible: values near zero where one is labelled', () => {
    const outage = series.flatMap((s) => s.anomalies.map((a) => ({ s, a }))).find(({ a }) => a.kind === 'outage');
    expect(outage).toBeDefined();
    const { s, a } = outage!;
    const before = s.values[a.start - pointsPerDay(s)]!;
    for (let i = a.start; i <= a.end; i++) expect(s.values[i]!).toBeLessThanOrEqual(Math.max(1, before * 0.2));
  });
});

describe('evaluate with per-series learning period and period length', () => {
  const s = {
    kind: 'k',
    values: new Float64Array(100),
    anomalies: [{ kind: 'spike', start: 50, detectBy: 52 }],
  };
  const options = { learningPoints: () => 20, pointsPerPeriod: () => 40 };

  it('counts an alarm inside the window as detection and alarms elsewhere after learning as false', () => {
    const alarms = new Uint8Array(100);
    alarms[5] = 1; // learning period: not counted
    alarms[30] = 1; // false
    alarms[51] = 1; // detection
    alarms[90] = 1; // false
    const e = evaluate([s], () => alarms, options);
    expect(e.detected).toBe(1);
    expect(e.falseAlarms).toBe(2);
    expect(e.seriesYears).toBe(2);
  });

  it('counts every alarm after learning on a series without anomalies as a clean false alarm', () => {
    const alarms = new Uint8Array(100);
    alarms[10] = alarms[25] = alarms[99] = 1;
    const e = evaluate([{ ...s, anomalies: [] }], () => alarms, options);
    expect(e.clean).toEqual({ series: 1, seriesYears: 2, falseAlarms: 2 });
  });
});
