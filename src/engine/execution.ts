import { NonDeterminismError, serializeError } from '../lib/errors.ts';
import type { ClaimedRun, NewHistoryEvent, RunCommitOp, WaitRegistration } from '../store/types.ts';
import type { ExecutionDeps } from './execution-deps.ts';
import { createContext } from './context/index.ts';
import { emptyState, fold, type Command, type CommandKind, type ReplayState } from './replay-state.ts';
import { runCompensations, type CompensationEntry } from './compensation.ts';
import type { WorkflowDefinition } from './workflow.ts';

export interface Blocker {
  wakeAt: number | null;
  wait?: WaitRegistration;
  inboxKey?: string;
}

export type ExecutionOutcome = 'completed' | 'failed' | 'suspended' | 'needs_attention' | 'abandoned';

/** Thrown into nothing: marks a promise that must never settle because the execution ended. */
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * One invocation of a claimed run: replays its history through the workflow function and carries
 * it forward until it completes, fails, or blocks on time or an outside signal. The invocation is
 * then dropped; the run lives on as rows.
 */
export class Execution {
  readonly runId: string;
  readonly state: ReplayState;
  readonly inbox: Map<string, unknown>;
  private seq: number;
  private lastSnapshotSeq: number;
  private nextPos = 0;
  private inflight = 0;
  private activity = 0;
  private blockers: Blocker[] = [];
  private ended = false;
  private finish!: (o: ExecutionOutcome) => void;
  readonly abort = new AbortController();
  readonly nameCounts = new Map<string, number>();
  readonly compensations: CompensationEntry[] = [];
  /** Replay only: how many commands were answered from history, and the divergence if any. */
  replayed = 0;
  divergence: string | null = null;

  constructor(
    readonly deps: ExecutionDeps,
    readonly def: WorkflowDefinition,
    readonly claimed: ClaimedRun,
  ) {
    this.runId = claimed.run.id;
    this.state = claimed.snapshot ? (structuredClone(claimed.snapshot.state) as ReplayState) : emptyState();
    for (const ev of claimed.history) fold(this.state, ev);
    this.seq = claimed.run.historyLength;
    this.lastSnapshotSeq = claimed.snapshot?.seq ?? 0;
    this.inbox = new Map(claimed.inbox.map((i) => [i.key, i.payload]));
  }

  get isEnded(): boolean {
    return this.ended;
  }

  async run(): Promise<ExecutionOutcome> {
    const done = new Promise<ExecutionOutcome>((resolve) => (this.finish = resolve));
    const ctx = createContext(this);
    Promise.resolve()
      .then(() => this.def.run(ctx, this.claimed.run.input))
      .then(
        (output) => this.whenQuiet(() => this.complete(output)),
        (err: unknown) => this.whenQuiet(() => this.fail(err)),
      );
    return done;
  }

  /** Allocates the next command position and checks it against history. */
  nextCommand<K extends CommandKind>(
    kind: K,
    name: string,
  ): { pos: number; cmd: Extract<Command, { kind: K }> | undefined } {
    const pos = this.nextPos++;
    this.activity++;
    const cmd = this.state.commands[pos];
    if (cmd && (cmd.kind !== kind || cmd.name !== name)) {
      const err = new NonDeterminismError(
        `replay diverged at command #${pos}: history has ${cmd.kind} '${cmd.name}' but the workflow now calls ${kind} '${name}'`,
      );
      if (this.deps.replayOnly) {
        this.divergence = err.message;
        void this.end('needs_attention');
      } else void this.whenQuiet(() => this.needsAttention(err.message));
      throw err;
    }
    if (this.deps.replayOnly && !this.ended) {
      // The first command the history has no outcome for: replay has caught up; nothing runs for real.
      if (cmd) this.replayed = pos + 1;
      else void this.end('suspended');
    }
    return { pos, cmd: cmd as Extract<Command, { kind: K }> | undefined };
  }

  /** Key for outside systems: run + step name (+ occurrence when a name repeats, + epoch after a compensated retry). */
  idempotencyKey(name: string): string {
    const n = (this.nameCounts.get(name) ?? 0) + 1;
    this.nameCounts.set(name, n);
    const epoch = this.state.keyEpoch ? `~${this.state.keyEpoch}` : '';
    return `${this.runId}:${name}${n > 1 ? `#${n}` : ''}${epoch}`;
  }

