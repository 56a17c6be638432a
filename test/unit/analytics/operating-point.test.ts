import { describe, expect, it } from 'vitest';
import { detectSeries } from '../../../src/analytics/index.ts';
import { operatingSurprise } from '../../../src/analytics/anomaly/detector.ts';
import { Rng } from '../../../src/sim/index.ts';

const FIVE_MINUTES = 300_000;

function noisySine(seed: string): { timestamps: Float64Array; values: Float64Array } {
  const rng = Rng.forKey('operating-point', seed);
  const n = 30 * 288;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    timestamps[i] = Date.UTC(2024, 0, 1) + i * FIVE_MINUTES;
    values[i] = 100 + 20 * Math.sin((2 * Math.PI * i) / 288) + 2 * rng.normal();
  }
  return { timestamps, values };
}

describe('operating point by sampling rate', () => {
  it('keeps p ≈ 3e-4 for daily and coarser data and raises it by 0.4 per decade of points a day', () => {
    expect(operatingSurprise(1)).toBe(3.5);
    expect(operatingSurprise(1 / 7)).toBe(3.5);
    expect(operatingSurprise(24)).toBeCloseTo(3.5 + 0.4 * Math.log10(24), 12);
    expect(operatingSurprise(288)).toBeCloseTo(4.484, 3);
  });

  it('raises few alarms on clean 5-minute data (25 on these three months with the daily operating point)', () => {
    let alarms = 0;
    for (const seed of ['a', 'b', 'c']) {
      const s = noisySine(seed);
      const r = detectSeries(s.timestamps, s.values);
      for (let i = 300; i < r.alarms.length; i++) alarms += r.alarms[i]!;
    }
    expect(alarms).toBeLessThanOrEqual(15);
  });

  it('still alarms on an 8-sd spike in 5-minute data', () => {
    for (const seed of ['a', 'b', 'c']) {
      const s = noisySine(seed);
      s.values[6000] = s.values[6000]! + 16;
      expect(detectSeries(s.timestamps, s.values).alarms[6000]).toBe(1);
    }
  });
});
