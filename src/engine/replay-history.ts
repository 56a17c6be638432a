/**
 * Recorded-history replay, the guard against a code change that would break runs in flight (the
 * way Temporal's SDK replays recorded histories in its tests). `recordHistory` captures a real run
 * as plain JSON to check in as a fixture; `replayHistory` runs today's workflow code against it
 * without executing any step or committing anything, and throws NonDeterminismError naming the
 * first command where the code no longer matches the history.
 */
import { ConflictError, NonDeterminismError, NotFoundError } from '../lib/errors.ts';
import { ManualClock } from '../lib/clock.ts';
import type { HistoryEvent, RunStatus, Store } from '../store/types.ts';
import { DEFAULT_RETRY } from './retry.ts';
import type { ExecutionDeps } from './execution-deps.ts';
import { Execution } from './execution.ts';
import type { AnyWorkflow } from './workflow.ts';

export interface RecordedHistory {
  format: 1;
  runId: string;
  workflow: string;
  version: number;
  /** The run's input as stored (after parsing). */
  input: unknown;
  /** The run's status when it was recorded: a history may end mid-run (waiting). */
  status: RunStatus;
  events: HistoryEvent[];
}

export interface ReplayReport {
  /** Commands answered from the recorded history. */
  commands: number;
  events: number;
}

export async function recordHistory(
  store: Pick<Store, 'getRun' | 'getHistory'>,
  runId: string,
): Promise<RecordedHistory> {
  const run = await store.getRun(runId);
  if (!run) throw new NotFoundError('run', runId);
  const events = await store.getHistory(runId);
  return {
    format: 1,
    runId,
    workflow: run.workflow,
    version: run.version,
    input: run.input,
    status: run.status,
    events,
  };
}

export async function replayHistory(definition: AnyWorkflow, recorded: RecordedHistory): Promise<ReplayReport> {
  if (definition.name !== recorded.workflow) {
    throw new ConflictError(`history is of workflow '${recorded.workflow}', not '${definition.name}'`);
  }
  if (definition.version !== recorded.version) {
    throw new ConflictError(
      `history was recorded with ${recorded.workflow} version ${recorded.version} but the code is version ${definition.version}: ` +
        'runs in flight keep their version, so keep that version registered (and its fixture), or re-record deliberately',
    );
  }
  const lastAt = recorded.events.at(-1)?.at ?? 0;
  const deps: ExecutionDeps = {
    owner: 'replay',
    clock: new ManualClock(lastAt),
    committer: { enqueue: () => Promise.resolve({ ok: false, reason: 'conflict' }), whenIdle: () => Promise.resolve() },
    store: { eventHighWater: () => Promise.resolve(0) },
    snapshotEvery: Number.MAX_SAFE_INTEGER,
    defaultRetry: DEFAULT_RETRY,
    resolveWorkflow: () => definition,
    newRun: (def, input, options) => ({
      id: options.id,
      workflow: def.name,
      version: def.version,
      input,
      idempotencyKey: options.key,
      parentId: options.parentId,
      createdAt: lastAt,
      runnableAt: lastAt,
    }),
    withSubscribers: (event) => ({ ...event, subscriberRuns: [] }),
    observe: () => undefined,
    random: () => 0,
    replayOnly: true,
  };
  const execution = new Execution(deps, definition, {
    run: {
      id: recorded.runId,
      workflow: recorded.workflow,
      version: recorded.version,
      status: 'running',
      input: recorded.input,
      output: null,
      error: null,
      idempotencyKey: null,
      parentId: null,
      createdAt: recorded.events[0]?.at ?? 0,
      updatedAt: lastAt,
      runnableAt: null,
      leaseOwner: 'replay',
      leaseUntil: Number.MAX_SAFE_INTEGER,
      historyLength: recorded.events.length,
    },
    snapshot: null,
    history: recorded.events,
    inbox: [],
  });
  await execution.run();
  if (execution.divergence !== null) throw new NonDeterminismError(execution.divergence);
  return { commands: execution.replayed, events: recorded.events.length };
}
