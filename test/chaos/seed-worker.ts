import { loadConfig } from '../../src/app/config.ts';
import { createApp } from '../../src/app/create-app.ts';
import { openDatabase } from '../../src/db/index.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { completeDemoTakeover, seedDemoCompanyIfEmpty } from '../../src/sim/index.ts';

/**
 * `npm start`'s demo seeding in a process of its own, for the kill -9 test. argv:
 * <mode> <start ms> <sqlite path> | <mode> <start ms> <postgres url> <schema>. Modes:
 * - `stall-seeding`: prints `seeding <n>` after the first round of customers is written (inside the
 *   seeding transaction) and waits there to be killed;
 * - `stall-takeover`: seeds, prints `seeded`, and waits to be killed before the take-over;
 * - `start`: seeds and takes over as `npm start` does, prints `done <json>` and exits.
 */
const [mode, startMs, target, schema] = process.argv.slice(2) as [string, string, string, string | undefined];
const database = await openDatabase(schema ? { url: target, schema, poolSize: 2 } : { sqlitePath: target });
const app = await createApp(loadConfig({ env: {} }), { database, clock: new ManualClock(Number(startMs)) });
const forever = (): Promise<never> => new Promise(() => setInterval(() => undefined, 60_000));

if (mode === 'stall-seeding') {
  await seedDemoCompanyIfEmpty(app, {
    onProgress: async (done) => {
      process.stdout.write(`seeding ${done}\n`);
      await forever();
    },
  });
} else if (mode === 'stall-takeover') {
  await seedDemoCompanyIfEmpty(app);
  process.stdout.write('seeded\n');
  await forever();
} else {
  const seeded = await seedDemoCompanyIfEmpty(app);
  const adopted = await completeDemoTakeover(app);
  process.stdout.write(`done ${JSON.stringify({ seeded: seeded !== null, adopted })}\n`);
  await app.close();
}
