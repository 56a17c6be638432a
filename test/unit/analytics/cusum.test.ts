import { describe, expect, it } from 'vitest';
import { Cusum } from '../../../src/analytics/anomaly/cusum.ts';
import { Rng } from '../../../src/sim/index.ts';

/** The largest z-equivalent a fresh CUSUM (k = 0.75) reports over `residuals`, and when it first passes `level`. */
function run(residuals: number[], inflation = 1, level = 4): { largest: number; first: number } {
  const c = new Cusum(0.75);
  let largest = 0;
  let first = -1;
  residuals.forEach((z, i) => {
    const q = c.update(z, inflation);
    largest = Math.max(largest, q);
    if (first < 0 && q >= level) first = i;
  });
  return { largest, first };
}

function noise(seed: string, n: number, mean: (i: number) => number = () => 0): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => mean(i) + rng.normal());
}

describe('CUSUM of standardised residuals', () => {
  it('stays low on independent unit noise without a change', () => {
    for (const seed of ['a', 'b', 'c']) expect(run(noise(seed, 1000)).largest).toBeLessThan(4);
  });

  it('finds a sustained level shift of 1.5 sd within about two weeks of daily points', () => {
    const shifted = run(noise('a', 400, (i) => (i >= 300 ? 1.5 : 0)));
    expect(shifted.first).toBeGreaterThanOrEqual(300);
    expect(shifted.first).toBeLessThan(315);
  });

  it('finds a downward shift (a partial outage) as well as an upward one', () => {
    const down = run(noise('b', 400, (i) => (i >= 300 ? -2 : 0)));
    expect(down.first).toBeGreaterThanOrEqual(300);
    expect(down.first).toBeLessThan(310);
  });

  it('finds a ramp (0 to 2 sd over 40 points) before it ends', () => {
    const ramp = run(noise('c', 400, (i) => (i >= 300 ? Math.min(2, (2 * (i - 300)) / 40) : 0)));
    expect(ramp.first).toBeGreaterThanOrEqual(300);
    expect(ramp.first).toBeLessThan(340);
  });

  it('does not read one wild point (a spike or dip) as a shift: residuals are capped', () => {
    const spike = noise('a', 400).map((z, i) => (i === 300 ? 50 : z));
    const dip = noise('a', 400).map((z, i) => (i === 300 ? -50 : z));
    expect(run(spike).largest).toBeLessThan(4);
    expect(run(dip).largest).toBeLessThan(4);
  });

  it('discounts autocorrelated residuals by their variance inflation', () => {
    const residuals = noise('b', 400, (i) => (i >= 300 ? 1.5 : 0));
    expect(run(residuals, 9).largest).toBeLessThan(run(residuals, 1).largest / 2);
  });

  it('starts afresh after reset', () => {
    const c = new Cusum(0.75);
    for (let i = 0; i < 20; i++) c.update(3, 1);
    c.reset();
    expect(c.update(0, 1)).toBe(0);
  });
});
