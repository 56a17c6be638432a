import type { SerializedError } from '../lib/errors.ts';

/**
 * The one Store interface. Every write goes through `apply`, which takes a batch of operations from
 * many runs and makes them durable in ONE transaction (group commit): one fsync for many runs.
 * Adapters (sqlite/, postgres/) must give identical observable behaviour; test/conformance proves it.
 */

export const RUN_STATUSES = [
  'pending',
  'running',
  'waiting',
  'completed',
  'failed',
  'cancelled',
  'needs_attention',
] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export interface RunRecord {
  id: string;
  workflow: string;
  version: number;
  status: RunStatus;
  input: unknown;
  output: unknown;
  error: SerializedError | null;
  idempotencyKey: string | null;
  parentId: string | null;
  createdAt: number;
  updatedAt: number;
  /** When the run may next be claimed; null while it waits for an outside signal or has ended. */
  runnableAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number;
  historyLength: number;
}

export interface HistoryEvent {
  seq: number;
  type: string;
  at: number;
  data: Record<string, unknown>;
}

export type NewHistoryEvent = Omit<HistoryEvent, 'seq'>;

export interface Snapshot {
  seq: number;
  state: unknown;
}

/** A signal delivered to a run (a matching event, a finished child), consumed by its next replay. */
export interface InboxItem {
  key: string;
  payload: unknown;
  at: number;
}

export interface NewRun {
  id: string;
  workflow: string;
  version: number;
  input: unknown;
  idempotencyKey: string | null;
  parentId: string | null;
  createdAt: number;
  runnableAt: number;
}

export interface NewEvent {
  id: string;
  topic: string;
  payload: unknown;
  publishedAt: number;
  sourceRunId: string | null;
}

/** An event to publish with the runs its subscriptions start (created only if the event is new). */
export interface EventToPublish extends NewEvent {
  subscriberRuns: NewRun[];
}

export interface StoredEvent extends NewEvent {
  seq: number;
}

/** An event wait: matches events on `topic` with seq > afterSeq whose payload contains `match`. */
export interface WaitRegistration {
  key: string;
  topic: string;
  match: Record<string, unknown> | null;
  afterSeq: number;
}

export interface ScheduleRecord {
  name: string;
  lastSlot: number;
}

/** Progress of one run made durable by its lease holder. Fenced by owner and expected history length. */
export interface RunCommitOp {
  kind: 'commit';
  runId: string;
  owner: string;
  /** The run's history length this commit builds on; a mismatch means someone else moved the run. */
  expectedSeq: number;
  events: NewHistoryEvent[];
  snapshot?: Snapshot;
  status?: RunStatus;
  /** undefined keeps the current value. */
  runnableAt?: number | null;
  output?: unknown;
  error?: SerializedError | null;
  releaseLease?: boolean;
  waits?: WaitRegistration[];
  /** Inbox keys the run is blocked on: if any is already present the run stays runnable instead of waiting. */
  blockedOn?: string[];
  consumeInbox?: string[];
  publish?: EventToPublish[];
  createRuns?: NewRun[];
}

export interface CreateRunsOp {
  kind: 'create';
  runs: NewRun[];
}

export interface PublishOp {
  kind: 'publish';
  events: EventToPublish[];
}

export interface FireScheduleOp {
  kind: 'fire_schedule';
  name: string;
  /** Compare-and-set on the schedule's last slot; the run idempotency key makes a slot fire once regardless. */
  expectedLastSlot: number;
  lastSlot: number;
  runs: NewRun[];
}

export type StoreOp = RunCommitOp | CreateRunsOp | PublishOp | FireScheduleOp;

export interface CreatedRun {
  id: string;
  created: boolean;
}

export type OpResult =
  { ok: true; runs: CreatedRun[] } | { ok: false; reason: 'lease_lost' | 'conflict' | 'schedule_moved' };

export interface ClaimedRun {
  run: RunRecord;
  snapshot: Snapshot | null;
  /** History after the snapshot (or all of it when there is none). */
  history: HistoryEvent[];
  inbox: InboxItem[];
}

export interface RunFilter {
  workflow?: string;
  status?: RunStatus | RunStatus[];
  createdAfter?: number;
  createdBefore?: number;
  parentId?: string;
  limit?: number;
  /** Return runs with id < before (ids are time ordered), newest first. */
  before?: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies the database's pending migrations, every table's (store/migrate.ts); call before use. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Applies all ops in one transaction; results are positional. One op failing its fence does not fail others. */
  apply(ops: StoreOp[], now: number): Promise<OpResult[]>;

  /**
   * Leases up to `limit` runs whose runnableAt <= now and whose lease is free or expired; with
   * `workflows`, only runs of those workflow names (a worker leaves the others to workers that have them).
   */
  claim(
    owner: string,
    limit: number,
    now: number,
    leaseMs: number,
    workflows?: readonly string[],
  ): Promise<ClaimedRun[]>;
  extendLeases(owner: string, runIds: string[], leaseUntil: number): Promise<void>;
  releaseLeases(owner: string, runIds: string[]): Promise<void>;
  /** Earliest runnableAt among runs not leased at `now` (of `workflows` only, when given), or null. */
  nextWakeAt(now: number, workflows?: readonly string[]): Promise<number | null>;
  /** Highest event seq committed so far: a wait registered later must see every event after it. */
  eventHighWater(): Promise<number>;

  getRun(id: string): Promise<RunRecord | null>;
  findRunByKey(workflow: string, idempotencyKey: string): Promise<RunRecord | null>;
  listRuns(filter: RunFilter): Promise<RunRecord[]>;
  countRuns(filter: Pick<RunFilter, 'workflow' | 'status'>): Promise<number>;
  getHistory(runId: string, afterSeq?: number): Promise<HistoryEvent[]>;
  listEvents(afterSeq: number, limit: number): Promise<StoredEvent[]>;

  /** Ends a non-terminal run (and its non-terminal children) as cancelled; returns the run. */
  cancelRun(id: string, now: number, reason: string): Promise<RunRecord>;
  /** Makes a failed or needs_attention run runnable again, appending `run_retried`. */
  retryRun(id: string, now: number): Promise<RunRecord>;
  /** Marks a run needs_attention outside a lease commit (e.g. its workflow version is unknown). */
  markNeedsAttention(id: string, owner: string, now: number, message: string): Promise<void>;

  /**
   * Optional push wake-ups (PostgreSQL LISTEN/NOTIFY): `onWake` is called when another process
   * made work runnable. Polling remains the fallback. Returns an unsubscribe function.
   */
  listen?(onWake: () => void): Promise<() => Promise<void>>;

  getSchedule(name: string): Promise<ScheduleRecord | null>;
  /** Creates the schedule row if missing, with lastSlot = initialSlot; returns the stored row. */
  ensureSchedule(name: string, initialSlot: number): Promise<ScheduleRecord>;
}
