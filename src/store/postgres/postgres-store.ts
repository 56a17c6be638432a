import type pg from 'pg';
import { ConflictError, NotFoundError, PsiZeroError } from '../../lib/errors.ts';
import {
  appendTo,
  eventFromRow,
  fromJson,
  historyFromRow,
  runFromRow,
  toJson,
  type EventRow,
  type HistoryRow,
  type RunRow,
} from '../rows.ts';
import type {
  ClaimedRun,
  HistoryEvent,
  InboxItem,
  OpResult,
  RunFilter,
  RunRecord,
  ScheduleRecord,
  Snapshot,
  Store,
  StoreOp,
  StoredEvent,
} from '../types.ts';
import { TERMINAL_STATUSES } from '../types.ts';
import { applyOps } from './apply.ts';
import {
  checkSchemaName,
  clientConfig,
  createPool,
  inTransaction,
  wakeChannel,
  type PostgresStoreOptions,
} from './connection.ts';
import { migratePostgres } from './migrate.ts';
import { WakeListener } from './wake-listener.ts';

/** Opens a pool, creates the schema if needed and applies pending migrations. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const store = new PostgresStore(options);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/**
 * The PostgreSQL adapter: many worker processes on many machines share one database. Leases are
 * taken with FOR UPDATE SKIP LOCKED, wake-ups travel by LISTEN/NOTIFY, and every write batch is one
 * transaction (apply.ts). Connection failures reject the call that met them; the pool replaces
 * broken connections, so calls after a database restart work again.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly schema: string | undefined;
  private readonly channel: string;
  private readonly listeners = new Set<WakeListener>();
  private closed = false;

  /** Does no I/O; call migrate() (or use createPostgresStore) before use. */
  constructor(private readonly options: PostgresStoreOptions) {
    this.schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
    this.channel = wakeChannel(this.schema);
    this.pool = createPool(options);
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.pool, this.schema);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.listeners].map((l) => l.close()));
    this.listeners.clear();
    await this.pool.end();
  }

  async apply(ops: StoreOp[], now: number): Promise<OpResult[]> {
    if (ops.length === 0) return [];
    return inTransaction(this.pool, (c) => applyOps(c, ops, now, { schema: this.schema, channel: this.channel }));
  }

  async claim(
    owner: string,
    limit: number,
    now: number,
    leaseMs: number,
    workflows?: readonly string[],
  ): Promise<ClaimedRun[]> {
    // SKIP LOCKED: concurrent workers each take different rows instead of queueing on the same
    // ones; a row locked by a committing transaction is simply left for the next claim. The CTE is
    // MATERIALIZED so the locking subquery runs exactly once (LIMIT holds).
    const { rows } = await this.pool.query<RunRow>(
      `WITH picked AS MATERIALIZED (
         SELECT id FROM runs WHERE runnable_at <= $4 ${workflows === undefined ? '' : 'AND workflow = ANY($6::text[])'}
         ORDER BY runnable_at LIMIT $5 FOR UPDATE SKIP LOCKED
       )
       UPDATE runs SET lease_owner = $1, lease_until = $2, runnable_at = $2, status = 'running', updated_at = $3
       FROM picked WHERE runs.id = picked.id
       RETURNING runs.*`,
      [owner, now + leaseMs, now, now, limit, ...(workflows === undefined ? [] : [workflows])],
    );
    if (rows.length === 0) return [];
    // The lease is committed: only its holder writes these rows now, so reading them outside the
    // claim transaction is consistent (a later inbox delivery is seen when the run suspends).
    const ids = rows.map((r) => r.id);
    const [snaps, history, inbox] = await Promise.all([
      this.pool.query<{ run_id: string; seq: number; state: string }>(
        'SELECT run_id, seq, state FROM snapshots WHERE run_id = ANY($1::text[])',
        [ids],
      ),
      this.pool.query<HistoryRow>(
        `SELECT h.run_id, h.seq, h.type, h.at, h.data FROM history h
         LEFT JOIN snapshots s ON s.run_id = h.run_id
         WHERE h.run_id = ANY($1::text[]) AND h.seq > coalesce(s.seq, 0)
         ORDER BY h.run_id, h.seq`,
        [ids],
      ),
      this.pool.query<{ run_id: string; key: string; payload: string; at: number }>(
        'SELECT run_id, key, payload, at FROM inbox WHERE run_id = ANY($1::text[]) ORDER BY run_id, key',
        [ids],
      ),
    ]);
    const snapshots = new Map<string, Snapshot>(
      snaps.rows.map((s) => [s.run_id, { seq: s.seq, state: fromJson(s.state) }]),
    );
    const histories = new Map<string, HistoryEvent[]>();
    for (const h of history.rows) appendTo(histories, h.run_id, historyFromRow(h));
    const inboxes = new Map<string, InboxItem[]>();
    for (const i of inbox.rows) appendTo(inboxes, i.run_id, { key: i.key, payload: fromJson(i.payload), at: i.at });
    return rows.map((row) => ({
      run: runFromRow(row),
      snapshot: snapshots.get(row.id) ?? null,
      history: histories.get(row.id) ?? [],
      inbox: inboxes.get(row.id) ?? [],
    }));
  }

  async extendLeases(owner: string, runIds: string[], leaseUntil: number): Promise<void> {
    if (runIds.length === 0) return;
    // SKIP LOCKED: a row locked right now belongs to a commit of the same run, which may end the
    // lease anyway; the next heartbeat extends it. Waiting could deadlock with that commit.
    await this.pool.query(
      `UPDATE runs SET lease_until = $1, runnable_at = $1
       WHERE id IN (SELECT id FROM runs WHERE id = ANY($3::text[]) AND lease_owner = $2 AND status = 'running'
                    ORDER BY id FOR UPDATE SKIP LOCKED)`,
      [leaseUntil, owner, runIds],
    );
  }

  async releaseLeases(owner: string, runIds: string[]): Promise<void> {
    if (runIds.length === 0) return;
    await this.pool.query(
      `WITH released AS (
         UPDATE runs SET lease_owner = NULL, lease_until = 0, runnable_at = 0, status = 'pending'
         WHERE lease_owner = $1 AND status = 'running' AND id = ANY($2::text[]) RETURNING id
       )
       SELECT pg_notify($3, '') FROM (SELECT 1 FROM released LIMIT 1) AS any_released`,
      [owner, runIds, this.channel],
    );
  }

  async nextWakeAt(_now: number, workflows?: readonly string[]): Promise<number | null> {
    // ORDER BY ... LIMIT 1 rather than min(): with a filter, it walks the index only up to the first match.
    const { rows } = await this.pool.query<{ t: number }>(
      workflows === undefined
        ? 'SELECT runnable_at AS t FROM runs WHERE runnable_at IS NOT NULL ORDER BY runnable_at LIMIT 1'
        : `SELECT runnable_at AS t FROM runs WHERE runnable_at IS NOT NULL AND workflow = ANY($1::text[])
           ORDER BY runnable_at LIMIT 1`,
      workflows === undefined ? [] : [workflows],
    );
    return rows[0]?.t ?? null;
  }

  async eventHighWater(): Promise<number> {
    // Safe without a lock: publishers allocate seq and commit while holding the events lock, so no
    // smaller seq can still be uncommitted (see apply.ts).
    const { rows } = await this.pool.query<{ s: number }>('SELECT coalesce(max(seq), 0) AS s FROM events');
    return rows[0]?.s ?? 0;
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const { rows } = await this.pool.query<RunRow>('SELECT * FROM runs WHERE id = $1', [id]);
    return rows[0] ? runFromRow(rows[0]) : null;
  }

  async findRunByKey(workflow: string, idempotencyKey: string): Promise<RunRecord | null> {
    const { rows } = await this.pool.query<RunRow>('SELECT * FROM runs WHERE workflow = $1 AND idempotency_key = $2', [
      workflow,
      idempotencyKey,
    ]);
    return rows[0] ? runFromRow(rows[0]) : null;
  }

  async listRuns(filter: RunFilter): Promise<RunRecord[]> {
    const { where, args } = runWhere(filter);
    args.push(filter.limit ?? 100);
    const { rows } = await this.pool.query<RunRow>(
      `SELECT * FROM runs ${where} ORDER BY id DESC LIMIT $${args.length}`,
      args,
    );
    return rows.map(runFromRow);
  }

  async countRuns(filter: Pick<RunFilter, 'workflow' | 'status'>): Promise<number> {
    const { where, args } = runWhere(filter);
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM runs ${where}`, args);
    return rows[0]?.n ?? 0;
  }

  async getHistory(runId: string, afterSeq = 0): Promise<HistoryEvent[]> {
    const { rows } = await this.pool.query<HistoryRow>(
      'SELECT run_id, seq, type, at, data FROM history WHERE run_id = $1 AND seq > $2 ORDER BY seq',
      [runId, afterSeq],
    );
    return rows.map(historyFromRow);
  }

  async listEvents(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      'SELECT seq, id, topic, payload, published_at, source_run_id FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [afterSeq, limit],
    );
    return rows.map(eventFromRow);
  }

  async cancelRun(id: string, now: number, reason: string): Promise<RunRecord> {
    await inTransaction(this.pool, async (c) => {
      await this.cancelTree(c, id, now, reason, true);
      await c.query("SELECT pg_notify($1, '')", [this.channel]);
    });
    return (await this.getRun(id))!;
  }

  private async cancelTree(c: pg.PoolClient, id: string, now: number, reason: string, top: boolean): Promise<void> {
    // The row lock fences out a worker's commit for this run until the cancellation is committed;
    // the worker's next commit then fails its fence (status is no longer 'running').
    const { rows } = await c.query<{ status: string; history_length: number; parent_id: string | null }>(
      'SELECT status, history_length, parent_id FROM runs WHERE id = $1 FOR UPDATE',
      [id],
    );
    const run = rows[0];
    if (!run) throw new NotFoundError('run', id);
    if (TERMINAL_STATUSES.includes(run.status as never)) {
      if (top) throw new ConflictError(`run ${id} has already ended (${run.status})`);
      return;
    }
    const seq = run.history_length + 1;
    await c.query('INSERT INTO history (run_id, seq, type, at, data) VALUES ($1, $2, $3, $4, $5)', [
      id,
      seq,
      'run_cancelled',
      now,
      toJson({ reason }),
    ]);
    await c.query(
      `UPDATE runs SET status = 'cancelled', runnable_at = NULL, lease_owner = NULL, lease_until = 0,
       history_length = $1, updated_at = $2 WHERE id = $3`,
      [seq, now, id],
    );
    await c.query('DELETE FROM waits WHERE run_id = $1', [id]);
    if (run.parent_id) {
      // Same delivery as apply.ts: the unconditional UPDATE takes the parent's row lock and sees
      // its latest status, so a parent suspending concurrently is never left waiting.
      await c.query(
        `WITH delivered AS (
           INSERT INTO inbox (run_id, key, payload, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
         )
         UPDATE runs SET
           runnable_at = CASE WHEN status = 'waiting' THEN $4 ELSE runnable_at END,
           status = CASE WHEN status = 'waiting' THEN 'pending' ELSE status END
         WHERE id = $1`,
        [run.parent_id, `child:${id}`, toJson({ runId: id, status: 'cancelled', output: null, error: null }), now],
      );
    }
    const children = await c.query<{ id: string }>('SELECT id FROM runs WHERE parent_id = $1 ORDER BY id', [id]);
    for (const child of children.rows) await this.cancelTree(c, child.id, now, `parent ${id} cancelled`, false);
  }

  async retryRun(id: string, now: number): Promise<RunRecord> {
    await inTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ status: string; history_length: number }>(
        'SELECT status, history_length FROM runs WHERE id = $1 FOR UPDATE',
        [id],
      );
      const run = rows[0];
      if (!run) throw new NotFoundError('run', id);
      if (run.status !== 'failed' && run.status !== 'needs_attention') {
        throw new ConflictError(`only failed or needs_attention runs can be retried; run ${id} is ${run.status}`);
      }
      const seq = run.history_length + 1;
      await c.query('INSERT INTO history (run_id, seq, type, at, data) VALUES ($1, $2, $3, $4, $5)', [
        id,
        seq,
        'run_retried',
        now,
        '{}',
      ]);
      await c.query(
        `UPDATE runs SET status = 'pending', runnable_at = $1, error = NULL, output = NULL, history_length = $2, updated_at = $1
         WHERE id = $3`,
        [now, seq, id],
      );
      await c.query("SELECT pg_notify($1, '')", [this.channel]);
    });
    return (await this.getRun(id))!;
  }

  async markNeedsAttention(id: string, owner: string, now: number, message: string): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ history_length: number }>(
        'SELECT history_length FROM runs WHERE id = $1 AND lease_owner = $2 FOR UPDATE',
        [id, owner],
      );
      const run = rows[0];
      if (!run) return;
      const seq = run.history_length + 1;
      await c.query('INSERT INTO history (run_id, seq, type, at, data) VALUES ($1, $2, $3, $4, $5)', [
        id,
        seq,
        'needs_attention',
        now,
        toJson({ message }),
      ]);
      await c.query(
        `UPDATE runs SET status = 'needs_attention', runnable_at = NULL, lease_owner = NULL, lease_until = 0,
         error = $1, history_length = $2, updated_at = $3 WHERE id = $4`,
        [toJson({ name: 'NeedsAttention', code: 'NEEDS_ATTENTION', message, retryable: false }), seq, now, id],
      );
    });
  }

  async listen(onWake: () => void): Promise<() => Promise<void>> {
    if (this.closed)
      throw new PsiZeroError('STORE_CLOSED', 'store is closed', { kind: 'unavailable', retryable: false });
    const listener = new WakeListener(clientConfig(this.options), this.channel, onWake, (err) =>
      this.options.onConnectionError?.(err),
    );
    // Registered before connecting so that close() during the connect also ends this connection.
    this.listeners.add(listener);
    try {
      await listener.start();
    } catch (err) {
      this.listeners.delete(listener);
      throw err;
    }
    return async () => {
      this.listeners.delete(listener);
      await listener.close();
    };
  }

  async getSchedule(name: string): Promise<ScheduleRecord | null> {
    const { rows } = await this.pool.query<{ name: string; last_slot: number }>(
      'SELECT name, last_slot FROM schedules WHERE name = $1',
      [name],
    );
    return rows[0] ? { name: rows[0].name, lastSlot: rows[0].last_slot } : null;
  }

  async ensureSchedule(name: string, initialSlot: number): Promise<ScheduleRecord> {
    await this.pool.query('INSERT INTO schedules (name, last_slot) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      name,
      initialSlot,
    ]);
    return (await this.getSchedule(name))!;
  }
}

function runWhere(filter: RunFilter): { where: string; args: unknown[] } {
  const clauses: string[] = [];
  const args: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown): void => {
    args.push(value);
    clauses.push(sql(`$${args.length}`));
  };
  if (filter.workflow) add((p) => `workflow = ${p}`, filter.workflow);
  if (filter.status)
    add((p) => `status = ANY(${p}::text[])`, Array.isArray(filter.status) ? filter.status : [filter.status]);
  if (filter.createdAfter !== undefined) add((p) => `created_at >= ${p}`, filter.createdAfter);
  if (filter.createdBefore !== undefined) add((p) => `created_at < ${p}`, filter.createdBefore);
  if (filter.parentId) add((p) => `parent_id = ${p}`, filter.parentId);
  if (filter.before) add((p) => `id < ${p}`, filter.before);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', args };
}
