import { PsiZeroError } from '../lib/errors.ts';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  initialDelayMs: number;
  backoffFactor: number;
  maxDelayMs: number;
  /** Fraction of the delay randomised either way (0.2 = ±20%) so retries of many runs do not align. */
  jitter: number;
  /** Per-attempt timeout; the attempt fails with STEP_TIMEOUT (retryable) when it passes. */
  timeoutMs?: number;
  /** Extra predicate: return true for errors that must not be retried. */
  nonRetryable?: (err: unknown) => boolean;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 1_000,
  backoffFactor: 2,
  maxDelayMs: 5 * 60_000,
  jitter: 0.2,
};

/** Delay before attempt `failedAttempt + 1`: initial × factor^(n-1), capped, then jittered. */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number, random: number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoffFactor ** (failedAttempt - 1));
  const spread = base * policy.jitter * (random * 2 - 1);
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, base + spread)));
}

/**
 * A number in [0, 1) drawn from `seed` (FNV-1a): the jitter of a retry, the same every time the same
 * attempt is computed, different between attempts and runs.
 */
export function jitterSample(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000;
}

/**
 * The delay before retrying after `failedAttempt` failed, as the engine schedules it: jitter drawn
 * from the step's idempotency key and the attempt, so code that must know when a retry will come
 * (a delivery that must not outlast a deadline) computes the same instant.
 */
export function retryDelayFor(policy: RetryPolicy, idempotencyKey: string, failedAttempt: number): number {
  return backoffDelay(policy, failedAttempt, jitterSample(`${idempotencyKey}#${failedAttempt}`));
}

export function isRetryable(err: unknown, policy: RetryPolicy): boolean {
  if (policy.nonRetryable?.(err)) return false;
  if (err instanceof PsiZeroError) return err.retryable;
  return true;
}
