import { Engine } from '../../src/engine/engine.ts';
import { createPostgresStore } from '../../src/store/postgres/index.ts';
import { threeSteps } from './sqlite-bench.ts';

/** One PsiZero worker process for the PostgreSQL benchmark. argv: <url> <schema> */
const [url, schema] = process.argv.slice(2) as [string, string];
const store = await createPostgresStore({ connectionString: url, schema, poolSize: 4 });
const engine = new Engine({ store, worker: { concurrency: 1_000, claimBatch: 500, pollMs: 50 } }).register(threeSteps);
engine.startWorker();
process.stdout.write('ready\n');
process.once('SIGTERM', () => void engine.stop(1_000).then(() => store.close()).then(() => process.exit(0)));
