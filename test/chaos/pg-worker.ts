import pg from 'pg';
import { Engine } from '../../src/engine/engine.ts';
import { createPostgresStore } from '../../src/store/postgres/index.ts';
import { mixWorkflows } from './mix-workflows.ts';

/** A worker process for the multi-worker and restart tests. argv: <url> <schema> */
const [url, schema] = process.argv.slice(2) as [string, string];
const store = await createPostgresStore({ connectionString: url, schema, poolSize: 4 });
const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 4 });
pool.on('error', () => undefined);
const { child, parent, tick } = mixWorkflows(pool);
const engine = new Engine({ store, worker: { leaseMs: 2_000, pollMs: 200, concurrency: 200 } }).register(
  child,
  parent,
  tick,
);
engine.schedule({
  name: 'mix.tick',
  cron: '* * * * * *',
  timezone: 'UTC',
  workflow: 'mix.tick',
  catchUp: 'all',
  input: (slot) => ({ slot: slot.toISOString() }),
});
engine.startWorker();
process.stdout.write(`ready ${engine.worker.owner}\n`);
process.once('SIGTERM', () => {
  void engine.stop(2_000).then(async () => {
    await store.close();
    await pool.end();
    process.exit(0);
  });
});
