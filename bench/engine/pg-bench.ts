import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
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

const workerScript = join(import.meta.dirname, 'pg-bench-worker.ts');

/** Runs started at once, executed by `workers` PsiZero worker processes on one PostgreSQL schema. */
export async function pgThroughput(url: string, workers: number, runs: number): Promise<PgThroughput> {
  const schema = `psz_bench_${randomBytes(4).toString('hex')}`;
  const store = await createPostgresStore({ connectionString: url, schema, poolSize: 4 });
  const engine = new Engine({ store }).register(threeSteps);
  const procs = await Promise.all(
    Array.from({ length: workers }, () => {
      const p = spawn(process.execPath, ['--import', 'tsx', workerScript, url, schema], { stdio: ['ignore', 'pipe', 'inherit'] });
      return new Promise<typeof p>((resolve) => p.stdout.once('data', () => resolve(p)));
    }),
  );
  const t0 = Date.now();
  for (let i = 0; i < runs; i += 1_000) {
    await engine.startMany(Array.from({ length: Math.min(1_000, runs - i) }, (_, k) => ({ workflow: threeSteps, input: { i: i + k } })));
  }
  while ((await store.countRuns({ status: 'completed' })) < runs) await new Promise((r) => setTimeout(r, 20));
  const seconds = (Date.now() - t0) / 1_000;
  const rows = await store.pool.query<{ ms: number }>("SELECT (updated_at - created_at)::float8 AS ms FROM runs WHERE status = 'completed'");
  const latencies = rows.rows.map((r) => r.ms).sort((a, b) => a - b);
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  await store.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await store.close();
  return { workers, runs, seconds, runsPerSec: runs / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** DBOS Transact on a fresh database of the same cluster, in a child process. */
export async function dbosThroughput(url: string, runs: number): Promise<PgThroughput> {
  const db = `psz_dbos_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const peerUrl = url.replace(/\/[^/?]+(\?|$)/, `/${db}$1`);
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'dbos-peer.ts'), peerUrl, String(runs)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1)!;
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
  const conn = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), u.pathname.slice(1)];
  execFileSync('psql', [...conn, '-qc', 'CREATE TABLE IF NOT EXISTS psz_pgbench (id bigserial PRIMARY KEY, v int)'], { stdio: 'ignore' });
  const out = execFileSync('pgbench', [...conn, '-n', '-f', script, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds)], {
    encoding: 'utf8',
  });
  execFileSync('psql', [...conn, '-qc', 'DROP TABLE psz_pgbench'], { stdio: 'ignore' });
  const m = /tps = ([\d.]+)/.exec(out);
  return m ? Number(m[1]) : NaN;
}
