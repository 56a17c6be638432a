import type Database from 'better-sqlite3';
import { payloadMatches } from '../match.ts';
import { fromJson, toJson } from '../rows.ts';
import type {
  CreatedRun,
  EventToPublish,
  NewRun,
  OpResult,
  PublishOp,
  RunCommitOp,
  StoreOp,
  WaitRegistration,
} from '../types.ts';
import { TERMINAL_STATUSES } from '../types.ts';

type Stmt = Database.Statement;

/**
 * The write path of the SQLite adapter: one function per operation kind, all executed inside the
 * single transaction that `apply` opens. SQLite has one writer, so checks and writes here are
 * serialised with every other writer without extra locks.
 */
export class SqliteApplier {
  private readonly s: Record<string, Stmt>;
  private readonly dynamic = new Map<string, Stmt>();

  constructor(private readonly db: Database.Database) {
    const p = (sql: string): Stmt => db.prepare(sql);
    this.s = {
      fence: p('SELECT lease_owner, status, history_length, parent_id FROM runs WHERE id = ?'),
      insertHistory: p('INSERT INTO history (run_id, seq, type, at, data) VALUES (?, ?, ?, ?, ?)'),
      upsertSnapshot: p(
        'INSERT INTO snapshots (run_id, seq, state) VALUES (?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET seq = excluded.seq, state = excluded.state',
      ),
      insertRun:
        p(`INSERT INTO runs (id, workflow, version, status, input, idempotency_key, parent_id, created_at, updated_at, runnable_at, history_length)
        VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, 1) ON CONFLICT DO NOTHING`),
      runById: p('SELECT id FROM runs WHERE id = ?'),
      runByKey: p('SELECT id FROM runs WHERE workflow = ? AND idempotency_key = ?'),
      deleteInbox: p('DELETE FROM inbox WHERE run_id = ? AND key = ?'),
      insertInbox: p('INSERT INTO inbox (run_id, key, payload, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      hasInbox: p('SELECT 1 FROM inbox WHERE run_id = ? AND key = ?'),
      deleteWaits: p('DELETE FROM waits WHERE run_id = ?'),
      deleteWait: p('DELETE FROM waits WHERE run_id = ? AND key = ?'),
      insertWait: p('INSERT INTO waits (run_id, key, topic, match, after_seq) VALUES (?, ?, ?, ?, ?)'),
      eventsAfter: p(
        'SELECT seq, id, topic, payload, published_at FROM events WHERE topic = ? AND seq > ? ORDER BY seq',
      ),
      insertEvent: p(
        'INSERT INTO events (id, topic, payload, published_at, source_run_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ),
      waitsOnTopic: p('SELECT run_id, key, match, after_seq FROM waits WHERE topic = ?'),
      wakeRun: p(
        "UPDATE runs SET status = 'pending', runnable_at = ?, updated_at = ? WHERE id = ? AND status = 'waiting'",
      ),
      moveSchedule: p('UPDATE schedules SET last_slot = ? WHERE name = ? AND last_slot = ?'),
    };
  }

  applyAll(ops: StoreOp[], now: number): OpResult[] {
    return this.db.transaction(() => ops.map((op) => this.applyOne(op, now))).immediate();
  }

  private applyOne(op: StoreOp, now: number): OpResult {
    switch (op.kind) {
      case 'create':
        return { ok: true, runs: this.createRuns(op.runs, now) };
      case 'publish':
        return { ok: true, runs: this.publishAll(op, now) };
      case 'commit':
        return this.commit(op, now);
      case 'fire_schedule': {
        const moved = this.s.moveSchedule!.run(op.lastSlot, op.name, op.expectedLastSlot).changes;
        if (moved === 0) return { ok: false, reason: 'schedule_moved' };
        return { ok: true, runs: this.createRuns(op.runs, now) };
      }
    }
  }

  private createRuns(runs: NewRun[], now: number): CreatedRun[] {
    return runs.map((r) => {
      const inserted = this.s.insertRun!.run(
        r.id,
        r.workflow,
        r.version,
        toJson(r.input),
        r.idempotencyKey,
        r.parentId,
        r.createdAt,
        now,
        r.runnableAt,
      ).changes;
      if (inserted === 1) {
        this.s.insertHistory!.run(
          r.id,
          1,
          'run_started',
          r.createdAt,
          toJson({ workflow: r.workflow, version: r.version, input: r.input, parentId: r.parentId }),
        );
        return { id: r.id, created: true };
      }
      const existing = (
        r.idempotencyKey ? this.s.runByKey!.get(r.workflow, r.idempotencyKey) : this.s.runById!.get(r.id)
      ) as { id: string } | undefined;
      return { id: existing?.id ?? r.id, created: false };
    });
  }

  private publishAll(op: PublishOp, now: number): CreatedRun[] {
    return op.events.flatMap((e) => this.publishOne(e, now));
  }

  private publishOne(e: EventToPublish, now: number): CreatedRun[] {
    const res = this.s.insertEvent!.run(e.id, e.topic, toJson(e.payload), e.publishedAt, e.sourceRunId);
    if (res.changes === 0) return []; // redelivery of a known event id: a no-op
    const seq = Number(res.lastInsertRowid);
    const waits = this.s.waitsOnTopic!.all(e.topic) as {
      run_id: string;
      key: string;
      match: string | null;
      after_seq: number;
    }[];
    for (const w of waits) {
      if (w.after_seq >= seq || !payloadMatches(e.payload, fromJson(w.match))) continue;
      this.deliver(
        w.run_id,
        w.key,
        { id: e.id, seq, topic: e.topic, payload: e.payload, publishedAt: e.publishedAt },
        now,
      );
      this.s.deleteWait!.run(w.run_id, w.key);
    }
    return this.createRuns(e.subscriberRuns, now);
  }

  private deliver(runId: string, key: string, payload: unknown, now: number): void {
    this.s.insertInbox!.run(runId, key, toJson(payload), now);
    this.s.wakeRun!.run(now, now, runId);
  }

  private commit(op: RunCommitOp, now: number): OpResult {
    const row = this.s.fence!.get(op.runId) as
      { lease_owner: string | null; status: string; history_length: number; parent_id: string | null } | undefined;
    if (!row || row.lease_owner !== op.owner || row.status !== 'running') return { ok: false, reason: 'lease_lost' };
    if (row.history_length !== op.expectedSeq) return { ok: false, reason: 'conflict' };

    let seq = op.expectedSeq;
    for (const ev of op.events) this.s.insertHistory!.run(op.runId, ++seq, ev.type, ev.at, toJson(ev.data));
    if (op.snapshot) this.s.upsertSnapshot!.run(op.runId, op.snapshot.seq, toJson(op.snapshot.state));
    for (const key of op.consumeInbox ?? []) this.s.deleteInbox!.run(op.runId, key);

    let status = op.status;
    let runnableAt = op.runnableAt;
    if (op.releaseLease) {
      this.s.deleteWaits!.run(op.runId);
      for (const w of op.waits ?? []) this.registerWait(op.runId, w, now);
      if (status === 'waiting' && (op.blockedOn ?? []).some((k) => this.s.hasInbox!.get(op.runId, k))) {
        status = 'pending';
        runnableAt = now;
      }
    }

    const created: CreatedRun[] = [];
    for (const e of op.publish ?? []) created.push(...this.publishOne(e, now));
    created.push(...this.createRuns(op.createRuns ?? [], now));

    this.updateRun(op, seq, status, runnableAt, now);
    if (status && TERMINAL_STATUSES.includes(status) && row.parent_id) {
      this.deliver(
        row.parent_id,
        `child:${op.runId}`,
        { runId: op.runId, status, output: op.output ?? null, error: op.error ?? null },
        now,
      );
    }
    return { ok: true, runs: created };
  }

  private registerWait(runId: string, w: WaitRegistration, now: number): void {
    const events = this.s.eventsAfter!.all(w.topic, w.afterSeq) as {
      seq: number;
      id: string;
      topic: string;
      payload: string;
      published_at: number;
    }[];
    for (const e of events) {
      const payload = fromJson(e.payload);
      if (payloadMatches(payload, w.match)) {
        this.s.insertInbox!.run(
          runId,
          w.key,
          toJson({ id: e.id, seq: e.seq, topic: e.topic, payload, publishedAt: e.published_at }),
          now,
        );
        return;
      }
    }
    this.s.insertWait!.run(runId, w.key, w.topic, w.match ? toJson(w.match) : null, w.afterSeq);
  }

  private updateRun(
    op: RunCommitOp,
    seq: number,
    status: string | undefined,
    runnableAt: number | null | undefined,
    now: number,
  ): void {
    const sets = ['history_length = ?', 'updated_at = ?'];
    const args: unknown[] = [seq, now];
    if (status !== undefined) {
      sets.push('status = ?');
      args.push(status);
    }
    if (runnableAt !== undefined) {
      sets.push('runnable_at = ?');
      args.push(runnableAt);
    }
    if (op.output !== undefined) {
      sets.push('output = ?');
      args.push(toJson(op.output));
    }
    if (op.error !== undefined) {
      sets.push('error = ?');
      args.push(op.error === null ? null : toJson(op.error));
    }
    if (op.releaseLease) sets.push('lease_owner = NULL, lease_until = 0');
    args.push(op.runId);
    const sql = `UPDATE runs SET ${sets.join(', ')} WHERE id = ?`;
    let stmt = this.dynamic.get(sql);
    if (!stmt) this.dynamic.set(sql, (stmt = this.db.prepare(sql)));
    stmt.run(...args);
  }
}
