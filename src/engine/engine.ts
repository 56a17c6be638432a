import { hostname } from 'node:os';
import { ConflictError, NotFoundError, InternalError } from '../lib/errors.ts';
import type { CreatedRun, HistoryEvent, RunFilter, RunRecord, Store } from '../store/types.ts';
import { TERMINAL_STATUSES } from '../store/types.ts';
import { ManualClock, systemClock, type Clock } from '../lib/clock.ts';
import type { ExecutionDeps } from './execution-deps.ts';
import { GroupCommitter } from './group-commit.ts';
import { newId } from './ids.ts';
import { safeObserver, type EngineObserver } from './observer.ts';
import { silentLogger, type Logger } from '../lib/logger.ts';
import { WorkflowRegistry, type Subscription } from './registry.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
import { Scheduler, type ScheduleDefinition } from './scheduler.ts';
import type { AnyWorkflow } from './workflow.ts';
import { Worker, type WorkerOptions } from './worker.ts';

export interface EngineOptions {
  store: Store;
  clock?: Clock;
  logger?: Logger;
  /** Identifies this process in leases; defaults to host:pid:random. */
  workerId?: string;
  worker?: Partial<WorkerOptions>;
  /** Write a snapshot of a run's replay state every N history events. */
  snapshotEvery?: number;
  defaultRetry?: Partial<RetryPolicy>;
  /** Read-only observations for metrics (runs started and ended, step durations); never changes behaviour. */
  onEvent?: EngineObserver;
  /**
   * Runs on every definition registered and throws to refuse it: how the layers above check what a
   * workflow declares for them (its classification) without the engine knowing what that is.
   */
  checkDefinition?: (def: AnyWorkflow) => void;
  /** Source of `ctx.random()` (recorded in history on first use); default Math.random. */
  random?: () => number;
}

export interface StartOptions {
  /** Starting twice with the same key returns the first run. */
  idempotencyKey?: string;
}

export interface RunInspection {
  run: RunRecord;
  history: HistoryEvent[];
}

/**
 * The engine facade: registers workflows, subscriptions and schedules, starts runs, publishes
 * events, and runs a worker. Everything durable lives in the Store; this object holds no run state
 * that is not also in the database.
 */
