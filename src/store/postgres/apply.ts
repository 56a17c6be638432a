import type pg from 'pg';
import { fromJson, toJson } from '../rows.ts';
import { payloadMatches } from '../match.ts';
import type { CreatedRun, EventToPublish, NewRun, OpResult, RunCommitOp, StoreOp, WaitRegistration } from '../types.ts';
import { TERMINAL_STATUSES } from '../types.ts';
import { lockKey } from './connection.ts';
import { PendingWrites } from './pending-writes.ts';

export interface ApplyTarget {
  schema: string | undefined;
  /** NOTIFY channel told when this transaction made work runnable. */
  channel: string;
}

interface Fence {
  lease_owner: string | null;
  status: string;
  history_length: number;
  parent_id: string | null;
}

/** Events scanned per query when a new wait looks for an already published match. */
const EVENT_PAGE = 500;

/** Applies a batch inside the caller's transaction; a fresh applier per attempt keeps retries clean. */
export async function applyOps(
  client: pg.PoolClient,
  ops: StoreOp[],
  now: number,
  target: ApplyTarget,
): Promise<OpResult[]> {
  return new PostgresApplier(client, now, target).applyAll(ops);
}

/**
 * The write path of the PostgreSQL adapter, with the same observable behaviour as the SQLite one.
 * SQLite has one writer; here several worker processes commit at once, so the races SQLite excludes
 * by construction are excluded with locks, always taken in the same order (advisory locks first,
 * then run rows sorted by id) so that concurrent batches rarely deadlock; when they do, PostgreSQL
 * aborts one whole transaction and the caller retries it.
 * Writes that nothing in the batch reads back right away (history, snapshots, run row updates,
 * clearing old waits) are buffered in PendingWrites and sent as one statement per table.
 */
class PostgresApplier {
  private readonly fences = new Map<string, Fence>();
  private readonly pending: PendingWrites;
  private wake = false;

  constructor(
    private readonly c: pg.PoolClient,
    private readonly now: number,
    private readonly target: ApplyTarget,
  ) {
    this.pending = new PendingWrites(c, now);
  }

  async applyAll(ops: StoreOp[]): Promise<OpResult[]> {
    await this.lockEvents(ops);
    await this.lockRuns(ops);
    const results: OpResult[] = [];
    for (const op of ops) results.push(await this.applyOne(op));
    await this.pending.flushAll();
    // Inside the transaction: PostgreSQL delivers it only if and when the transaction commits.
    if (this.wake) await this.c.query("SELECT pg_notify($1, '')", [this.target.channel]);
    return results;
  }

