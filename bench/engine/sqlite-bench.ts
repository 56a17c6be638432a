import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Engine } from '../../src/engine/engine.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { openDatabase } from '../../src/db/index.ts';
import { percentile } from '../report.ts';

/** The workload every engine benchmark uses: three trivial durable steps. */
export const threeSteps = defineWorkflow({
  name: 'bench.three-steps',
  input: z.object({ i: z.number() }),
  run: async (ctx, input) => {
    const a = await ctx.step('one', () => input.i + 1);
    const b = await ctx.step('two', () => a * 2);
    return ctx.step('three', () => b - 1);
  },
});

export const sleeper = defineWorkflow({
  name: 'bench.sleeper',
  input: z.object({ wakeAt: z.number() }),
  run: async (ctx, input) => {
    await ctx.sleepUntil(input.wakeAt);
    return ctx.step('woke', () => true);
  },
});

function tempDir(): string {
  return mkdtempSync(join(process.env.BENCH_DIR ?? '/tmp', 'psizero-bench-'));
}

/** The storage limit: one durable (WAL, synchronous=FULL) single-row commit at a time. */
export function rawCommits(seconds = 3): { commitsPerSec: number } {
  const dir = tempDir();
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  let n = 0;
  const end = Date.now() + seconds * 1_000;
  const t0 = process.hrtime.bigint();
  while (Date.now() < end) {
    insert.run('x');
    n++;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { commitsPerSec: n / secs };
}

async function waitFor(check: () => Promise<boolean>, pollMs = 20): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, pollMs));
}

export interface ThroughputResult {
  runs: number;
  seconds: number;
  runsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** N runs of the 3-step workflow started at once, executed by one worker with full durability. */
export async function threeStepThroughput(runs: number): Promise<ThroughputResult> {
  const dir = tempDir();
  const database = await openDatabase({ sqlitePath: join(dir, 'engine.db'), durability: 'full' });
  if (database.dialect !== 'sqlite') throw new Error('expected SQLite');
  const { store } = database;
  const engine = new Engine({ store, worker: { concurrency: 1_000, claimBatch: 1_000, pollMs: 50 } }).register(
    threeSteps,
  );
  engine.startWorker();
  const t0 = Date.now();
  for (let i = 0; i < runs; i += 1_000) {
    await engine.startMany(
      Array.from({ length: Math.min(1_000, runs - i) }, (_, k) => ({ workflow: threeSteps, input: { i: i + k } })),
    );
  }
  await waitFor(async () => (await store.countRuns({ status: 'completed' })) === runs);
  const seconds = (Date.now() - t0) / 1_000;
  const latencies = (
    store.db.prepare("SELECT updated_at - created_at AS ms FROM runs WHERE status = 'completed'").all() as {
      ms: number;
    }[]
  )
    .map((r) => r.ms)
    .sort((a, b) => a - b);
  await engine.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    runs,
    seconds,
    runsPerSec: runs / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

export interface SleepersResult {
  runs: number;
  createSeconds: number;
  rssSleepingMb: number;
  rssPeakMb: number;
  wakeSeconds: number;
}

/**
 * N runs asleep at once (each a row with a due time, none in memory), all due at the same moment:
 * the worker's RSS while they sleep, and the time from the due moment until every one has woken
 * and finished its step.
 */
export async function sleepers(runs: number, sleepForMs = 90_000): Promise<SleepersResult> {
  const dir = tempDir();
  const { store } = await openDatabase({ sqlitePath: join(dir, 'engine.db'), durability: 'full' });
  const engine = new Engine({ store, worker: { concurrency: 1_000, claimBatch: 1_000, pollMs: 50 } }).register(sleeper);
  engine.startWorker();
  const t0 = Date.now();
  const wakeAt = t0 + sleepForMs;
  for (let i = 0; i < runs; i += 5_000) {
    await engine.startMany(
      Array.from({ length: Math.min(5_000, runs - i) }, () => ({ workflow: sleeper, input: { wakeAt } })),
    );
  }
  await waitFor(async () => (await store.countRuns({ status: 'waiting' })) === runs, 100);
  const createSeconds = (Date.now() - t0) / 1_000;
  if (Date.now() >= wakeAt)
    throw new Error(`runs were not all asleep before their due time; raise sleepForMs above ${sleepForMs}`);
  await new Promise((r) => setTimeout(r, Math.max(0, wakeAt - Date.now() - 2_000)));
  const rssSleepingMb = process.memoryUsage().rss / 2 ** 20;
  let rssPeakMb = rssSleepingMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, process.memoryUsage().rss / 2 ** 20)), 50);
  await waitFor(async () => Date.now() >= wakeAt && (await store.countRuns({ status: 'completed' })) === runs, 50);
  const wakeSeconds = (Date.now() - wakeAt) / 1_000;
  clearInterval(sampler);
  await engine.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { runs, createSeconds, rssSleepingMb, rssPeakMb, wakeSeconds };
}
