import { describe, expect, it } from 'vitest';
import { dailyTrends, mannKendall, theilSen, trend } from '../../../src/analytics/index.ts';
import { Rng } from '../../../src/sim/index.ts';

describe('Theil-Sen slope', () => {
  it('recovers a line and ignores a single outlier', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6];
    const ys = xs.map((x) => 10 + 2 * x);
    expect(theilSen(xs, ys)).toEqual({ slope: 2, intercept: 10 });
    ys[3] = 500;
    expect(theilSen(xs, ys).slope).toBe(2);
  });
});

describe('Mann-Kendall', () => {
  it('uses the exact distribution for short series: a strictly rising week has p = 2/7!', () => {
    const mk = mannKendall([1, 2, 3, 4, 5, 6, 7]);
    expect(mk.s).toBe(21);
    expect(mk.tau).toBe(1);
    expect(mk.pValue).toBeCloseTo(2 / 5040, 15);
  });

  it('corrects the variance for ties', () => {
    // n = 10 with one triple tie: (10·9·25 − 3·2·11)/18
    const mk = mannKendall([1, 2, 2, 2, 3, 4, 5, 6, 7, 8]);
    expect(mk.variance).toBeCloseTo((10 * 9 * 25 - 3 * 2 * 11) / 18, 12);
    expect(mk.pValue).toBeLessThan(0.001);
  });

  it('finds nothing in a constant series', () => {
    expect(mannKendall([4, 4, 4, 4, 4])).toMatchObject({ s: 0, variance: 0, pValue: 1 });
  });
});

describe('trend', () => {
  it('calls a steady rise up, with its relative slope', () => {
    const values = Array.from({ length: 28 }, (_, i) => 100 + 3 * i + (i % 2 ? 1 : -1));
    const t = trend(values, 28);
    expect(t.direction).toBe('up');
    expect(t.significant).toBe(true);
    expect(t.slope).toBeCloseTo(3, 0);
    expect(t.relativeSlope).toBeCloseTo(3 / 141.5, 2);
  });

  it('calls a decline down', () => {
    expect(trend([50, 48, 47, 45, 44, 41, 40], 7).direction).toBe('down');
  });

  it('does not mistake noise for a trend', () => {
    const rng = new Rng('noise');
    let significant = 0;
    for (let k = 0; k < 200; k++) {
      const values = Array.from({ length: 28 }, () => 100 + 10 * rng.normal());
      if (trend(values, 28).significant) significant++;
    }
    // at alpha = 0.05, about 10 of 200 pure-noise series
    expect(significant).toBeLessThanOrEqual(20);
  });

  it('reads only the last window and skips missing values', () => {
    const values = [...Array.from({ length: 21 }, () => 1000), 1, 2, NaN, 4, 5, 6, 7];
    const t = trend(values, 7);
    expect(t.n).toBe(6);
    expect(t.direction).toBe('up');
    expect(trend([1, 2], 7)).toMatchObject({ n: 2, direction: 'flat', significant: false });
  });

  it('gives the week and the month together; a flat week can sit in a rising month', () => {
    const values = [...Array.from({ length: 21 }, (_, i) => 10 + i), 31, 30, 31, 30, 31, 30, 31];
    const { week, month } = dailyTrends(values);
    expect(week.direction).toBe('flat');
    expect(month.direction).toBe('up');
  });
});
