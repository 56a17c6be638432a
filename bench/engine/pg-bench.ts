import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Engine } from '../../src/engine/engine.ts';
import { createPostgresStore } from '../../src/store/postgres/index.ts';
import { percentile } from '../report.ts';
import { threeSteps } from './sqlite-bench.ts';

export interface PgThroughput {
  workers: number;
  runs: number;
  seconds: number;
  runsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** A PsiZero measurement, with where the time went (CPU figures only where /proc exists). */
export interface PsizeroThroughput extends PgThroughput {
  /** Runs each worker process executed, in a private schema, before the timed runs. */
  warmupRuns: number;
  /** Share of the machine's CPU time left idle during the timed runs. */
  idleShare: number | null;
  /** CPU time of the worker processes per timed run, in microseconds. */
  workerCpuUsPerRun: number | null;
  /** Share of sampled active backend time of this measurement: on CPU, heavyweight locks, LWLocks, I/O. */
  waits: WaitShares;
  /** Per worker process. */
  workerStats: WorkerBenchStats[];
}

/** What one bench worker process did during the timed runs (printed as JSON on SIGTERM). */
export interface WorkerBenchStats {
  /** Write transactions (Store.apply calls). */
  applies: number;
  /** Operations in them. */
  ops: number;
  /** Claims that took at least one run, and the runs they took. */
  claims: number;
  claimed: number;
}

export interface WaitShares {
  cpu: number;
  lock: number;
  lwlock: number;
  io: number;
  other: number;
  samples: number;
}

const workerScript = join(import.meta.dirname, 'pg-bench-worker.ts');

/**
 * Runs started at once, executed by `workers` PsiZero worker processes on one PostgreSQL schema.
 * With `warmupRuns`, each process first runs that many in a private schema (see pg-bench-worker.ts).
 */
export async function pgThroughput(
  url: string,
  workers: number,
  runs: number,
  warmupRuns = 0,
): Promise<PsizeroThroughput> {
  const schema = `psz_bench_${randomBytes(4).toString('hex')}`;
  const applicationName = `psizero-bench-${schema}`;
  const store = await createPostgresStore({ connectionString: url, schema, poolSize: 4, applicationName });
  const engine = new Engine({ store }).register(threeSteps);
  const procs = await Promise.all(
    Array.from({ length: workers }, () => {
      const p = spawn(process.execPath, ['--import', 'tsx', workerScript, url, schema, String(warmupRuns)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      return new Promise<typeof p>((resolve, reject) => {
        p.stdout.once('data', () => resolve(p));
        p.once('exit', (code) => reject(new Error(`bench worker exited with ${code} before it was ready`)));
      });
    }),
  );
  const sampler = sampleWaits(store.pool, applicationName);
  const cpu0 = cpuTimes();
  const ticks0 = procs.map((p) => processTicks(p.pid));
  const t0 = Date.now();
  for (let i = 0; i < runs; i += 1_000) {
    await engine.startMany(
      Array.from({ length: Math.min(1_000, runs - i) }, (_, k) => ({ workflow: threeSteps, input: { i: i + k } })),
    );
  }
  // Stops at the first unfinished row: a count(*) of completed runs every 20 ms would scan the
  // whole table each time and take CPU from the measured workers.
  while (
    (await store.pool.query("SELECT 1 FROM runs WHERE status IN ('pending', 'running', 'waiting') LIMIT 1")).rows
      .length > 0
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (Date.now() - t0) / 1_000;
  const cpu1 = cpuTimes();
  const ticks1 = procs.map((p) => processTicks(p.pid));
  const waits = await sampler.stop();
  const rows = await store.pool.query<{ ms: number }>(
    "SELECT (updated_at - created_at)::float8 AS ms FROM runs WHERE status = 'completed'",
  );
  if (rows.rows.length !== runs) throw new Error(`${rows.rows.length} of ${runs} runs completed`);
  const latencies = rows.rows.map((r) => r.ms).sort((a, b) => a - b);
  const workerStats = await Promise.all(
    procs.map(
      (p) =>
        new Promise<WorkerBenchStats>((resolve) => {
          let out = '';
          p.stdout.on('data', (d: Buffer) => (out += d.toString()));
          p.once('exit', () => resolve(JSON.parse(out.trim().split('\n').at(-1)!) as WorkerBenchStats));
          p.kill('SIGTERM');
        }),
    ),
  );
  await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await store.close();
  const sum = (ticks: (number | null)[]): number | null =>
    ticks.reduce<number | null>((a, t) => (a === null || t === null ? null : a + t), 0);
  const [before, after] = [sum(ticks0), sum(ticks1)];
  const workerTicks = before === null || after === null ? null : after - before;
  return {
    workers,
    runs,
    seconds,
    runsPerSec: runs / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    warmupRuns,
    idleShare: cpu0 && cpu1 && cpu1.total > cpu0.total ? (cpu1.idle - cpu0.idle) / (cpu1.total - cpu0.total) : null,
    workerCpuUsPerRun: workerTicks === null ? null : (workerTicks / CLK_TCK / runs) * 1e6,
    waits,
    workerStats,
  };
}

/** Clock ticks per second of /proc times (USER_HZ): 100 on every common Linux build. */
const CLK_TCK = 100;

/** Machine-wide CPU time from /proc/stat (Linux): all of it, and the idle part (idle + iowait). */
function cpuTimes(): { total: number; idle: number } | null {
  if (!existsSync('/proc/stat')) return null;
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: fields.reduce((a, b) => a + b, 0), idle: fields[3]! + fields[4]! };
}

/** User + system CPU ticks of one process (Linux), null where /proc is missing. */
function processTicks(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Samples pg_stat_activity every 10 ms for the measured connections (named by application_name)
 * and sorts each active backend by what it is doing: on CPU, or waiting for a heavyweight lock
 * (row, transaction, advisory), a lightweight lock (buffer, WAL insert), I/O (WAL flush), other.
 */
function sampleWaits(pool: pg.Pool, applicationName: string): { stop(): Promise<WaitShares> } {
  const counts = { cpu: 0, lock: 0, lwlock: 0, io: 0, other: 0, samples: 0 };
  let running = true;
  const done = (async () => {
    const client = await pool.connect();
    try {
      while (running) {
        const { rows } = await client.query<{ type: string | null; n: number }>(
          `SELECT wait_event_type AS type, count(*)::int AS n FROM pg_stat_activity
           WHERE application_name = $1 AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`,
          [applicationName],
        );
        counts.samples++;
        for (const r of rows) {
          const key =
            r.type === null
              ? 'cpu'
              : r.type === 'Lock'
                ? 'lock'
                : r.type === 'LWLock'
                  ? 'lwlock'
                  : r.type === 'IO'
                    ? 'io'
                    : 'other';
          counts[key] += r.n;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      client.release();
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      const active = counts.cpu + counts.lock + counts.lwlock + counts.io + counts.other || 1;
      return {
        cpu: counts.cpu / active,
        lock: counts.lock / active,
        lwlock: counts.lwlock / active,
        io: counts.io / active,
        other: counts.other / active,
        samples: counts.samples,
      };
    },
  };
}

/** DBOS Transact on a fresh database of the same cluster, in a child process. */
export async function dbosThroughput(url: string, runs: number): Promise<PgThroughput> {
  const db = `psz_dbos_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const peerUrl = url.replace(/\/[^/?]+(\?|$)/, `/${db}$1`);
  try {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'dbos-peer.ts'), peerUrl, String(runs)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const line = out
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .at(-1)!;
    return { workers: 1, ...(JSON.parse(line) as Omit<PgThroughput, 'workers'>) };
  } finally {
    await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
    await admin.end();
  }
}

/** The storage limit: pgbench with a one-row insert script, 1 and 8 clients. */
export function pgbenchCommits(url: string, clients: number, seconds = 5): number {
  const u = new URL(url);
  const dir = mkdtempSync(join(tmpdir(), 'psz-pgbench-'));
  const script = join(dir, 'insert.sql');
  writeFileSync(script, 'INSERT INTO psz_pgbench (v) VALUES (1);\n');
  const conn = [
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username || 'postgres'),
    u.pathname.slice(1),
  ];
  execFileSync('psql', [...conn, '-qc', 'CREATE TABLE IF NOT EXISTS psz_pgbench (id bigserial PRIMARY KEY, v int)'], {
    stdio: 'ignore',
  });
  const out = execFileSync(
    'pgbench',
    [...conn, '-n', '-f', script, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds)],
    {
      encoding: 'utf8',
    },
  );
  execFileSync('psql', [...conn, '-qc', 'DROP TABLE psz_pgbench'], { stdio: 'ignore' });
  const m = /tps = ([\d.]+)/.exec(out);
  return m ? Number(m[1]) : NaN;
}
