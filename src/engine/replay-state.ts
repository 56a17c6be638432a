import type { SerializedError } from '../lib/errors.ts';
import type { HistoryEvent, NewHistoryEvent } from '../store/types.ts';

/**
 * The folded form of a run's history: what replay needs to answer each workflow command. Pure
 * data, JSON-serialisable, so it doubles as the snapshot format. `fold` is the only way it changes,
 * both when loading history and when the live execution appends new events.
 */
export type CommandKind = 'step' | 'now' | 'random' | 'uuid' | 'sleep' | 'wait' | 'child' | 'emit';

export interface StepCommand {
  kind: 'step';
  name: string;
  done: boolean;
  result?: unknown;
  failures: number;
  lastError?: SerializedError;
  retryAt?: number | null;
  failed: boolean;
  compensated: boolean;
  compFailures: number;
  compRetryAt?: number | null;
  compLastError?: SerializedError;
}

export interface ValueCommand {
  kind: 'now' | 'random' | 'uuid';
  name: string;
  value: unknown;
}

export interface SleepCommand {
  kind: 'sleep';
  name: string;
  due: number;
  fired: boolean;
}

export interface WaitCommand {
  kind: 'wait';
  name: string;
  afterSeq: number;
  timeoutAt: number | null;
  match: Record<string, unknown> | null;
  key: string;
  event?: unknown;
  timedOut: boolean;
}

export interface ChildOutcome {
  status: string;
  output: unknown;
  error: SerializedError | null;
}

export interface ChildCommand {
  kind: 'child';
  name: string;
  childId: string;
  finished?: ChildOutcome;
}

export interface EmitCommand {
  kind: 'emit';
  name: string;
  eventId: string;
}

export type Command = StepCommand | ValueCommand | SleepCommand | WaitCommand | ChildCommand | EmitCommand;

export interface ReplayState {
  commands: Record<string, Command>;
  /** Bumped when a retry discards compensated steps, so their re-execution gets fresh idempotency keys. */
  keyEpoch: number;
}

export function emptyState(): ReplayState {
  return { commands: {}, keyEpoch: 0 };
}

type Data = Record<string, unknown>;

function pos(d: Data): string {
  return String(d.pos);
}

/** Applies one history event to the state in place. Unknown event types change nothing. */
export function fold(state: ReplayState, event: HistoryEvent | NewHistoryEvent): void {
  const d = event.data;
  const cmds = state.commands;
  switch (event.type) {
    case 'step_completed': {
      const prev = cmds[pos(d)] as StepCommand | undefined;
      cmds[pos(d)] = { ...newStep(d.name as string), failures: prev?.failures ?? 0, done: true, result: d.result };
      break;
    }
    case 'step_failed': {
      const prev = (cmds[pos(d)] as StepCommand | undefined) ?? newStep(d.name as string);
      const retryAt = (d.retryAt as number | null) ?? null;
      cmds[pos(d)] = {
        ...prev,
        failures: d.attempt as number,
        lastError: d.error as SerializedError,
        retryAt,
        failed: retryAt === null,
      };
      break;
    }
    case 'compensation_completed': {
      const step = cmds[pos(d)] as StepCommand;
      cmds[pos(d)] = { ...step, compensated: true, compRetryAt: null };
      break;
    }
    case 'compensation_failed': {
      const step = cmds[pos(d)] as StepCommand;
      cmds[pos(d)] = {
        ...step,
        compFailures: d.attempt as number,
        compRetryAt: (d.retryAt as number | null) ?? null,
        compLastError: d.error as SerializedError,
      };
      break;
    }
    case 'value_recorded':
      cmds[pos(d)] = { kind: d.kind as ValueCommand['kind'], name: d.kind as string, value: d.value };
      break;
    case 'timer_set':
      cmds[pos(d)] = { kind: 'sleep', name: d.name as string, due: d.due as number, fired: false };
      break;
    case 'timer_fired':
      cmds[pos(d)] = { ...(cmds[pos(d)] as SleepCommand), fired: true };
      break;
    case 'wait_started':
      cmds[pos(d)] = {
        kind: 'wait',
        name: d.topic as string,
        afterSeq: d.afterSeq as number,
        timeoutAt: (d.timeoutAt as number | null) ?? null,
        match: (d.match as Record<string, unknown> | null) ?? null,
        key: d.key as string,
        timedOut: false,
      };
      break;
    case 'event_received':
      cmds[pos(d)] = { ...(cmds[pos(d)] as WaitCommand), event: d.event };
      break;
    case 'wait_timed_out':
      cmds[pos(d)] = { ...(cmds[pos(d)] as WaitCommand), timedOut: true };
      break;
    case 'child_started':
      cmds[pos(d)] = { kind: 'child', name: d.workflow as string, childId: d.childId as string };
      break;
    case 'child_finished':
      cmds[pos(d)] = {
        ...(cmds[pos(d)] as ChildCommand),
        finished: { status: d.status as string, output: d.output, error: (d.error as SerializedError | null) ?? null },
      };
      break;
    case 'event_emitted':
      cmds[pos(d)] = { kind: 'emit', name: d.topic as string, eventId: d.eventId as string };
      break;
    case 'run_retried':
      truncateForRetry(state);
      break;
  }
}

function newStep(name: string): StepCommand {
  return { kind: 'step', name, done: false, failures: 0, failed: false, compensated: false, compFailures: 0 };
}

/**
 * A retried run replays up to the first step that was undone by compensation (everything after it
 * runs again, with new idempotency keys) or, without compensation, up to the first step that
 * failed for good (it runs again with its old key: an outside system may have half-done it).
 */
function truncateForRetry(state: ReplayState): void {
  const entries = Object.entries(state.commands).map(([p, c]) => [Number(p), c] as const);
  const compensated = entries
    .filter(([, c]) => c.kind === 'step' && (c.compensated || c.compFailures > 0))
    .map(([p]) => p);
  const failed = entries.filter(([, c]) => c.kind === 'step' && c.failed).map(([p]) => p);
  let cut = Infinity;
  if (compensated.length > 0) {
    cut = Math.min(...compensated);
    state.keyEpoch += 1;
  } else if (failed.length > 0) {
    cut = Math.min(...failed);
  }
  for (const [p, c] of entries) {
    if (p >= cut) delete state.commands[p];
    else if (c.kind === 'step' && c.compFailures > 0) state.commands[p] = { ...c, compFailures: 0, compRetryAt: null };
  }
}
