import { Engine } from '../../src/engine/engine.ts';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/index.ts';
import { threeSteps } from './sqlite-bench.ts';
import type { WorkerBenchStats } from './pg-bench.ts';

/**
 * One PsiZero worker process for the PostgreSQL benchmark. argv: <url> <schema> [warm-up runs]
 *
 * With warm-up runs, the process first executes that many runs of the same workflow in a private
 * schema of its own, so V8 has compiled the hot paths before the timed runs start, as in a
 * long-lived worker; the private schema keeps the measured schema identical for every
 * configuration and guarantees each process its share of warm-up. Prints "ready" when it listens
 * on the measured schema.
 */
const [url, schema, warmArg] = process.argv.slice(2) as [string, string, string | undefined];
const warmRuns = Number(warmArg ?? 0);
const workerOptions = { concurrency: 1_000, claimBatch: 500, pollMs: 50 };
const applicationName = `psizero-bench-${schema}`;

if (warmRuns > 0) {
  const warmSchema = `${schema}_w${process.pid}`;
  const warmStore = await createPostgresStore({ connectionString: url, schema: warmSchema, poolSize: 4 });
  const warm = new Engine({ store: warmStore, worker: workerOptions }).register(threeSteps);
  warm.startWorker();
  for (let i = 0; i < warmRuns; i += 1_000) {
    await warm.startMany(
      Array.from({ length: Math.min(1_000, warmRuns - i) }, (_, k) => ({ workflow: threeSteps, input: { i: i + k } })),
    );
  }
  while ((await unfinished(warmStore)) > 0) await new Promise((r) => setTimeout(r, 20));
  await warm.stop(1_000);
  await warmStore.pool.query(`DROP SCHEMA "${warmSchema}" CASCADE`);
  await warmStore.close();
}

const store = await createPostgresStore({ connectionString: url, schema, poolSize: 4, applicationName });
// Counted for the report: write transactions (each apply is one) and claims that took runs.
const stats: WorkerBenchStats = { applies: 0, ops: 0, claims: 0, claimed: 0 };
const apply = store.apply.bind(store);
store.apply = (ops, now) => {
  stats.applies++;
  stats.ops += ops.length;
  return apply(ops, now);
};
const claim = store.claim.bind(store);
store.claim = async (...args) => {
  const claimed = await claim(...args);
  if (claimed.length > 0) {
    stats.claims++;
    stats.claimed += claimed.length;
  }
  return claimed;
};
const engine = new Engine({ store, worker: workerOptions }).register(threeSteps);
engine.startWorker();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify(stats)}\n`);
  void engine
    .stop(1_000)
    .then(() => store.close())
    .then(() => process.exit(0));
});

/** Runs not yet ended; cheap (stops at the first row) where count(*) of completed runs scans them all. */
async function unfinished(s: PostgresStore): Promise<number> {
  const { rows } = await s.pool.query("SELECT 1 FROM runs WHERE status IN ('pending', 'running', 'waiting') LIMIT 1");
  return rows.length;
}
