import { describe, expect, it } from 'vitest';
import { erfc, normalUpperTail } from '../../../src/analytics/index.ts';

describe('erfc', () => {
  // Reference values (Python math.erfc)
  const cases: [number, number][] = [
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047265],
    [3, 2.2090496998585438e-5],
    [5, 1.5374597944280351e-12],
    [6, 2.1519736712498916e-17],
    [10, 2.088487583762545e-45],
    [26, 5.663192408856143e-296],
  ];
  it('matches reference values to a relative 1e-13 across the range', () => {
    for (const [x, want] of cases) expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1e-13);
  });

  it('is symmetric and saturates', () => {
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 15);
    expect(erfc(40)).toBe(0);
    expect(normalUpperTail(0)).toBe(0.5);
  });
});
