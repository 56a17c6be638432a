import { Command } from 'commander';
import { machine, writeSection } from '../report.ts';
import { rawCommits, sleepers, threeStepThroughput } from './sqlite-bench.ts';

/**
 * `npm run bench:engine` — SQLite engine benchmarks with full durability. Figures go to
 * docs/benchmarks.md together with the machine and the command.
 */
const program = new Command()
  .option('--runs <n>', '3-step runs', (v) => Number(v), 10_000)
  .option('--sleepers <n>', 'sleeping runs', (v) => Number(v), 100_000)
  .option('--skip-sleepers', 'skip the sleeping-runs benchmark')
  .option('--no-write', 'print only, do not update docs/benchmarks.md')
  .parse();
const opts = program.opts<{ runs: number; sleepers: number; skipSleepers?: boolean; write: boolean }>();

const raw = rawCommits();
console.log(`raw durable single-row commits: ${raw.commitsPerSec.toFixed(0)}/s`);
const tp = await threeStepThroughput(opts.runs);
console.log(
  `3-step runs: ${tp.runs} in ${tp.seconds.toFixed(2)} s = ${tp.runsPerSec.toFixed(0)} runs/s, p50 ${tp.p50Ms} ms, p99 ${tp.p99Ms} ms`,
);
const sl = opts.skipSleepers ? null : await sleepers(opts.sleepers);
if (sl) {
  console.log(
    `sleepers: ${sl.runs} asleep after ${sl.createSeconds.toFixed(1)} s, RSS ${sl.rssSleepingMb.toFixed(0)} MB asleep, peak ${sl.rssPeakMb.toFixed(0)} MB, all woken and done ${sl.wakeSeconds.toFixed(1)} s after due`,
  );
}

if (opts.write) {
  const lines = [
    `## Engine on SQLite (full durability)`,
    '',
    `Machine: ${machine()}. Command: \`npm run bench:engine\`. Measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| measure | figure |',
    '| --- | --- |',
    `| raw better-sqlite3 durable single-row commits (WAL, synchronous=FULL) | ${raw.commitsPerSec.toFixed(0)} commits/s |`,
    `| ${tp.runs} runs of a 3-step workflow, 1 worker, started at once | ${tp.runsPerSec.toFixed(0)} runs/s (${tp.seconds.toFixed(2)} s) |`,
    `| ratio to the storage limit (runs/s ÷ single-row commits/s) | ${(tp.runsPerSec / raw.commitsPerSec).toFixed(2)}× |`,
    `| start-to-finish latency under that burst | p50 ${tp.p50Ms} ms, p99 ${tp.p99Ms} ms |`,
    ...(sl
      ? [
          `| ${sl.runs} runs sleeping at once: worker RSS | ${sl.rssSleepingMb.toFixed(0)} MB (peak while waking ${sl.rssPeakMb.toFixed(0)} MB) |`,
          `| time from their common due time until all woke and finished | ${sl.wakeSeconds.toFixed(1)} s |`,
          `| time to create them and bring all to sleep | ${sl.createSeconds.toFixed(1)} s |`,
        ]
      : []),
  ];
  writeSection('docs/benchmarks.md', 'engine-sqlite', lines.join('\n'));
  console.log('docs/benchmarks.md updated');
}
