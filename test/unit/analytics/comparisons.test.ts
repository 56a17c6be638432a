import { describe, expect, it } from 'vitest';
import { addDays, addMonths, compare, compareDay, formatChange, pacing } from '../../../src/analytics/index.ts';

function daily(from: string, values: number[]): Map<string, number> {
  return new Map(values.map((v, i) => [addDays(from, i), v]));
}

describe('compare', () => {
  it('gives delta, percent with its base, and direction', () => {
    expect(compare(112, 100)).toEqual({ current: 112, base: 100, delta: 12, percent: 12, direction: 'up' });
    expect(compare(90, 100)).toMatchObject({ delta: -10, percent: -10, direction: 'down' });
    expect(compare(5, 5)).toMatchObject({ delta: 0, percent: 0, direction: 'flat' });
    // a negative base: the percentage follows the direction of the change
    expect(compare(-50, -100)).toMatchObject({ delta: 50, percent: 50, direction: 'up' });
  });

  it('never divides by zero: a zero base has no percentage', () => {
    const c = compare(3, 0)!;
    expect(c.percent).toBeNull();
    expect(c.delta).toBe(3);
    expect(formatChange(c)).toBe('+3 vs 0');
    expect(formatChange(compare(0, 0)!)).toBe('0 vs 0');
  });

  it('is null when either side is missing', () => {
    expect(compare(undefined, 4)).toBeNull();
    expect(compare(4, null)).toBeNull();
    expect(compare(NaN, 4)).toBeNull();
  });

  it('formats percentages with the base', () => {
    expect(formatChange(compare(2847, 2540)!)).toBe('+12.1% vs 2,540');
    expect(formatChange(compare(80, 100)!)).toBe('-20.0% vs 100');
  });
});

describe('calendar arithmetic', () => {
  it('moves by days and months, clamping to the end of shorter months', () => {
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2025-01-15', -1)).toBe('2024-12-15');
  });
});

describe('compareDay', () => {
  // 1 Dec 2024 .. 15 Jan 2025, value = day index + 1
  const values = daily(
    '2024-12-01',
    Array.from({ length: 46 }, (_, i) => i + 1),
  );

  it('compares with yesterday, the same weekday a week ago and a month ago', () => {
    const c = compareDay(values, '2025-01-15');
    expect(c.value).toBe(46);
    expect(c.vsYesterday).toMatchObject({ base: 45, delta: 1 });
    expect(c.vsWeekAgo).toMatchObject({ base: 39, delta: 7 });
    expect(c.vsMonthAgo).toMatchObject({ base: 15, delta: 31 });
  });

  it('compares month-to-date with the prior month over the same days', () => {
    const c = compareDay(values, '2025-01-15');
    // January 1..15 = 32..46, December 1..15 = 1..15
    expect(c.monthToDate).toMatchObject({ current: 585, base: 120 });
    expect(compareDay(values, '2025-01-15', { aggregate: 'mean' }).monthToDate).toMatchObject({ current: 39, base: 8 });
  });

  it('leaves out what it cannot know rather than guessing', () => {
    const gappy = new Map(values);
    gappy.delete('2024-12-03');
    const c = compareDay(gappy, '2025-01-15');
    expect(c.monthToDate).toBeNull();
    expect(c.vsYesterday).not.toBeNull();
    expect(compareDay(values, '2024-12-01').vsYesterday).toBeNull();
    expect(compareDay(values, '2025-02-01').value).toBeNull();
  });

  it('paces month-to-date against a monthly target for the elapsed part of the month', () => {
    const c = compareDay(values, '2025-01-15', { target: { period: 'month', value: 3100 } });
    // 15 of 31 days elapsed: 1,500 expected by now, 585 actual
    expect(c.vsTarget!.elapsed).toBeCloseTo(15 / 31, 12);
    expect(c.vsTarget!.expectedToDate).toBeCloseTo(1500, 9);
    expect(c.vsTarget!.change.percent).toBeCloseTo(-61, 9);
    expect(c.vsTarget!.projected).toBeCloseTo((585 * 31) / 15, 9);
  });

  it('compares a day against a daily target', () => {
    const c = compareDay(values, '2025-01-15', { target: { period: 'day', value: 40 } });
    expect(c.vsTarget!.change).toMatchObject({ current: 46, base: 40, percent: 15 });
  });
});

describe('pacing', () => {
  it('scales the target to the elapsed share and projects the period', () => {
    const p = pacing(600, 1000, 10, 20);
    expect(p).toMatchObject({ elapsed: 0.5, expectedToDate: 500, projected: 1200 });
    expect(p.change.percent).toBe(20);
  });

  it('handles a zero target and nothing elapsed without Infinity', () => {
    const p = pacing(10, 0, 5, 10);
    expect(p.change.percent).toBeNull();
    expect(pacing(0, 100, 0, 10)).toMatchObject({ elapsed: 0, projected: 0 });
    expect(pacing(0, 100, 0, 10).change.percent).toBeNull();
  });
});
