import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY } from '../../../src/engine/index.ts';
import { jitterSample } from '../../../src/engine/retry.ts';

describe('retry jitter', () => {
  it('is drawn from the attempt, the same every time, spread across runs', () => {
    expect(jitterSample('run_1:charge#1')).toBe(jitterSample('run_1:charge#1'));
    const samples = Array.from({ length: 1_000 }, (_, i) => jitterSample(`run_${i}:charge#1`));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(1);
    // Roughly uniform: every tenth of [0, 1) is hit, none by more than twice its share.
    const deciles = new Array<number>(10).fill(0);
    for (const s of samples) deciles[Math.floor(s * 10)]!++;
    for (const count of deciles) expect(count).toBeGreaterThan(50);
    for (const count of deciles) expect(count).toBeLessThan(200);
  });

  it('keeps delays within the policy band', () => {
    const policy = { ...DEFAULT_RETRY, initialDelayMs: 1_000, jitter: 0.2 };
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(policy, 1, jitterSample(`r${i}#1`));
      expect(delay).toBeGreaterThanOrEqual(800);
      expect(delay).toBeLessThanOrEqual(1_200);
    }
  });
});
