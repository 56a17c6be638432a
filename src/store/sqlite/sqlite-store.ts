import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConflictError, InternalError, NotFoundError } from '../../lib/errors.ts';
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
import { SqliteApplier } from './apply.ts';
import { ConnectionGate } from './connection-gate.ts';
import { migrateSqlite } from './migrate.ts';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for throwaway tests. */
  path: string;
  /**
   * 'full' (default): every commit is fsynced, a committed step survives power loss.
   * 'normal': WAL commits are synced at checkpoints only; a power cut can lose the last
   * transactions (never corrupt the file). Faster per commit, but group commit already amortises
   * the fsync, so the default stays full.
   */
  durability?: 'full' | 'normal';
}

/**
 * The embedded adapter. Its connection is shared with the Kysely handle (src/db), whose transactions
 * span awaits: every write here goes through the connection gate, so it never lands inside one of
 * them (see connection-gate.ts). Reads need no gate.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  readonly gate: ConnectionGate;
  private applier: SqliteApplier | null = null;

  /** Opens the file; call migrate() before use (src/db's openDatabase does). */
  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = OFF');
    this.gate = new ConnectionGate(this.db);
  }

  async migrate(): Promise<void> {
    await this.gate.whenFree(() => migrateSqlite(this.db));
    // Prepares its statements, so only once the tables exist.
    this.applier ??= new SqliteApplier(this.db);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async apply(ops: StoreOp[], now: number): Promise<OpResult[]> {
    const applier = this.applier;
    if (!applier) throw new InternalError('SqliteStore.apply before migrate()');
    return this.gate.whenFree(() => applier.applyAll(ops, now));
  }

  async claim(
    owner: string,
    limit: number,
    now: number,
    leaseMs: number,
    workflows?: readonly string[],
  ): Promise<ClaimedRun[]> {
    const claimTx = this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `UPDATE runs SET lease_owner = ?, lease_until = ?, runnable_at = ?, status = 'running', updated_at = ?
           WHERE id IN (SELECT id FROM runs WHERE runnable_at <= ? ${workflowFilter(workflows)}
                        ORDER BY runnable_at LIMIT ?)
           RETURNING *`,
        )
        .all(owner, now + leaseMs, now + leaseMs, now, now, ...workflowParams(workflows), limit) as RunRow[];
      if (rows.length === 0) return [];
      const ids = JSON.stringify(rows.map((r) => r.id));
      const snaps = new Map<string, Snapshot>();
      for (const s of this.db
        .prepare('SELECT run_id, seq, state FROM snapshots WHERE run_id IN (SELECT value FROM json_each(?))')
        .all(ids) as { run_id: string; seq: number; state: string }[]) {
        snaps.set(s.run_id, { seq: s.seq, state: fromJson(s.state) });
      }
      const history = new Map<string, HistoryEvent[]>();
      for (const h of this.db
        .prepare(
          `SELECT h.run_id, h.seq, h.type, h.at, h.data FROM history h
           LEFT JOIN snapshots s ON s.run_id = h.run_id
           WHERE h.run_id IN (SELECT value FROM json_each(?)) AND h.seq > coalesce(s.seq, 0)
           ORDER BY h.run_id, h.seq`,
        )
        .all(ids) as HistoryRow[]) {
        appendTo(history, h.run_id, historyFromRow(h));
      }
      const inbox = new Map<string, InboxItem[]>();
      for (const i of this.db
        .prepare('SELECT run_id, key, payload, at FROM inbox WHERE run_id IN (SELECT value FROM json_each(?))')
        .all(ids) as { run_id: string; key: string; payload: string; at: number }[]) {
        appendTo(inbox, i.run_id, { key: i.key, payload: fromJson(i.payload), at: i.at });
      }
      return rows.map((row) => ({
        run: runFromRow(row),
        snapshot: snaps.get(row.id) ?? null,
        history: history.get(row.id) ?? [],
        inbox: inbox.get(row.id) ?? [],
      }));
    });
    return this.gate.whenFree(() => claimTx.immediate());
  }

  async extendLeases(owner: string, runIds: string[], leaseUntil: number): Promise<void> {
    await this.gate.whenFree(() =>
      this.db
        .prepare(
          `UPDATE runs SET lease_until = ?, runnable_at = ? WHERE lease_owner = ? AND status = 'running'
           AND id IN (SELECT value FROM json_each(?))`,
        )
        .run(leaseUntil, leaseUntil, owner, JSON.stringify(runIds)),
    );
  }

  async releaseLeases(owner: string, runIds: string[]): Promise<void> {
    await this.gate.whenFree(() =>
      this.db
        .prepare(
          `UPDATE runs SET lease_owner = NULL, lease_until = 0, runnable_at = 0, status = 'pending'
           WHERE lease_owner = ? AND status = 'running' AND id IN (SELECT value FROM json_each(?))`,
        )
        .run(owner, JSON.stringify(runIds)),
    );
  }

  async nextWakeAt(_now: number, workflows?: readonly string[]): Promise<number | null> {
    // ORDER BY ... LIMIT 1 rather than min(): with a filter, it walks the index only up to the first match.
    const row = this.db
      .prepare(
        `SELECT runnable_at AS t FROM runs WHERE runnable_at IS NOT NULL ${workflowFilter(workflows)}
         ORDER BY runnable_at LIMIT 1`,
      )
      .get(...workflowParams(workflows)) as { t: number } | undefined;
    return row?.t ?? null;
  }

  async eventHighWater(): Promise<number> {
    const row = this.db.prepare('SELECT coalesce(max(seq), 0) AS s FROM events').get() as { s: number };
    return row.s;
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? runFromRow(row) : null;
  }

  async findRunByKey(workflow: string, idempotencyKey: string): Promise<RunRecord | null> {
    const row = this.db
      .prepare('SELECT * FROM runs WHERE workflow = ? AND idempotency_key = ?')
      .get(workflow, idempotencyKey) as RunRow | undefined;
    return row ? runFromRow(row) : null;
  }

  async listRuns(filter: RunFilter): Promise<RunRecord[]> {
    const { where, args } = runWhere(filter);
    const rows = this.db
      .prepare(`SELECT * FROM runs ${where} ORDER BY id DESC LIMIT ?`)
      .all(...args, filter.limit ?? 100) as RunRow[];
    return rows.map(runFromRow);
  }

  async countRuns(filter: Pick<RunFilter, 'workflow' | 'status'>): Promise<number> {
    const { where, args } = runWhere(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM runs ${where}`).get(...args) as { n: number }).n;
  }

  async getHistory(runId: string, afterSeq = 0): Promise<HistoryEvent[]> {
    const rows = this.db
      .prepare('SELECT run_id, seq, type, at, data FROM history WHERE run_id = ? AND seq > ? ORDER BY seq')
      .all(runId, afterSeq) as HistoryRow[];
    return rows.map(historyFromRow);
  }

  async listEvents(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = this.db
      .prepare(
        'SELECT seq, id, topic, payload, published_at, source_run_id FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
      )
      .all(afterSeq, limit) as EventRow[];
    return rows.map(eventFromRow);
  }

  async cancelRun(id: string, now: number, reason: string): Promise<RunRecord> {
    await this.gate.whenFree(() => this.db.transaction(() => this.cancelTree(id, now, reason, true)).immediate());
    return (await this.getRun(id))!;
  }

  private cancelTree(id: string, now: number, reason: string, top: boolean): void {
    const run = this.db.prepare('SELECT status, history_length, parent_id FROM runs WHERE id = ?').get(id) as
      { status: string; history_length: number; parent_id: string | null } | undefined;
    if (!run) throw new NotFoundError('run', id);
    if (TERMINAL_STATUSES.includes(run.status as never)) {
      if (top) throw new ConflictError(`run ${id} has already ended (${run.status})`);
      return;
    }
    const seq = run.history_length + 1;
    this.db
      .prepare('INSERT INTO history (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)')
      .run(id, seq, 'run_cancelled', now, toJson({ reason }));
    this.db
      .prepare(
        `UPDATE runs SET status = 'cancelled', runnable_at = NULL, lease_owner = NULL, lease_until = 0,
         history_length = ?, updated_at = ? WHERE id = ?`,
      )
      .run(seq, now, id);
    this.db.prepare('DELETE FROM waits WHERE run_id = ?').run(id);
    if (run.parent_id) {
      this.db
        .prepare('INSERT INTO inbox (run_id, key, payload, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(run.parent_id, `child:${id}`, toJson({ runId: id, status: 'cancelled', output: null, error: null }), now);
      this.db
        .prepare("UPDATE runs SET status = 'pending', runnable_at = ? WHERE id = ? AND status = 'waiting'")
        .run(now, run.parent_id);
    }
    const children = this.db.prepare('SELECT id FROM runs WHERE parent_id = ?').all(id) as { id: string }[];
    for (const c of children) this.cancelTree(c.id, now, `parent ${id} cancelled`, false);
  }

  async retryRun(id: string, now: number): Promise<RunRecord> {
    const retryTx = this.db.transaction(() => {
      const run = this.db.prepare('SELECT status, history_length FROM runs WHERE id = ?').get(id) as
        { status: string; history_length: number } | undefined;
      if (!run) throw new NotFoundError('run', id);
      if (run.status !== 'failed' && run.status !== 'needs_attention') {
        throw new ConflictError(`only failed or needs_attention runs can be retried; run ${id} is ${run.status}`);
      }
      const seq = run.history_length + 1;
      this.db
        .prepare('INSERT INTO history (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)')
        .run(id, seq, 'run_retried', now, '{}');
      this.db
        .prepare(
          `UPDATE runs SET status = 'pending', runnable_at = ?, error = NULL, output = NULL, history_length = ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(now, seq, now, id);
    });
    await this.gate.whenFree(() => retryTx.immediate());
    return (await this.getRun(id))!;
  }

  async markNeedsAttention(id: string, owner: string, now: number, message: string): Promise<void> {
    const markTx = this.db.transaction(() => {
      const run = this.db.prepare('SELECT history_length FROM runs WHERE id = ? AND lease_owner = ?').get(id, owner) as
        { history_length: number } | undefined;
      if (!run) return;
      const seq = run.history_length + 1;
      this.db
        .prepare('INSERT INTO history (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)')
        .run(id, seq, 'needs_attention', now, toJson({ message }));
      this.db
        .prepare(
          `UPDATE runs SET status = 'needs_attention', runnable_at = NULL, lease_owner = NULL, lease_until = 0,
           error = ?, history_length = ?, updated_at = ? WHERE id = ?`,
        )
        .run(toJson({ name: 'NeedsAttention', code: 'NEEDS_ATTENTION', message, retryable: false }), seq, now, id);
    });
    await this.gate.whenFree(() => markTx.immediate());
  }

  async getSchedule(name: string): Promise<ScheduleRecord | null> {
    const row = this.db.prepare('SELECT name, last_slot FROM schedules WHERE name = ?').get(name) as
      { name: string; last_slot: number } | undefined;
    return row ? { name: row.name, lastSlot: row.last_slot } : null;
  }

  async ensureSchedule(name: string, initialSlot: number): Promise<ScheduleRecord> {
    await this.gate.whenFree(() =>
      this.db
        .prepare('INSERT INTO schedules (name, last_slot) VALUES (?, ?) ON CONFLICT DO NOTHING')
        .run(name, initialSlot),
    );
    return (await this.getSchedule(name))!;
  }
}

