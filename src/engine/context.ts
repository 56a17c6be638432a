import { randomUUID } from 'node:crypto';
import { ChildFailedError, serializeError, StepFailedError, StepTimeoutError } from '../lib/errors.ts';
import type { Execution } from './execution.ts';
import type { ChildOutcome } from './replay-state.ts';
import { backoffDelay, isRetryable, type RetryPolicy } from './retry.ts';
import type {
  ChildHandle,
  ReceivedEvent,
  StepInfo,
  StepOptions,
  WaitOptions,
  WaitResult,
  WorkflowContext,
  WorkflowDefinition,
} from './workflow.ts';

/** JSON round trip: a value looks the same on first execution as when it is replayed from history. */
function durable<T>(value: T): T {
  return (value === undefined ? null : JSON.parse(JSON.stringify(value))) as T;
}

export function createContext(ex: Execution): WorkflowContext {
  const { deps } = ex;
  const clock = deps.clock;
  const run = ex.claimed.run;

  function recordValue<T>(kind: 'now' | 'random' | 'uuid', make: () => T): T {
    const { pos, cmd } = ex.nextCommand(kind, kind);
    if (cmd) return cmd.value as T;
    const value = make();
    void ex.append([ex.event('value_recorded', { pos, kind, value })]);
    return value;
  }

  async function attempt<T>(
    name: string,
    fn: (info: StepInfo) => Promise<T> | T,
    info: StepInfo,
    policy: RetryPolicy,
  ): Promise<T> {
    if (!policy.timeoutMs) return fn(info);
    const timeoutMs = policy.timeoutMs;
    const timer = new AbortController();
    const onAbort = (): void => timer.abort();
    ex.abort.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([
        Promise.resolve(fn(info)),
        clock.sleep(timeoutMs, timer.signal).then(() => {
          throw new StepTimeoutError(name, timeoutMs);
        }),
      ]);
    } finally {
      timer.abort();
      ex.abort.signal.removeEventListener('abort', onAbort);
    }
  }

  async function step<T>(
    name: string,
    fn: (info: StepInfo) => Promise<T> | T,
    options: StepOptions<T> = {},
  ): Promise<T> {
    const { pos, cmd } = ex.nextCommand('step', name);
    const idempotencyKey = ex.idempotencyKey(name);
    const policy: RetryPolicy = { ...deps.defaultRetry, ...ex.def.retry, ...options.retry };
    if (options.compensate)
      registerCompensation(
        ex,
        pos,
        name,
        idempotencyKey,
        options.compensate as (r: unknown, i: StepInfo) => Promise<unknown>,
        policy,
      );
    if (cmd?.done) return cmd.result as T;
    if (cmd?.failed) throw new StepFailedError(name, cmd.failures, cmd.lastError!);
    if (cmd?.retryAt && cmd.retryAt > clock.now()) return ex.block({ wakeAt: cmd.retryAt });

    const attemptNo = (cmd?.failures ?? 0) + 1;
    const info: StepInfo = { idempotencyKey, attempt: attemptNo, runId: ex.runId, signal: ex.abort.signal };
    let outcome: { ok: true; value: T } | { ok: false; err: unknown };
    const startedAt = clock.now();
    try {
      outcome = { ok: true, value: durable(await ex.track(() => attempt(name, fn, { ...info }, policy))) };
    } catch (err) {
      outcome = { ok: false, err };
    }
    deps.observe({
      type: 'step_finished',
      runId: ex.runId,
      workflow: run.workflow,
      step: name,
      outcome: outcome.ok ? 'completed' : 'failed',
      durationMs: clock.now() - startedAt,
    });
    if (outcome.ok) {
      await ex.append([ex.event('step_completed', { pos, name, attempt: attemptNo, result: outcome.value })]);
      return outcome.value;
    }
    const error = serializeError(outcome.err);
    const retry = isRetryable(outcome.err, policy) && attemptNo < policy.maxAttempts;
    const retryAt = retry ? clock.now() + backoffDelay(policy, attemptNo, Math.random()) : null;
    await ex.append([ex.event('step_failed', { pos, name, attempt: attemptNo, error, retryAt })]);
    if (retryAt !== null) return ex.block({ wakeAt: retryAt });
    throw new StepFailedError(name, attemptNo, error);
  }

  async function sleepUntilDue(name: string, dueIfNew: () => number): Promise<void> {
    const { pos, cmd } = ex.nextCommand('sleep', name);
    if (cmd?.fired) return;
    const now = clock.now();
    if (!cmd) {
      const due = dueIfNew();
      if (due <= now) {
        void ex.append([ex.event('timer_set', { pos, name, due }), ex.event('timer_fired', { pos })]);
        return;
      }
      await ex.append([ex.event('timer_set', { pos, name, due })]);
      return ex.block({ wakeAt: due });
    }
    // Recording the firing need not hold the run up: later commits of this run are ordered after it,
    // and a replay that lost it would see the same due time and fire again.
    if (cmd.due <= now) {
      void ex.append([ex.event('timer_fired', { pos })]);
      return;
    }
    return ex.block({ wakeAt: cmd.due });
  }

  async function waitForEvent<P>(topic: string, options: WaitOptions = {}): Promise<WaitResult<P>> {
    const { pos, cmd: existing } = ex.nextCommand('wait', topic);
    let cmd = existing;
    if (!cmd) {
      const afterSeq = await ex.track(() => deps.store.eventHighWater());
      const timeoutAt = options.timeout === undefined ? null : clock.now() + options.timeout;
      const key = `wait:${pos}${ex.state.keyEpoch ? `~${ex.state.keyEpoch}` : ''}`;
      const match = options.match ? durable(options.match) : null;
      await ex.append([ex.event('wait_started', { pos, topic, match, afterSeq, timeoutAt, key })]);
      cmd = ex.state.commands[pos] as typeof existing & object;
    }
    if (cmd.event !== undefined) return { ok: true, event: cmd.event as ReceivedEvent<P> };
    if (cmd.timedOut) return { ok: false, timedOut: true };
    if (ex.inbox.has(cmd.key)) {
      const event = ex.inbox.get(cmd.key);
      await ex.append([ex.event('event_received', { pos, event })], { consumeInbox: [cmd.key] });
      return { ok: true, event: event as ReceivedEvent<P> };
    }
    if (cmd.timeoutAt !== null && cmd.timeoutAt <= clock.now()) {
      await ex.append([ex.event('wait_timed_out', { pos })]);
      return { ok: false, timedOut: true };
    }
    return ex.block({
      wakeAt: cmd.timeoutAt,
      wait: { key: cmd.key, topic, match: cmd.match, afterSeq: cmd.afterSeq },
      inboxKey: cmd.key,
    });
  }

  async function emit(topic: string, payload: unknown): Promise<void> {
    const { pos, cmd } = ex.nextCommand('emit', topic);
    if (cmd) return;
    const eventId = `${ex.runId}.e${pos}${ex.state.keyEpoch ? `~${ex.state.keyEpoch}` : ''}`;
    const event = deps.withSubscribers({
      id: eventId,
      topic,
      payload: durable(payload),
      publishedAt: clock.now(),
      sourceRunId: ex.runId,
    });
    await ex.append([ex.event('event_emitted', { pos, topic, eventId })], { publish: [event] });
  }

  async function startChild<I, O, In>(
    workflow: WorkflowDefinition<I, O, In> | string,
    input: In,
  ): Promise<ChildHandle<O>> {
    const name = typeof workflow === 'string' ? workflow : workflow.name;
    const { pos, cmd } = ex.nextCommand('child', name);
    if (cmd) return childHandle<O>(ex, pos, cmd.childId);
    const def = deps.resolveWorkflow(name);
    const childId = `${ex.runId}.c${pos}${ex.state.keyEpoch ? `~${ex.state.keyEpoch}` : ''}`;
    const newRun = deps.newRun(def, input, { id: childId, parentId: ex.runId, key: null });
    await ex.append([ex.event('child_started', { pos, workflow: name, childId })], { createRuns: [newRun] });
    return childHandle<O>(ex, pos, childId);
  }

  return {
    runId: run.id,
    workflow: run.workflow,
    version: run.version,
    step,
    sleep: (ms, name = 'sleep') => sleepUntilDue(name, () => clock.now() + ms),
    sleepUntil: (when, name = 'sleep') => sleepUntilDue(name, () => (typeof when === 'number' ? when : when.getTime())),
    waitForEvent,
    emit,
    startChild,
    now: () => recordValue('now', () => clock.now()),
    random: () => recordValue('random', () => Math.random()),
    uuid: () => recordValue('uuid', () => randomUUID()),
  };
}

function childHandle<O>(ex: Execution, pos: number, childId: string): ChildHandle<O> {
  let pending: Promise<O> | undefined;
  const settle = (f: ChildOutcome): O => {
    if (f.status === 'completed') return f.output as O;
    throw new ChildFailedError(childId, f.status, f.error);
  };
  async function result(): Promise<O> {
    const cmd = ex.state.commands[pos];
    if (cmd?.kind === 'child' && cmd.finished) return settle(cmd.finished);
    const key = `child:${childId}`;
    const delivered = ex.inbox.get(key) as ChildOutcome | undefined;
    if (!delivered) return ex.block({ wakeAt: null, inboxKey: key });
    const outcome = { status: delivered.status, output: delivered.output, error: delivered.error };
    await ex.append([ex.event('child_finished', { pos, childId, ...outcome })], { consumeInbox: [key] });
    return settle(outcome);
  }
  return { runId: childId, result: () => (pending ??= result()) };
}

function registerCompensation(
  ex: Execution,
  pos: number,
  name: string,
  key: string,
  fn: (result: unknown, info: StepInfo) => Promise<unknown>,
  policy: RetryPolicy,
): void {
  ex.compensations.push({ pos, name, key, fn, policy });
}