  /** Appends events durably. Resolves after the commit; never settles if the run was lost or ended. */
  async append(events: NewHistoryEvent[], extra: Partial<RunCommitOp> = {}): Promise<void> {
    if (this.ended) return never();
    const op: RunCommitOp = {
      kind: 'commit',
      runId: this.runId,
      owner: this.deps.owner,
      expectedSeq: this.seq,
      events,
      ...extra,
    };
    for (const ev of events) fold(this.state, ev);
    this.seq += events.length;
    if (this.seq - this.lastSnapshotSeq >= this.deps.snapshotEvery && !extra.releaseLease) {
      op.snapshot = { seq: this.seq, state: structuredClone(this.state) };
      this.lastSnapshotSeq = this.seq;
    }
    this.inflight++;
    try {
      const result = await this.deps.committer.enqueue(op);
      if (!result.ok) return this.end('abandoned');
    } catch {
      return this.end('abandoned');
    } finally {
      this.inflight--;
    }
    this.poke();
  }

  /** Tracks work (a step body, a read) so that suspension waits for it. An ended invocation starts none. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    if (this.ended) return never();
    this.inflight++;
    try {
      return await work();
    } finally {
      this.inflight--;
      this.poke();
    }
  }

  event(type: string, data: Record<string, unknown>): NewHistoryEvent {
    return { type, at: this.deps.clock.now(), data };
  }

  /** Parks the calling command until the run is resumed by a later invocation. */
  block<T>(blocker: Blocker): Promise<T> {
    this.blockers.push(blocker);
    this.poke();
    return never();
  }

  private poke(): void {
    if (this.ended || this.inflight > 0 || this.blockers.length === 0) return;
    const seen = this.activity;
    // Let the workflow's pending microtasks run: it may still issue commands before it truly blocks.
    setImmediate(() => {
      if (!this.ended && this.inflight === 0 && this.activity === seen) void this.suspend();
    });
  }

  private async suspend(): Promise<void> {
    const wakes = this.blockers.map((b) => b.wakeAt).filter((w): w is number => w !== null);
    const waits = this.blockers.flatMap((b) => (b.wait ? [b.wait] : []));
    const blockedOn = this.blockers.flatMap((b) => (b.inboxKey ? [b.inboxKey] : []));
    await this.finalCommit('suspended', [], {
      status: 'waiting',
      runnableAt: wakes.length ? Math.min(...wakes) : null,
      waits,
      blockedOn,
    });
  }

  /** Runs `fn` once nothing is in flight, so a final commit never races the run's own steps. */
  private whenQuiet(fn: () => Promise<void>): Promise<void> {
    if (this.ended) return Promise.resolve();
    if (this.inflight === 0) return fn();
    return new Promise<void>((resolve) => {
      const check = (): void => {
        if (this.ended) return resolve();
        if (this.inflight === 0) void fn().then(resolve);
        else setImmediate(check);
      };
      setImmediate(check);
    });
  }

  private async complete(output: unknown): Promise<void> {
    this.blockers = [];
    const value = output === undefined ? null : (JSON.parse(JSON.stringify(output)) as unknown);
    await this.finalCommit('completed', [this.event('run_completed', { output: value })], {
      status: 'completed',
      runnableAt: null,
      output: value,
      error: null,
    });
  }

  private async fail(err: unknown): Promise<void> {
    if (this.ended) return;
    // Branches still parked (a lost Promise.race) no longer matter once the workflow has thrown.
    this.blockers = [];
    if (err instanceof NonDeterminismError) return this.needsAttention(err.message);
    const outcome = await runCompensations(this);
    if (outcome === 'blocked' || this.ended) return;
    if (outcome === 'failed') return;
    const error = serializeError(err);
    await this.finalCommit('failed', [this.event('run_failed', { error })], {
      status: 'failed',
      runnableAt: null,
      error,
    });
  }

  async needsAttention(message: string): Promise<void> {
    if (this.ended) return;
    await this.finalCommit('needs_attention', [this.event('needs_attention', { message })], {
      status: 'needs_attention',
      runnableAt: null,
      error: { name: 'NeedsAttention', code: 'NEEDS_ATTENTION', message, retryable: false },
    });
  }

  private async finalCommit(
    outcome: ExecutionOutcome,
    events: NewHistoryEvent[],
    extra: Partial<RunCommitOp>,
  ): Promise<void> {
    if (this.ended) return;
    await this.append(events, { ...extra, releaseLease: true });
    void this.end(outcome);
  }

  /** Ends the invocation: later commands and commits of this invocation never settle. */
  end(outcome: ExecutionOutcome): Promise<never> {
    if (!this.ended) {
      this.ended = true;
      // Only an abandoned invocation can still have step bodies running; tell them to stop.
      if (outcome === 'abandoned') this.abort.abort();
      this.finish(outcome);
    }
    return never();
  }
}