function runWhere(filter: RunFilter): { where: string; args: unknown[] } {
  const clauses: string[] = [];
  const args: unknown[] = [];
  if (filter.workflow) {
    clauses.push('workflow = ?');
    args.push(filter.workflow);
  }
  if (filter.status) {
    const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
    clauses.push(`status IN (${statuses.map(() => '?').join(', ')})`);
    args.push(...statuses);
  }
  if (filter.createdAfter !== undefined) {
    clauses.push('created_at >= ?');
    args.push(filter.createdAfter);
  }
  if (filter.createdBefore !== undefined) {
    clauses.push('created_at < ?');
    args.push(filter.createdBefore);
  }
  if (filter.parentId) {
    clauses.push('parent_id = ?');
    args.push(filter.parentId);
  }
  if (filter.before) {
    clauses.push('id < ?');
    args.push(filter.before);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', args };
}

/**
 * Restricts a runs query to some workflow names (a worker's registered ones); nothing when absent.
 * `+workflow` keeps SQLite on the runnable index: on `workflow` it would pick runs_workflow_created,
 * read every run the workflow ever had and sort them.
 */
function workflowFilter(workflows: readonly string[] | undefined): string {
  return workflows === undefined ? '' : 'AND +workflow IN (SELECT value FROM json_each(?))';
}

function workflowParams(workflows: readonly string[] | undefined): string[] {
  return workflows === undefined ? [] : [JSON.stringify(workflows)];
}
