import type { EventToPublish, NewRun, Store } from '../store/types.ts';
import type { Clock } from '../lib/clock.ts';
import type { EngineObserver } from './observer.ts';
import type { GroupCommitter } from './group-commit.ts';
import type { RetryPolicy } from './retry.ts';
import type { WorkflowDefinition } from './workflow.ts';

/** What an execution needs from its worker; kept narrow so executions are easy to reason about. */
export interface ExecutionDeps {
  owner: string;
  clock: Clock;
  committer: Pick<GroupCommitter, 'enqueue' | 'whenIdle'>;
  store: Pick<Store, 'eventHighWater'>;
  snapshotEvery: number;
  defaultRetry: RetryPolicy;
  resolveWorkflow(name: string): WorkflowDefinition;
  /** Builds a run row for a child after validating its input. */
  newRun(
    def: WorkflowDefinition,
    input: unknown,
    opts: { id: string; parentId: string | null; key: string | null },
  ): NewRun;
  /** Attaches the runs that subscriptions start for this event. */
  withSubscribers(event: Omit<EventToPublish, 'subscriberRuns'>): EventToPublish;
  /** Metrics hook (already made safe: it never throws). */
  observe: EngineObserver;
  /** Source of `ctx.random()` on first execution (recorded in history, replayed after). */
  random(): number;
  /**
   * Replay only (recorded-history checks): the execution stops at the first command the history
   * has no outcome for, and never runs a step body or commits anything.
   */
  replayOnly?: boolean;
}
