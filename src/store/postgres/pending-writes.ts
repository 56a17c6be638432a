import type pg from 'pg';
import { toJson } from '../rows.ts';
import type { SerializedError } from '../../lib/errors.ts';

/** Changes a commit makes to its run row; an absent field keeps the current value. */
export interface RunPatch {
  historyLength: number;
  status?: string;
  runnableAt?: number | null;
  output?: unknown;
  error?: SerializedError | null;
  releaseLease?: boolean;
}

/**
 * Writes of one apply batch that nothing else in the batch reads back until they are flushed, so
 * they go to PostgreSQL as one statement per table instead of one per operation: a batch of 500 step
 * commits is then a handful of round trips, not 500. The applier flushes a kind of write before any
 * statement that would read it (a delivery to a run with a pending patch, a scan of waits), which
 * keeps the batch's observable effect identical to applying its operations one by one.
 */
export class PendingWrites {
  private readonly history = {
    runId: [] as string[],
    seq: [] as number[],
    type: [] as string[],
    at: [] as number[],
    data: [] as string[],
  };
  private readonly snapshots = new Map<string, { seq: number; state: string }>();
  private readonly runs = new Map<string, RunPatch>();
  private readonly waitDeletes = new Set<string>();

  constructor(
    private readonly c: pg.PoolClient,
    private readonly now: number,
  ) {}

  addHistory(runId: string, seq: number, type: string, at: number, data: string): void {
    const h = this.history;
    h.runId.push(runId);
    h.seq.push(seq);
    h.type.push(type);
    h.at.push(at);
    h.data.push(data);
  }

  /** A later snapshot of the same run replaces the earlier one (one upsert row per run). */
  setSnapshot(runId: string, seq: number, state: unknown): void {
    this.snapshots.set(runId, { seq, state: toJson(state) });
  }

  /** Merges into the run's pending patch: later commits of the same run in the batch win per field. */
  patchRun(runId: string, patch: RunPatch): void {
    const prev = this.runs.get(runId);
    const merged: RunPatch = { ...prev, historyLength: patch.historyLength };
    if (patch.status !== undefined) merged.status = patch.status;
    if (patch.runnableAt !== undefined) merged.runnableAt = patch.runnableAt;
    if (patch.output !== undefined) merged.output = patch.output;
    if (patch.error !== undefined) merged.error = patch.error;
    if (patch.releaseLease) merged.releaseLease = true;
    this.runs.set(runId, merged);
  }

  hasRunPatch(runId: string): boolean {
    return this.runs.has(runId);
  }

  deleteWaitsOf(runId: string): void {
    this.waitDeletes.add(runId);
  }

  async flushRuns(): Promise<void> {
    if (this.runs.size === 0) return;
    const patches = [...this.runs];
    this.runs.clear();
    const has = (p: RunPatch, k: keyof RunPatch): boolean => p[k] !== undefined;
    // `r.id = ANY($1)` repeats the join condition as an index condition on runs: without it the
    // planner may hash-join the batch against a sequential scan of the whole table (it does while
    // the table's statistics still call it small), a cost that grows with every run ever stored.
    await this.c.query(
      `UPDATE runs r SET
         history_length = u.history_length,
         updated_at = $12,
         status = CASE WHEN u.set_status THEN u.status ELSE r.status END,
         runnable_at = CASE WHEN u.set_runnable THEN u.runnable_at ELSE r.runnable_at END,
         output = CASE WHEN u.set_output THEN u.output ELSE r.output END,
         error = CASE WHEN u.set_error THEN u.error ELSE r.error END,
         lease_owner = CASE WHEN u.release THEN NULL ELSE r.lease_owner END,
         lease_until = CASE WHEN u.release THEN 0 ELSE r.lease_until END
       FROM unnest($1::text[], $2::int[], $3::bool[], $4::text[], $5::bool[], $6::bigint[], $7::bool[], $8::text[],
                   $9::bool[], $10::text[], $11::bool[])
         AS u(id, history_length, set_status, status, set_runnable, runnable_at, set_output, output, set_error, error, release)
       WHERE r.id = u.id AND r.id = ANY($1::text[])`,
      [
        patches.map(([id]) => id),
        patches.map(([, p]) => p.historyLength),
        patches.map(([, p]) => has(p, 'status')),
        patches.map(([, p]) => p.status ?? null),
        patches.map(([, p]) => has(p, 'runnableAt')),
        patches.map(([, p]) => p.runnableAt ?? null),
        patches.map(([, p]) => has(p, 'output')),
        patches.map(([, p]) => (p.output === undefined ? null : toJson(p.output))),
        patches.map(([, p]) => has(p, 'error')),
        patches.map(([, p]) => (p.error === undefined || p.error === null ? null : toJson(p.error))),
        patches.map(([, p]) => p.releaseLease === true),
        this.now,
      ],
    );
  }

  async flushWaitDeletes(): Promise<void> {
    if (this.waitDeletes.size === 0) return;
    const ids = [...this.waitDeletes];
    this.waitDeletes.clear();
    await this.c.query('DELETE FROM waits WHERE run_id = ANY($1::text[])', [ids]);
  }

  async flushAll(): Promise<void> {
    await this.flushWaitDeletes();
    await this.flushRuns();
    const h = this.history;
    if (h.runId.length > 0) {
      await this.c.query(
        'INSERT INTO history (run_id, seq, type, at, data) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::text[])',
        [h.runId, h.seq, h.type, h.at, h.data],
      );
    }
    if (this.snapshots.size > 0) {
      const snaps = [...this.snapshots];
      await this.c.query(
        `INSERT INTO snapshots (run_id, seq, state) SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
         ON CONFLICT (run_id) DO UPDATE SET seq = excluded.seq, state = excluded.state`,
        [snaps.map(([id]) => id), snaps.map(([, s]) => s.seq), snaps.map(([, s]) => s.state)],
      );
    }
  }
}
