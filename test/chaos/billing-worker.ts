import { loadConfig } from '../../src/app/config.ts';
import { createApp } from '../../src/app/create-app.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openDatabase } from '../../src/db/index.ts';
import { FileClock } from './file-clock.ts';

/**
 * A PsiZero worker process for the billing crash test, on the shared file clock; runs until
 * killed. argv: <config.json> <clock file> [<postgres url> <schema>]
 */
const [configPath, clockPath, url, schema] = process.argv.slice(2) as [
  string,
  string,
  string | undefined,
  string | undefined,
];
const config = loadConfig({ env: { PSIZERO_CONFIG: configPath } });
const database = await openDatabase(url && schema ? { url, schema, poolSize: 4 } : config.database);
const app = await createApp(config, {
  database,
  clock: new FileClock(clockPath),
  logger: createLogger(),
  // This test moves the clock across days for billing only.
  briefingSchedule: false,
});
app.engine.startWorker();
process.stdout.write(`ready ${app.engine.worker.owner}\n`);
