import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { Engine } from '../../src/engine/engine.ts';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/index.ts';
import { LEDGER_DDL, mixWorkflows } from './mix-workflows.ts';

const workerScript = join(import.meta.dirname, 'pg-worker.ts');

export interface Harness {
  schema: string;
  store: PostgresStore;
  pool: pg.Pool;
  engine: Engine;
  workers: ChildProcess[];
  spawnWorker(): Promise<ChildProcess>;
  publishGoForWaitingParents(published: Set<string>): Promise<void>;
  close(): Promise<void>;
}

/** A private schema with the engine tables and a ledger, plus worker processes on it. */
export async function pgHarness(url: string): Promise<Harness> {
  const schema = `psz_chaos_${randomBytes(4).toString('hex')}`;
  const store = await createPostgresStore({ connectionString: url, schema, poolSize: 4 });
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 4 });
  pool.on('error', () => undefined);
  await pool.query(LEDGER_DDL);
  const { child, parent, tick } = mixWorkflows(pool);
  const engine = new Engine({ store }).register(child, parent, tick);
  const workers: ChildProcess[] = [];

  async function spawnWorker(): Promise<ChildProcess> {
    const proc = spawn(process.execPath, ['--import', 'tsx', workerScript, url, schema], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    workers.push(proc);
    await new Promise<void>((resolve, reject) => {
      proc.stdout.once('data', () => resolve());
      proc.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
    });
    return proc;
  }

  /** Publishes `mix.go` for parents whose wait is recorded: an event must come after the wait began. */
  async function publishGoForWaitingParents(published: Set<string>): Promise<void> {
    const rows = await pool.query<{ run_id: string; n: number }>(
      `SELECT h.run_id, (r.input::jsonb->>'n')::int AS n FROM history h JOIN runs r ON r.id = h.run_id
       WHERE h.type = 'wait_started' AND r.workflow = 'mix.parent'`,
    );
    for (const row of rows.rows) {
      if (published.has(row.run_id)) continue;
      await engine.publish('mix.go', { n: row.n }, { id: `go-${row.n}` });
      published.add(row.run_id);
    }
  }

  async function close(): Promise<void> {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.end();
    await store.close();
  }

  return { schema, store, pool, engine, workers, spawnWorker, publishGoForWaitingParents, close };
}

export function exited(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
  });
}

/** The ledger must hold exactly one effect per expected key, and nothing else. */
export async function expectedLedgerKeys(h: Harness): Promise<{ expected: string[]; actual: string[] }> {
  const runs = await h.pool.query<{ id: string; workflow: string }>('SELECT id, workflow FROM runs');
  const steps: Record<string, string[]> = { 'mix.parent': ['a', 'b'], 'mix.child': ['c'], 'mix.tick': ['tick'] };
  const expected = runs.rows.flatMap((r) => (steps[r.workflow] ?? []).map((s) => `${r.id}:${s}`)).sort();
  const actual = (await h.pool.query<{ key: string }>('SELECT key FROM ledger')).rows.map((r) => r.key).sort();
  return { expected, actual };
}
