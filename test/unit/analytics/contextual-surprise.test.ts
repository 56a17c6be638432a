import { describe, expect, it } from 'vitest';
import { ContextNovelty } from '../../../src/analytics/anomaly/context-novelty.ts';
import { ContextualSurprise } from '../../../src/analytics/anomaly/contextual-surprise.ts';
import { WindowLikelihood } from '../../../src/analytics/anomaly/window-likelihood.ts';
import { Rng } from '../../../src/sim/index.ts';

const PER_DAY = 288;
const AT = 15 * PER_DAY;
const LENGTH = 17 * PER_DAY;

/** 5-minute data: a daily sine cycle (60-140) with normal noise, `shape` applied to the mean. */
function cycle(seed: string, shape: (i: number, mean: number) => number = (_i, m) => m): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: LENGTH }, (_, i) => {
    const mean = 100 + 40 * Math.sin((2 * Math.PI * (i % PER_DAY)) / PER_DAY);
    return shape(i, mean) + 3 * rng.normal();
  });
}

function poissonCounts(seed: string, mean: number, length: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length }, () => rng.poisson(mean));
}

function novelty(values: number[]): number[] {
  const c = new ContextNovelty(8, 5, 300);
  return values.map((y) => c.update(y));
}

/** The contextual surprise per point, learning outside the first 300 points. */
function surprises(values: number[]): number[] {
  const c = new ContextualSurprise(300, PER_DAY);
  return values.map((y, i) => {
    const s = c.surprise(y, i >= 300);
    c.record(false);
    return s;
  });
}

const max = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('context novelty (CAD-like quantised contexts)', () => {
  it('finds nothing new in a repeating daily cycle once it has seen a few days', () => {
    const square = Array.from({ length: 6 * PER_DAY }, (_, i) => (i % PER_DAY >= 96 && i % PER_DAY < 216 ? 100 : 20));
    expect(max(novelty(square).slice(2 * PER_DAY))).toBe(0);
  });

  it('finds a spike, a dip, an outage, a level shift and a ramp novel where they start', () => {
    const kinds: Record<string, (i: number, m: number) => number> = {
      spike: (i, m) => (i === AT ? m + 80 : m),
      dip: (i, m) => (i === AT ? m - 80 : m),
      outage: (i, m) => (i >= AT && i < AT + 36 ? 2 : m),
      shift: (i, m) => (i >= AT ? m + 60 : m),
      ramp: (i, m) => (i >= AT ? m + Math.min(80, (80 * (i - AT)) / PER_DAY) : m),
    };
    for (const [kind, shape] of Object.entries(kinds)) {
      const n = novelty(cycle('k', shape));
      expect(max(n.slice(AT, AT + PER_DAY)), kind).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('learns Poisson noise of low counts: few contexts stay new after days', () => {
    const n = novelty(poissonCounts('p', 8, 10 * PER_DAY).map((x) => 2 * Math.sqrt(x + 0.375)));
    expect(mean(n.slice(9 * PER_DAY))).toBeLessThan(0.15);
  });

  it('is streaming: its grid comes from the first points, so later values do not change earlier scores', () => {
    const values = cycle('s');
    const prefix = novelty(values.slice(0, AT));
    const later = novelty([...values.slice(0, AT), 1e6, -1e6]);
    expect(later.slice(0, AT)).toEqual(prefix);
    expect(later[AT]).toBe(1);
  });

  it('stays bounded: a table full of contexts still answers, in [0, 1]', () => {
    const rng = new Rng('flood');
    const c = new ContextNovelty(8, 5, 10);
    let last = 0;
    for (let i = 0; i < 200_000; i++) last = c.update(rng.float(0, 1000));
    expect(last).toBeGreaterThanOrEqual(0);
    expect(last).toBeLessThanOrEqual(1);
  });
});

describe('window likelihood (short against long window)', () => {
  it('gives no verdict before 100 points of long run', () => {
    const w = new WindowLikelihood(10, 1000);
    for (let i = 0; i < 99; i++) expect(w.update(i % 2 ? 1 : 0)).toBe(0);
  });

  it('flags a run of moderate raw scores against a calm long run, not against a noisy one', () => {
    const rng = new Rng('w');
    const calm = new WindowLikelihood(10, 1000);
    const noisy = new WindowLikelihood(10, 1000);
    for (let i = 0; i < 2000; i++) {
      calm.update(0.05 * rng.next());
      noisy.update(rng.next() < 0.3 ? 1 : 0);
    }
    let zCalm = 0;
    let zNoisy = 0;
    for (let i = 0; i < 10; i++) {
      zCalm = calm.update(0.5);
      zNoisy = noisy.update(0.5);
    }
    expect(zCalm).toBeGreaterThan(5);
    expect(zNoisy).toBeLessThan(2);
  });

  it('keeps what it is told not to learn (an incident) out of the long run', () => {
    const a = new WindowLikelihood(10, 1000);
    const b = new WindowLikelihood(10, 1000);
    for (let i = 0; i < 500; i++) {
      a.update(0.02);
      b.update(0.02);
    }
    for (let i = 0; i < 200; i++) {
      a.update(0.9, false);
      b.update(0.9, true);
    }
    for (let i = 0; i < 10; i++) {
      a.update(0.02);
      b.update(0.02);
    }
    expect(a.update(0.9)).toBeGreaterThan(b.update(0.9));
  });
});

describe('contextual surprise (the detector second opinion)', () => {
  it('alarms when a daily sine cycle turns into half-hourly switching over the same range: same values, new order', () => {
    const values = cycle('d', (i, m) => (i >= AT ? (Math.floor(i / 6) % 2 ? 140 : 60) : m));
    const s = surprises(values);
    expect(max(s.slice(AT, AT + 50))).toBeGreaterThan(5);
    expect(max(s.slice(3 * PER_DAY, AT))).toBeLessThan(max(s.slice(AT, AT + 50)));
  });

  it('alarms on an outage and a level shift of 5-minute data', () => {
    expect(max(surprises(cycle('o', (i, m) => (i >= AT && i < AT + 36 ? 2 : m))).slice(AT, AT + 50))).toBeGreaterThan(
      5,
    );
    expect(max(surprises(cycle('l', (i, m) => (i >= AT ? m + 60 : m))).slice(AT, AT + PER_DAY))).toBeGreaterThan(5);
  });

  it('stays low on Poisson counts and on the plain cycle after it has learnt them', () => {
    const counts = poissonCounts('q', 10, LENGTH).map((x) => 2 * Math.sqrt(x + 0.375));
    expect(max(surprises(counts).slice(3 * PER_DAY))).toBeLessThan(3.5);
    expect(mean(surprises(cycle('n')).slice(3 * PER_DAY))).toBeLessThan(0.2);
  });
});
