import { serializeError } from '../lib/errors.ts';
import type { Execution } from './execution.ts';
import type { StepCommand } from './replay-state.ts';
import { isRetryable, retryDelayFor, type RetryPolicy } from './retry.ts';
import type { StepInfo } from './workflow.ts';

export interface CompensationEntry {
  pos: number;
  name: string;
  key: string;
  fn: (result: unknown, info: StepInfo) => Promise<unknown>;
  policy: RetryPolicy;
}

/**
 * Saga unwinding after a run fails: completed steps that registered a compensation are undone in
 * reverse order, each attempt recorded like a step. A crash mid-way resumes with the ones not yet
 * recorded; a compensation that keeps failing puts the run in needs_attention for a human.
 */
export async function runCompensations(ex: Execution): Promise<'done' | 'blocked' | 'failed'> {
  const clock = ex.deps.clock;
  for (const c of [...ex.compensations].reverse()) {
    const cmd = ex.state.commands[c.pos] as StepCommand | undefined;
    if (!cmd?.done || cmd.compensated) continue;
    if (cmd.compRetryAt && cmd.compRetryAt > clock.now()) {
      void ex.block({ wakeAt: cmd.compRetryAt });
      return 'blocked';
    }
    const attempt = cmd.compFailures + 1;
    const info: StepInfo = { idempotencyKey: `${c.key}:compensate`, attempt, runId: ex.runId, signal: ex.abort.signal };
    try {
      await ex.track(() => c.fn(cmd.result, info));
    } catch (err) {
      const error = serializeError(err);
      const retryAt =
        isRetryable(err, c.policy) && attempt < c.policy.maxAttempts
          ? clock.now() + retryDelayFor(c.policy, info.idempotencyKey, attempt)
          : null;
      await ex.append([ex.event('compensation_failed', { pos: c.pos, name: c.name, attempt, error, retryAt })]);
      if (retryAt !== null) {
        void ex.block({ wakeAt: retryAt });
        return 'blocked';
      }
      await ex.needsAttention(`compensation for step '${c.name}' failed after ${attempt} attempt(s): ${error.message}`);
      return 'failed';
    }
    await ex.append([ex.event('compensation_completed', { pos: c.pos, name: c.name })]);
  }
  return 'done';
}
