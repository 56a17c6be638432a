import { Engine } from '../../src/engine/engine.ts';
import { openDatabase } from '../../src/db/index.ts';
import { crashWorkflow } from './crash-workflow.ts';
import { EffectsLedger } from './effects-ledger.ts';

/** A worker process for the crash test: runs until killed. argv: <engine db> <ledger db> */
const [dbPath, ledgerPath] = process.argv.slice(2) as [string, string];
const { store } = await openDatabase({ sqlitePath: dbPath });
const ledger = new EffectsLedger(ledgerPath);
const engine = new Engine({ store, worker: { leaseMs: 400, pollMs: 25, concurrency: 200 } }).register(
  crashWorkflow(ledger),
);
engine.startWorker();
process.stdout.write(`ready ${engine.worker.owner}\n`);