export class Engine {
  readonly store: Store;
  readonly clock: Clock;
  readonly registry = new WorkflowRegistry();
  readonly worker: Worker;
  private readonly committer: GroupCommitter;
  private readonly scheduler: Scheduler;
  private readonly logger: Logger;
  private readonly checkDefinition: (def: AnyWorkflow) => void;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.checkDefinition = options.checkDefinition ?? (() => undefined);
    this.committer = new GroupCommitter(this.store, this.clock, this.logger);
    this.scheduler = new Scheduler(this.store, this.committer, this.registry);
    const owner = options.workerId ?? `${hostname()}:${process.pid}:${newId('w', Date.now()).slice(-6)}`;
    const deps: ExecutionDeps = {
      owner,
      clock: this.clock,
      committer: this.committer,
      store: this.store,
      snapshotEvery: options.snapshotEvery ?? 100,
      defaultRetry: { ...DEFAULT_RETRY, ...options.defaultRetry },
      resolveWorkflow: (name) => this.registry.latest(name),
      newRun: (def, input, o) => this.registry.newRun(def, input, { ...o, now: this.clock.now() }),
      withSubscribers: (event) =>
        this.registry.withSubscribers(event, this.clock.now(), (sub, err) => this.subscriberRejected(sub, err)),
      observe: safeObserver(options.onEvent),
      random: options.random ?? Math.random,
    };
    const workerOptions: WorkerOptions = {
      concurrency: 500,
      leaseMs: 30_000,
      pollMs: 1_000,
      claimBatch: 500,
      ...options.worker,
    };
    this.worker = new Worker(this.store, this.clock, this.registry, this.scheduler, deps, workerOptions, this.logger);
  }

  register(...defs: AnyWorkflow[]): this {
    for (const def of defs) this.checkDefinition(def);
    for (const def of defs) this.registry.register(def);
    return this;
  }

  subscribe(sub: Subscription): this {
    this.registry.subscribe(sub);
    return this;
  }

  schedule(def: ScheduleDefinition): this {
    this.scheduler.add(def);
    return this;
  }

  /** The subscriptions that start runs of this engine's workflows (read-only). */
  subscriptions(): readonly Subscription[] {
    return this.registry.subscriptions();
  }

  /** The schedules this engine fires, by name (read-only). */
  schedules(): readonly ScheduleDefinition[] {
    return this.scheduler.list();
  }

  async start(workflow: AnyWorkflow | string, input: unknown, options: StartOptions = {}): Promise<CreatedRun> {
    const [created] = await this.startMany([{ workflow, input, ...options }]);
    return created!;
  }

  /** Validates every input first: one bad input rejects the whole call and creates nothing. */
  async startMany(
    items: { workflow: AnyWorkflow | string; input: unknown; idempotencyKey?: string }[],
  ): Promise<CreatedRun[]> {
    const now = this.clock.now();
    const runs = items.map((item) => {
      const def = this.registry.latest(typeof item.workflow === 'string' ? item.workflow : item.workflow.name);
      return this.registry.newRun(def, item.input, { key: item.idempotencyKey ?? null, now });
    });
    const result = await this.committer.enqueue({ kind: 'create', runs });
    this.worker.notify();
    if (!result.ok) throw new ConflictError('runs could not be created');
    return result.runs;
  }

  /** Publishes an event to waiting runs and subscriptions. Publishing an id again is a no-op. */
  async publish(
    topic: string,
    payload: unknown,
    options: { id?: string } = {},
  ): Promise<{ id: string; runsStarted: CreatedRun[] }> {
    const now = this.clock.now();
    const event = this.registry.withSubscribers(
      {
        id: options.id ?? newId('evt', now),
        topic,
        payload: JSON.parse(JSON.stringify(payload ?? null)) as unknown,
        publishedAt: now,
        sourceRunId: null,
      },
      now,
      (sub, err) => this.subscriberRejected(sub, err),
    );
    const result = await this.committer.enqueue({ kind: 'publish', events: [event] });
    this.worker.notify();
    return { id: event.id, runsStarted: result.ok ? result.runs.filter((r: CreatedRun) => r.created) : [] };
  }

  private subscriberRejected(sub: Subscription, err: unknown): void {
    this.logger.warn({ subscription: sub.name, err }, 'subscription skipped an event whose payload is not valid input');
  }

  async getRun(id: string): Promise<RunRecord> {
    const run = await this.store.getRun(id);
    if (!run) throw new NotFoundError('run', id);
    return run;
  }

  async inspect(id: string): Promise<RunInspection> {
    const run = await this.getRun(id);
    return { run, history: await this.store.getHistory(id) };
  }

  listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    return this.store.listRuns(filter);
  }

  async cancel(id: string, reason = 'cancelled by operator'): Promise<RunRecord> {
    const run = await this.store.cancelRun(id, this.clock.now(), reason);
    this.worker.notify();
    return run;
  }

  async retry(id: string): Promise<RunRecord> {
    const run = await this.store.retryRun(id, this.clock.now());
    this.worker.notify();
    return run;
  }

  /** Executes everything runnable at the clock's current time, then returns. */
  drain(): Promise<void> {
    return this.worker.drain();
  }

  /**
   * With a manual clock: moves time forward to `until`, stopping at every due timer, retry or
   * cron slot on the way and draining there, as a live worker would.
   */
  async runUntil(until: number | Date): Promise<void> {
    const clock = this.clock;
    if (!(clock instanceof ManualClock)) throw new InternalError('runUntil needs a ManualClock');
    const target = typeof until === 'number' ? until : until.getTime();
    for (;;) {
      await this.drain();
      const wakes = [
        await this.store.nextWakeAt(this.clock.now(), this.registry.names()),
        this.scheduler.nextWakeAt(),
      ].filter((w): w is number => w !== null);
      const next = Math.min(target, ...wakes.filter((w) => w > this.clock.now()));
      if (next <= this.clock.now()) return;
      clock.set(next);
    }
  }

  /**
   * Polls until the run ends or needs attention, on the engine's clock (a ManualClock's time moves
   * only when the test moves it, so the polls follow it).
   */
  async waitForRun(id: string, pollMs = 50, timeoutMs = 60_000): Promise<RunRecord> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const run = await this.getRun(id);
      if (TERMINAL_STATUSES.includes(run.status) || run.status === 'needs_attention') return run;
      if (this.clock.now() >= deadline) throw new ConflictError(`run ${id} still ${run.status} after ${timeoutMs} ms`);
      await this.clock.sleep(pollMs);
    }
  }

  startWorker(): void {
    this.worker.start();
  }

  async stop(graceMs?: number): Promise<void> {
    await this.worker.stop(graceMs);
  }
}
