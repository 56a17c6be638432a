import type { ClaimedRun, Store } from '../store/types.ts';
import type { Clock } from '../lib/clock.ts';
import type { ExecutionDeps } from './execution-deps.ts';
import { Execution, type ExecutionOutcome } from './execution.ts';
import type { Logger } from '../lib/logger.ts';
import type { WorkflowRegistry } from './registry.ts';
import type { Scheduler } from './scheduler.ts';

export interface WorkerOptions {
  /** Most runs executing at once in this process. */
  concurrency: number;
  /** How long a claim is held without a heartbeat before another worker may take the run over. */
  leaseMs: number;
  /** Longest sleep between polls when nothing wakes the worker earlier. */
  pollMs: number;
  /** Most runs taken by one claim query. */
  claimBatch: number;
}

export interface WorkerStats {
  claimed: number;
  outcomes: Record<ExecutionOutcome, number>;
}

/**
 * Claims runnable runs with leases, executes them concurrently up to a limit, keeps their leases
 * alive, and hands them back on shutdown. All durable writes go through the group committer.
 */
export class Worker {
  private readonly inflight = new Map<string, Execution>();
  private readonly ended = new Set<() => void>();
  private readonly marking = new Set<Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeLoop: AbortController = new AbortController();
  private heartbeat: NodeJS.Timeout | null = null;
  /** Resolves to the unsubscribe function once the store's push wake-ups are set up. */
  private listening: Promise<(() => Promise<void>) | null> | null = null;
  readonly stats: WorkerStats = {
    claimed: 0,
    outcomes: { completed: 0, failed: 0, suspended: 0, needs_attention: 0, abandoned: 0 },
  };

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly registry: WorkflowRegistry,
    private readonly scheduler: Scheduler,
    private readonly deps: ExecutionDeps,
    private readonly options: WorkerOptions,
    private readonly logger: Logger,
  ) {}

  get owner(): string {
    return this.deps.owner;
  }

  get running(): number {
    return this.inflight.size;
  }

  /** Something may have become runnable: cut the current idle wait short. */
  notify(): void {
    // Called once per finished run (hundreds per committed batch): abort() builds its default
    // reason, a DOMException with a stack trace, on every call, even on an already aborted signal.
    if (!this.wakeLoop.signal.aborted) this.wakeLoop.abort();
  }

  async claimOnce(): Promise<number> {
    const capacity = this.options.concurrency - this.inflight.size;
    if (capacity <= 0 || this.stopping) return 0;
    // Only runs of workflows registered here: another worker that has the rest runs them.
    const claimed = await this.store.claim(
      this.owner,
      Math.min(capacity, this.options.claimBatch),
      this.clock.now(),
      this.options.leaseMs,
      this.registry.names(),
    );
    for (const c of claimed) this.launch(c);
    this.stats.claimed += claimed.length;
    return claimed.length;
  }

  /** A child logger naming the run; made only when there is something to log (not per launch). */
  private runLogger(run: { id: string; workflow: string; version: number }): Logger {
    return this.logger.child({ runId: run.id, workflow: run.workflow, version: run.version });
  }

  private launch(claimed: ClaimedRun): void {
    const { run } = claimed;
    const def = this.registry.get(run.workflow, run.version);
    if (!def) {
      const message = `workflow '${run.workflow}' version ${run.version} is not registered in this worker`;
      // Tracked so that drain() and stop() wait for it: with an asynchronous store (PostgreSQL) the
      // write would otherwise land after drain() returned, with the run still looking 'running'.
      const marking: Promise<void> = this.store
        .markNeedsAttention(run.id, this.owner, this.clock.now(), message)
        .catch((err: unknown) => this.runLogger(run).error({ err }, 'mark needs_attention failed'))
        .finally(() => this.marking.delete(marking));
      this.marking.add(marking);
      return;
    }
    const ex = new Execution(this.deps, def, claimed);
    this.inflight.set(run.id, ex);
    // A history holding only its `run_started` event: this is the run's first invocation.
    if (run.historyLength === 1) this.deps.observe({ type: 'run_started', runId: run.id, workflow: run.workflow });
    ex.run()
      .catch((err: unknown) => {
        this.runLogger(run).error({ err }, 'execution crashed');
        return 'abandoned' as const;
      })
      .then(
        (outcome) => {
          this.stats.outcomes[outcome]++;
          if (outcome === 'completed' || outcome === 'failed' || outcome === 'needs_attention') {
            this.deps.observe({ type: 'run_ended', runId: run.id, workflow: run.workflow, status: outcome });
          }
          this.inflight.delete(run.id);
          for (const fn of this.ended) fn();
          this.notify();
        },
        () => undefined,
      );
  }

  private anyEnded(): Promise<void> {
    return new Promise((resolve) => {
      const fn = (): void => {
        this.ended.delete(fn);
        resolve();
      };
      this.ended.add(fn);
    });
  }

  /** Runs everything runnable at the clock's current time until nothing is left (tests, CLI one-shots). */
  async drain(): Promise<void> {
    for (;;) {
      await this.scheduler.tick(this.clock.now());
      const claimed = await this.claimOnce();
      if (claimed > 0) continue;
      if (this.inflight.size > 0) {
        await this.anyEnded();
        continue;
      }
      await this.deps.committer.whenIdle();
      await Promise.all(this.marking);
      const next = await this.store.nextWakeAt(this.clock.now(), this.registry.names());
      if (next === null || next > this.clock.now()) return;
    }
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.heartbeat = setInterval(() => void this.extendLeases(), Math.max(50, Math.floor(this.options.leaseMs / 3)));
    this.heartbeat.unref();
    this.loop = this.runLoop();
    this.listening =
      this.store
        .listen?.(() => this.notify())
        .catch((err: unknown) => {
          this.logger.warn({ err }, 'wake-up listener unavailable; polling only');
          return null;
        }) ?? null;
  }

  private async runLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        this.wakeLoop = new AbortController();
        await this.scheduler.tick(this.clock.now());
        const claimed = await this.claimOnce();
        if (claimed > 0 && this.inflight.size < this.options.concurrency) continue;
        await this.idle();
      } catch (err) {
        // A store outage: keep the process alive and try again after a poll interval.
        this.logger.warn({ err }, 'worker loop error; retrying');
        await this.clock.sleep(this.options.pollMs, this.wakeLoop.signal);
      }
    }
  }

  /**
   * Waits until there may be work: the next due time, a notification, or a finished execution
   * when at capacity. Always yields to the event loop, so a loop over due-but-unclaimable rows
   * (all capacity in use) can never starve timers and I/O.
   */
  private async idle(): Promise<void> {
    let delay = this.options.pollMs;
    if (this.inflight.size < this.options.concurrency) {
      const now = this.clock.now();
      const wakes = [await this.store.nextWakeAt(now, this.registry.names()), this.scheduler.nextWakeAt()].filter(
        (w): w is number => w !== null,
      );
      delay = Math.min(delay, ...wakes.map((w) => w - now));
    }
    if (delay > 0) await this.clock.sleep(delay, this.wakeLoop.signal);
    else await new Promise((resolve) => setImmediate(resolve));
  }

  private async extendLeases(): Promise<void> {
    if (this.inflight.size === 0) return;
    try {
      await this.store.extendLeases(this.owner, [...this.inflight.keys()], this.clock.now() + this.options.leaseMs);
    } catch (err) {
      this.logger.warn({ err }, 'lease heartbeat failed');
    }
  }

  /** Graceful shutdown: stop claiming, let in-flight runs finish for `graceMs`, then hand the rest back. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.notify();
    await this.loop;
    this.loop = null;
    // Wall time on purpose: the grace bounds how long the process takes to exit, which a manual
    // clock in tests must not stretch.
    const deadline = Date.now() + graceMs;
    while (this.inflight.size > 0 && Date.now() < deadline) {
      await Promise.race([this.anyEnded(), new Promise((r) => setTimeout(r, Math.max(1, deadline - Date.now())))]);
    }
    const left = [...this.inflight.values()];
    for (const ex of left) void ex.end('abandoned');
    await this.deps.committer.whenIdle();
    await Promise.all(this.marking);
    if (left.length)
      await this.store.releaseLeases(
        this.owner,
        left.map((e) => e.runId),
      );
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    // Awaited even if stop() comes before the listener is up, so no LISTEN connection outlives the worker.
    const unlisten = await this.listening;
    this.listening = null;
    await unlisten?.();
  }
}
