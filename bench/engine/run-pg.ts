import { Command } from 'commander';
import { machine, writeSection } from '../report.ts';
import { dbosThroughput, pgbenchCommits, pgThroughput, type PgThroughput } from './pg-bench.ts';

/**
 * `npm run bench:engine:pg -- --url postgres://...` — PsiZero on PostgreSQL with 1, 2 and 4 worker
 * processes, DBOS Transact running the same 3-step workflow on the same cluster, and pgbench's
 * single-row commit rate as the storage limit. Figures go to docs/benchmarks.md.
 */
const program = new Command()
  .requiredOption('--url <url>', 'PostgreSQL URL (a database the benchmark may create schemas and databases in)', process.env.PSIZERO_TEST_PG_URL)
  .option('--runs <n>', 'runs per measurement', (v) => Number(v), 10_000)
  .option('--peer-runs <n>', 'runs for the DBOS peer', (v) => Number(v), 3_000)
  .option('--no-write', 'print only')
  .parse();
const opts = program.opts<{ url: string; runs: number; peerRuns: number; write: boolean }>();

const commits1 = pgbenchCommits(opts.url, 1);
const commits8 = pgbenchCommits(opts.url, 8);
console.log(`pgbench single-row inserts: ${commits1.toFixed(0)}/s (1 client), ${commits8.toFixed(0)}/s (8 clients)`);
const results: PgThroughput[] = [];
for (const workers of [1, 2, 4]) {
  const r = await pgThroughput(opts.url, workers, opts.runs);
  console.log(`psizero ${workers} worker(s): ${r.runsPerSec.toFixed(0)} runs/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
  results.push(r);
}
const peer = await dbosThroughput(opts.url, opts.peerRuns);
console.log(`dbos: ${peer.runsPerSec.toFixed(0)} runs/s, p50 ${peer.p50Ms} ms, p99 ${peer.p99Ms} ms`);

if (opts.write) {
  const one = results[0]!;
  const lines = [
    '## Engine on PostgreSQL, side by side with DBOS Transact',
    '',
    `Machine: ${machine()}; PostgreSQL on the same machine. Command: \`npm run bench:engine:pg -- --url <url> --runs ${opts.runs} --peer-runs ${opts.peerRuns}\`. Measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| measure | runs/s | p50 | p99 |',
    '| --- | --- | --- | --- |',
    `| pgbench one-row insert, 1 client (storage limit) | ${commits1.toFixed(0)} commits/s | | |`,
    `| pgbench one-row insert, 8 clients | ${commits8.toFixed(0)} commits/s | | |`,
    ...results.map((r) => `| PsiZero, ${r.workers} worker process(es), ${r.runs} 3-step runs | ${r.runsPerSec.toFixed(0)} | ${r.p50Ms} ms | ${r.p99Ms} ms |`),
    `| DBOS Transact (@dbos-inc/dbos-sdk 5), ${peer.runs} 3-step runs | ${peer.runsPerSec.toFixed(0)} | ${peer.p50Ms} ms | ${peer.p99Ms} ms |`,
    '',
    `PsiZero with one worker ÷ DBOS: **${(one.runsPerSec / peer.runsPerSec).toFixed(1)}×**.`,
  ];
  writeSection('docs/benchmarks.md', 'engine-postgres', lines.join('\n'));
  console.log('docs/benchmarks.md updated');
}
