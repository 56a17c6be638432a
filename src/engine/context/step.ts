/**
 * `ctx.step`: run a side effect once. Its outcome is recorded; replay answers from the record. A
 * failure is retried after a durable backoff (the run sleeps as a row meanwhile) until the policy
 * gives up; the workflow then sees StepFailedError.
 */
import { serializeError, StepFailedError, StepTimeoutError } from '../../lib/errors.ts';
import type { Execution } from '../execution.ts';
import { isRetryable, retryDelayFor, type RetryPolicy } from '../retry.ts';
import type { StepInfo, StepOptions } from '../workflow.ts';
import { durable } from './durable.ts';

export async function runStep<T>(
  ex: Execution,
  name: string,
  fn: (info: StepInfo) => Promise<T> | T,
  options: StepOptions<T> = {},
): Promise<T> {
  const { pos, cmd } = ex.nextCommand('step', name);
  const clock = ex.deps.clock;
  const idempotencyKey = ex.idempotencyKey(name);
  const policy: RetryPolicy = { ...ex.deps.defaultRetry, ...ex.def.retry, ...options.retry };
  if (options.compensate) {
    const compensate = options.compensate as (result: unknown, info: StepInfo) => Promise<unknown>;
    ex.compensations.push({ pos, name, key: idempotencyKey, fn: compensate, policy });
  }
  if (cmd?.done) return cmd.result as T;
  if (cmd?.failed) throw new StepFailedError(name, cmd.failures, cmd.lastError!);
  if (cmd?.retryAt && cmd.retryAt > clock.now()) return ex.block({ wakeAt: cmd.retryAt });

  const attemptNo = (cmd?.failures ?? 0) + 1;
  const info: StepInfo = { idempotencyKey, attempt: attemptNo, runId: ex.runId, signal: ex.abort.signal };
  const startedAt = clock.now();
  let outcome: { ok: true; value: T } | { ok: false; err: unknown };
  try {
    outcome = { ok: true, value: durable(await ex.track(() => attempt(ex, name, fn, info, policy))) };
  } catch (err) {
    outcome = { ok: false, err };
  }
  ex.deps.observe({
    type: 'step_finished',
    runId: ex.runId,
    workflow: ex.claimed.run.workflow,
    step: name,
    outcome: outcome.ok ? 'completed' : 'failed',
    durationMs: clock.now() - startedAt,
  });
  if (outcome.ok) {
    await ex.append([ex.event('step_completed', { pos, name, attempt: attemptNo, result: outcome.value })]);
    return outcome.value;
  }
  const error = serializeError(outcome.err);
  const retryAt = retryTime(ex, policy, outcome.err, attemptNo, idempotencyKey);
  await ex.append([ex.event('step_failed', { pos, name, attempt: attemptNo, error, retryAt })]);
  if (retryAt !== null) return ex.block({ wakeAt: retryAt });
  throw new StepFailedError(name, attemptNo, error);
}

/**
 * When the next attempt may run, or null when the policy gives up. The jitter is drawn from the
 * attempt's idempotency key, so it differs between runs (their retries do not align) yet is the
 * same on every computation of the same attempt; the result is recorded in history either way.
 */
export function retryTime(
  ex: Execution,
  policy: RetryPolicy,
  err: unknown,
  attemptNo: number,
  key: string,
): number | null {
  if (!isRetryable(err, policy) || attemptNo >= policy.maxAttempts) return null;
  return ex.deps.clock.now() + retryDelayFor(policy, key, attemptNo);
}

/** One attempt, raced against the policy's per-attempt timeout on the injected clock. */
async function attempt<T>(
  ex: Execution,
  name: string,
  fn: (info: StepInfo) => Promise<T> | T,
  info: StepInfo,
  policy: RetryPolicy,
): Promise<T> {
  if (!policy.timeoutMs) return fn({ ...info });
  const timeoutMs = policy.timeoutMs;
  const timer = new AbortController();
  const onAbort = (): void => timer.abort();
  ex.abort.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([
      Promise.resolve(fn({ ...info })),
      ex.deps.clock.sleep(timeoutMs, timer.signal).then(() => {
        throw new StepTimeoutError(name, timeoutMs);
      }),
    ]);
  } finally {
    timer.abort();
    ex.abort.signal.removeEventListener('abort', onAbort);
  }
}