  /**
   * Event publication vs wait registration. A publisher inserts an event then scans waits; a run
   * registering a wait scans events then inserts its wait. Run concurrently in READ COMMITTED, each
   * could miss the other's uncommitted row and the run would wait forever. So:
   * - every publisher holds one exclusive lock per schema ('events') until commit: event seq values
   *   are therefore allocated and committed in the same order, and max(seq) (eventHighWater) never
   *   has an uncommitted smaller seq behind it, so a wait taking it as afterSeq misses nothing;
   * - publishers and wait registrations also lock their topics (exclusive / shared): one of any
   *   publisher/waiter pair on a topic commits first and the other, starting its statements after
   *   the lock is granted, sees its row. Waiters on other topics, and waiters among themselves,
   *   do not contend; a constant lock for waiters too would serialise nearly every batch.
   * Taken first in the transaction, before any row lock, in a fixed order: no lock cycles here.
   */
  private async lockEvents(ops: StoreOp[]): Promise<void> {
    const published = new Set<string>();
    const waited = new Set<string>();
    for (const op of ops) {
      if (op.kind === 'publish') for (const e of op.events) published.add(e.topic);
      if (op.kind !== 'commit') continue;
      for (const e of op.publish ?? []) published.add(e.topic);
      if (op.releaseLease) for (const w of op.waits ?? []) waited.add(w.topic);
    }
    if (published.size === 0 && waited.size === 0) return;
    const modes = new Map<string, boolean>();
    for (const topic of new Set([...published, ...waited])) {
      const key = lockKey(this.target.schema, `topic:${topic}`);
      modes.set(key, (modes.get(key) ?? false) || published.has(topic));
    }
    const topicKeys = [...modes.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    const keys = published.size > 0 ? [lockKey(this.target.schema, 'events'), ...topicKeys] : topicKeys;
    const exclusive = keys.map((k, i) => (i === 0 && published.size > 0) || modes.get(k) === true);
    // unnest yields the array in order, so the locks are taken in the order given.
    await this.c.query(
      `SELECT CASE WHEN x THEN pg_advisory_xact_lock(k) ELSE pg_advisory_xact_lock_shared(k) END
       FROM unnest($1::bigint[], $2::bool[]) AS u(k, x)`,
      [keys, exclusive],
    );
  }

  /**
   * Locks, in one statement sorted by id, every run this batch commits and the parent of every run
   * it may end (a finished child is delivered to its parent), and reads their fences once.
   * - Holding a run's lock until commit makes its fence race-free, and makes a concurrent delivery
   *   to it (see deliverToParent) either commit before we read its inbox or see the status we commit.
   * - Taking the parents here rather than when delivering keeps one lock order across concurrent
   *   batches: otherwise two workers each finishing a child of a parent the other is committing
   *   lock in opposite orders and PostgreSQL aborts one of them after deadlock_timeout (1 s).
   * parent_id never changes, so the subquery needs no lock.
   * The ids are gathered into one array first: `id = ANY(ARRAY(...))` is an index condition, whereas
   * `id = ANY(...) OR id IN (...)` made PostgreSQL filter the whole primary key index, a cost that
   * grew with the table (all runs ever kept), not with the batch.
   */
  private async lockRuns(ops: StoreOp[]): Promise<void> {
    const ids = new Set<string>();
    const ending = new Set<string>();
    for (const op of ops) {
      if (op.kind !== 'commit') continue;
      ids.add(op.runId);
      if (op.status && TERMINAL_STATUSES.includes(op.status)) ending.add(op.runId);
    }
    if (ids.size === 0) return;
    const { rows } = await this.c.query<Fence & { id: string }>(
      `SELECT id, lease_owner, status, history_length, parent_id FROM runs
       WHERE id = ANY(ARRAY(SELECT unnest($1::text[]) UNION SELECT parent_id FROM runs WHERE id = ANY($2::text[]) AND parent_id IS NOT NULL))
       ORDER BY id FOR UPDATE`,
      [[...ids], [...ending]],
    );
    for (const r of rows) this.fences.set(r.id, r);
  }

  private async applyOne(op: StoreOp): Promise<OpResult> {
    switch (op.kind) {
      case 'create':
        return { ok: true, runs: await this.createRuns(op.runs) };
      case 'publish':
        return { ok: true, runs: await this.publishAll(op.events) };
      case 'commit':
        return this.commit(op);
      case 'fire_schedule': {
        // Compare-and-set: of workers racing for a slot one moves last_slot, the others match no row
        // (PostgreSQL re-checks the condition on the row version the winner committed).
        const moved = await this.c.query('UPDATE schedules SET last_slot = $1 WHERE name = $2 AND last_slot = $3', [
          op.lastSlot,
          op.name,
          op.expectedLastSlot,
        ]);
        if (moved.rowCount === 0) return { ok: false, reason: 'schedule_moved' };
        return { ok: true, runs: await this.createRuns(op.runs) };
      }
    }
  }

  /** Inserts runs that are new; an existing id or (workflow, idempotency key) returns the existing run. */
  private async createRuns(runs: NewRun[]): Promise<CreatedRun[]> {
    if (runs.length === 0) return [];
    const { rows } = await this.c.query<{ id: string }>(
      `INSERT INTO runs (id, workflow, version, status, input, idempotency_key, parent_id, created_at, updated_at, runnable_at, history_length)
       SELECT id, workflow, version, 'pending', input, key, parent, created, $9, runnable, 1
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
         AS u(id, workflow, version, input, key, parent, created, runnable)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        runs.map((r) => r.id),
        runs.map((r) => r.workflow),
        runs.map((r) => r.version),
        runs.map((r) => toJson(r.input)),
        runs.map((r) => r.idempotencyKey),
        runs.map((r) => r.parentId),
        runs.map((r) => r.createdAt),
        runs.map((r) => r.runnableAt),
        this.now,
      ],
    );
    const inserted = new Set(rows.map((r) => r.id));
    const out: CreatedRun[] = [];
    for (const r of runs) {
      if (inserted.delete(r.id)) {
        this.pending.addHistory(
          r.id,
          1,
          'run_started',
          r.createdAt,
          toJson({ workflow: r.workflow, version: r.version, input: r.input, parentId: r.parentId }),
        );
        this.wake = true;
        out.push({ id: r.id, created: true });
        continue;
      }
      // ON CONFLICT waited for a concurrent inserter of the same key to commit, so this sees its row.
      const existing = r.idempotencyKey
        ? await this.c.query<{ id: string }>('SELECT id FROM runs WHERE workflow = $1 AND idempotency_key = $2', [
            r.workflow,
            r.idempotencyKey,
          ])
        : await this.c.query<{ id: string }>('SELECT id FROM runs WHERE id = $1', [r.id]);
      out.push({ id: existing.rows[0]?.id ?? r.id, created: false });
    }
    return out;
  }

  private async publishAll(events: EventToPublish[]): Promise<CreatedRun[]> {
    const out: CreatedRun[] = [];
    for (const e of events) out.push(...(await this.publishOne(e)));
    return out;
  }

  private async publishOne(e: EventToPublish): Promise<CreatedRun[]> {
    const ins = await this.c.query<{ seq: number }>(
      'INSERT INTO events (id, topic, payload, published_at, source_run_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING seq',
      [e.id, e.topic, toJson(e.payload), e.publishedAt, e.sourceRunId],
    );
    const seq = ins.rows[0]?.seq;
    if (seq === undefined) return []; // redelivery of a known event id: a no-op
    await this.pending.flushWaitDeletes();
    const waits = await this.c.query<{ run_id: string; key: string; match: string | null; after_seq: number }>(
      'SELECT run_id, key, match, after_seq FROM waits WHERE topic = $1 ORDER BY run_id, key',
      [e.topic],
    );
    for (const w of waits.rows) {
      if (w.after_seq >= seq || !payloadMatches(e.payload, fromJson(w.match))) continue;
      const payload = { id: e.id, seq, topic: e.topic, payload: e.payload, publishedAt: e.publishedAt };
      await this.deliverEvent(w.run_id, w.key, payload);
    }
    return this.createRuns(e.subscriberRuns);
  }

  /**
   * Puts a finished child's outcome in its parent's inbox and wakes the parent if it is waiting.
   * The UPDATE is unconditional so that it takes the parent's row lock (already held when the
   * child's commit is in this batch, see lockRuns) and reads the status PostgreSQL hands it after
   * any concurrent holder commits: if the parent is committing its suspension right now, either
   * that commit sees this inbox row (we committed first) or we see its 'waiting' and wake it.
   * A conditional `WHERE status = 'waiting'` would skip a row still 'running' in our snapshot.
   */
  private async deliverToParent(parentId: string, key: string, payload: unknown): Promise<void> {
    if (this.pending.hasRunPatch(parentId)) await this.pending.flushRuns();
    await this.c.query(
      `WITH delivered AS (
         INSERT INTO inbox (run_id, key, payload, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
       )
       UPDATE runs SET
         runnable_at = CASE WHEN status = 'waiting' THEN $4 ELSE runnable_at END,
         updated_at = CASE WHEN status = 'waiting' THEN $4 ELSE updated_at END,
         status = CASE WHEN status = 'waiting' THEN 'pending' ELSE status END
       WHERE id = $1`,
      [parentId, key, toJson(payload), this.now],
    );
    this.wake = true;
  }

  /**
   * Delivers an event to a registered wait. Here a conditional wake is enough: a run blocked on
   * this wait re-registers it when it suspends, under the topic lock we hold (lockEvents), so its
   * suspension commits wholly before or after us and either way sees this inbox row or is seen
   * 'waiting'. Not locking runs that are merely running avoids lock cycles with their commits.
   */
  private async deliverEvent(runId: string, key: string, payload: unknown): Promise<void> {
    if (this.pending.hasRunPatch(runId)) await this.pending.flushRuns();
    await this.c.query(
      `WITH delivered AS (
         INSERT INTO inbox (run_id, key, payload, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
       ), consumed AS (
         DELETE FROM waits WHERE run_id = $1 AND key = $2
       )
       UPDATE runs SET status = 'pending', runnable_at = $4, updated_at = $4 WHERE id = $1 AND status = 'waiting'`,
      [runId, key, toJson(payload), this.now],
    );
    this.wake = true;
  }

  private async commit(op: RunCommitOp): Promise<OpResult> {
    const row = this.fences.get(op.runId);
    if (!row || row.lease_owner !== op.owner || row.status !== 'running') return { ok: false, reason: 'lease_lost' };
    if (row.history_length !== op.expectedSeq) return { ok: false, reason: 'conflict' };

    let seq = op.expectedSeq;
    for (const ev of op.events) this.pending.addHistory(op.runId, ++seq, ev.type, ev.at, toJson(ev.data));
    if (op.snapshot) this.pending.setSnapshot(op.runId, op.snapshot.seq, op.snapshot.state);
    if (op.consumeInbox?.length) {
      await this.c.query('DELETE FROM inbox WHERE run_id = $1 AND key = ANY($2::text[])', [op.runId, op.consumeInbox]);
    }

    let status = op.status;
    let runnableAt = op.runnableAt;
    if (op.releaseLease) {
      this.pending.deleteWaitsOf(op.runId);
      const blockedOn = new Set(op.blockedOn ?? []);
      let unblocked = false;
      for (const w of op.waits ?? []) {
        if ((await this.registerWait(op.runId, w)) && blockedOn.has(w.key)) unblocked = true;
      }
      if (status === 'waiting' && !unblocked && blockedOn.size > 0) {
        // Our row lock is held since lockRuns, so this inbox read cannot miss a concurrent delivery.
        const present = await this.c.query('SELECT 1 FROM inbox WHERE run_id = $1 AND key = ANY($2::text[]) LIMIT 1', [
          op.runId,
          [...blockedOn],
        ]);
        unblocked = present.rows.length > 0;
      }
      if (status === 'waiting' && unblocked) {
        status = 'pending';
        runnableAt = this.now;
      }
    }

    const created: CreatedRun[] = [];
    created.push(...(await this.publishAll(op.publish ?? [])));
    created.push(...(await this.createRuns(op.createRuns ?? [])));

    this.pending.patchRun(op.runId, {
      historyLength: seq,
      status,
      runnableAt,
      output: op.output,
      error: op.error,
      releaseLease: op.releaseLease,
    });
    row.history_length = seq;
    if (status !== undefined) row.status = status;
    if (op.releaseLease) {
      row.lease_owner = null;
      if (runnableAt !== undefined && runnableAt !== null) this.wake = true;
    }
    if (status && TERMINAL_STATUSES.includes(status) && row.parent_id) {
      const outcome = { runId: op.runId, status, output: op.output ?? null, error: op.error ?? null };
      await this.deliverToParent(row.parent_id, `child:${op.runId}`, outcome);
    }
    return { ok: true, runs: created };
  }

  /** Delivers at once from an already published match (returns true), or records the wait. */
  private async registerWait(runId: string, w: WaitRegistration): Promise<boolean> {
    for (let after = w.afterSeq; ;) {
      const { rows } = await this.c.query<{
        seq: number;
        id: string;
        topic: string;
        payload: string;
        published_at: number;
      }>(
        'SELECT seq, id, topic, payload, published_at FROM events WHERE topic = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [w.topic, after, EVENT_PAGE],
      );
      for (const e of rows) {
        const payload = fromJson(e.payload);
        if (!payloadMatches(payload, w.match)) continue;
        await this.c.query(
          'INSERT INTO inbox (run_id, key, payload, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [
            runId,
            w.key,
            toJson({ id: e.id, seq: e.seq, topic: e.topic, payload, publishedAt: e.published_at }),
            this.now,
          ],
        );
        return true;
      }
      if (rows.length < EVENT_PAGE) break;
      after = rows[rows.length - 1]!.seq;
    }
    // The run's earlier waits (possibly with this key) must be gone before it registers again.
    await this.pending.flushWaitDeletes();
    await this.c.query('INSERT INTO waits (run_id, key, topic, match, after_seq) VALUES ($1, $2, $3, $4, $5)', [
      runId,
      w.key,
      w.topic,
      w.match ? toJson(w.match) : null,
      w.afterSeq,
    ]);
    return false;
  }
}
