/**
 * The workflow context: each command is a small function over the execution (step.ts, timers.ts,
 * events.ts, children.ts); this file only assembles them and records values (`now`, `random`,
 * `uuid`) so that replay sees what the first execution saw.
 */
import { randomUUID } from 'node:crypto';
import type { Execution } from '../execution.ts';
import type { WorkflowContext } from '../workflow.ts';
import { startChild } from './children.ts';
import { emit, waitForEvent } from './events.ts';
import { runStep } from './step.ts';
import { sleepUntilDue } from './timers.ts';

export function createContext(ex: Execution): WorkflowContext {
  const clock = ex.deps.clock;
  const run = ex.claimed.run;
  return {
    runId: run.id,
    workflow: run.workflow,
    version: run.version,
    step: (name, fn, options) => runStep(ex, name, fn, options),
    sleep: (ms, name = 'sleep') => sleepUntilDue(ex, name, () => clock.now() + ms),
    sleepUntil: (when, name = 'sleep') =>
      sleepUntilDue(ex, name, () => (typeof when === 'number' ? when : when.getTime())),
    waitForEvent: (topic, options) => waitForEvent(ex, topic, options),
    emit: (topic, payload) => emit(ex, topic, payload),
    startChild: (workflow, input) => startChild(ex, workflow, input),
    now: () => recordValue(ex, 'now', () => clock.now()),
    random: () => recordValue(ex, 'random', () => ex.deps.random()),
    uuid: () => recordValue(ex, 'uuid', () => randomUUID()),
  };
}

function recordValue<T>(ex: Execution, kind: 'now' | 'random' | 'uuid', make: () => T): T {
  const { pos, cmd } = ex.nextCommand(kind, kind);
  if (cmd) return cmd.value as T;
  const value = make();
  void ex.append([ex.event('value_recorded', { pos, kind, value })]);
  return value;
}
