import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/sim/index.ts';

describe('seeded PRNG', () => {
  it('repeats exactly for a seed and differs across seeds', () => {
    const a = Rng.forKey('seed', 'customer', 1);
    const b = Rng.forKey('seed', 'customer', 1);
    const c = Rng.forKey('seed', 'customer', 2);
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });

  it('stays in range and is roughly uniform', () => {
    const rng = new Rng('uniform');
    const xs = Array.from({ length: 20_000 }, () => rng.next());
    const ints = new Set(Array.from({ length: 1_000 }, () => rng.int(1, 6)));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('draws weighted choices in proportion', () => {
    const rng = new Rng('weighted');
    let heads = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ['h', 3],
          ['t', 1],
        ] as const) === 'h'
      )
        heads++;
    expect(heads / 10_000).toBeGreaterThan(0.72);
    expect(heads / 10_000).toBeLessThan(0.78);
  });
});
