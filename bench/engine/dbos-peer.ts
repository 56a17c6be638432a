import { DBOS } from '@dbos-inc/dbos-sdk';

/**
 * The peer: the same 3-step workflow on DBOS Transact, in its own process (DBOS is a singleton).
 * argv: <system database url> <runs>. Prints one JSON line with the result.
 */
const [url, runsArg] = process.argv.slice(2) as [string, string];
const runs = Number(runsArg);

async function one(i: number): Promise<number> {
  return i + 1;
}
const threeSteps = DBOS.registerWorkflow(
  async (i: number): Promise<number> => {
    const a = await DBOS.runStep(() => one(i), { name: 'one' });
    const b = await DBOS.runStep(() => one(a * 2), { name: 'two' });
    return DBOS.runStep(() => one(b - 2), { name: 'three' });
  },
  { name: 'threeSteps' },
);

DBOS.setConfig({ name: 'psizero-bench-peer', systemDatabaseUrl: url, applicationVersion: '1' });
await DBOS.launch();
const t0 = Date.now();
const latencies: number[] = [];
const handles = [];
for (let i = 0; i < runs; i++) {
  const started = Date.now();
  handles.push(
    DBOS.startWorkflow(threeSteps)(i).then((h) => h.getResult().then(() => latencies.push(Date.now() - started))),
  );
}
await Promise.all(handles);
const seconds = (Date.now() - t0) / 1_000;
latencies.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ runs, seconds, runsPerSec: runs / seconds, p50Ms: latencies[Math.floor(runs / 2)], p99Ms: latencies[Math.floor(runs * 0.99)] })}\n`,
);
await DBOS.shutdown();
