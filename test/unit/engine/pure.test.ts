import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, isRetryable } from '../../../src/engine/retry.ts';
import { emptyState, fold, type StepCommand } from '../../../src/engine/replay-state.ts';
import { slotsToFire } from '../../../src/engine/scheduler.ts';
import { payloadMatches } from '../../../src/store/match.ts';
import { NonRetryableError, serializeError, ValidationError } from '../../../src/lib/errors.ts';

describe('backoffDelay', () => {
  const policy = { ...DEFAULT_RETRY, initialDelayMs: 1_000, backoffFactor: 3, maxDelayMs: 20_000, jitter: 0 };
  it('grows exponentially and caps', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(policy, n, 0.5))).toEqual([1_000, 3_000, 9_000, 20_000]);
  });
  it('keeps jitter within ±jitter of the base and never above the cap', () => {
    const jittered = { ...policy, jitter: 0.2 };
    expect(backoffDelay(jittered, 2, 0)).toBe(2_400);
    expect(backoffDelay(jittered, 2, 1)).toBe(3_600);
    expect(backoffDelay(jittered, 9, 1)).toBe(20_000);
  });
});

describe('isRetryable', () => {
  it('honours the error flag and the policy predicate', () => {
    expect(isRetryable(new Error('x'), DEFAULT_RETRY)).toBe(true);
    expect(isRetryable(new NonRetryableError('no'), DEFAULT_RETRY)).toBe(false);
    expect(isRetryable(new Error('x'), { ...DEFAULT_RETRY, nonRetryable: (e) => (e as Error).message === 'x' })).toBe(
      false,
    );
  });
});

describe('fold', () => {
  it('tracks attempts and the final failure of a step', () => {
    const s = emptyState();
    const err = serializeError(new Error('down'));
    fold(s, { type: 'step_failed', at: 0, data: { pos: 0, name: 'a', attempt: 1, error: err, retryAt: 10 } });
    expect(s.commands[0]).toMatchObject({ kind: 'step', failures: 1, failed: false, retryAt: 10 });
    fold(s, { type: 'step_failed', at: 0, data: { pos: 0, name: 'a', attempt: 2, error: err, retryAt: null } });
    expect(s.commands[0]).toMatchObject({ failures: 2, failed: true });
  });

  it('on retry after compensation drops the compensated steps and moves to a new key epoch', () => {
    const s = emptyState();
    fold(s, { type: 'step_completed', at: 0, data: { pos: 0, name: 'validate', result: 1 } });
    fold(s, { type: 'step_completed', at: 0, data: { pos: 1, name: 'charge', result: 2 } });
    fold(s, {
      type: 'step_failed',
      at: 0,
      data: { pos: 2, name: 'ship', attempt: 1, error: serializeError(new Error('x')), retryAt: null },
    });
    fold(s, { type: 'compensation_completed', at: 0, data: { pos: 1, name: 'charge' } });
    fold(s, { type: 'run_retried', at: 0, data: {} });
    expect(Object.keys(s.commands)).toEqual(['0']);
    expect(s.keyEpoch).toBe(1);
    expect((s.commands[0] as StepCommand).done).toBe(true);
  });

  it('on retry without compensation re-runs from the failed step with the same keys', () => {
    const s = emptyState();
    fold(s, { type: 'step_completed', at: 0, data: { pos: 0, name: 'a', result: 1 } });
    fold(s, {
      type: 'step_failed',
      at: 0,
      data: { pos: 1, name: 'b', attempt: 3, error: serializeError(new Error('x')), retryAt: null },
    });
    fold(s, { type: 'run_retried', at: 0, data: {} });
    expect(Object.keys(s.commands)).toEqual(['0']);
    expect(s.keyEpoch).toBe(0);
  });
});

describe('slotsToFire', () => {
  const due = [1_000, 2_000, 3_000];
  it('applies each catch-up policy', () => {
    expect(slotsToFire(due, 3_030, 'skip', 60)).toEqual([3_000]);
    expect(slotsToFire(due, 3_100, 'skip', 60)).toEqual([]);
    expect(slotsToFire(due, 9_999, 'fire_once', 60)).toEqual([3_000]);
    expect(slotsToFire(due, 9_999, 'all', 60)).toEqual(due);
    expect(slotsToFire([], 9_999, 'all', 60)).toEqual([]);
  });
});

describe('payloadMatches', () => {
  it('matches by equality on (dotted) fields', () => {
    const p = { invoice: { id: 'inv_1', amount: 5 }, tags: ['a'] };
    expect(payloadMatches(p, null)).toBe(true);
    expect(payloadMatches(p, { 'invoice.id': 'inv_1' })).toBe(true);
    expect(payloadMatches(p, { 'invoice.id': 'inv_2' })).toBe(false);
    expect(payloadMatches(p, { tags: ['a'] })).toBe(true);
    expect(payloadMatches(p, { 'invoice.missing': undefined, 'invoice.amount': 5 })).toBe(true);
    expect(payloadMatches('text', { a: 1 })).toBe(false);
  });
});

describe('errors', () => {
  it('serialise with stable codes and field paths', () => {
    const v = new ValidationError('bad input', [{ path: 'customer.id', message: 'Required' }]);
    expect(serializeError(v)).toMatchObject({
      code: 'VALIDATION_FAILED',
      retryable: false,
      details: { issues: [{ path: 'customer.id' }] },
    });
    expect(v.message).toBe('bad input: customer.id: Required');
  });
});
