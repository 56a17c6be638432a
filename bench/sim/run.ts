import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { openDatabase } from '../../src/db/index.ts';
import { openDomain } from '../../src/domain/index.ts';
import { Engine } from '../../src/engine/engine.ts';
import { DEFAULT_POLICY, holdersOfRole } from '../../src/policy/index.ts';
import { simulate } from '../../src/sim/index.ts';
import { machine, writeSection } from '../report.ts';

/**
 * `npm run bench:sim` — the simulator end to end on a fresh SQLite file with full durability:
 * generation, validation, upserts, outbox and engine events. Target: 10,000 customers × 365 days
 * in under 60 s on the project's 2-core machine. The figure goes to docs/benchmarks.md.
 */
const program = new Command()
  .option('--customers <n>', 'customers', (v) => Number(v), 10_000)
  .option('--days <n>', 'days', (v) => Number(v), 365)
  .option('--seed <seed>', 'seed', 'bench')
  .option('--no-write', 'print only, do not update docs/benchmarks.md')
  .parse();
const opts = program.opts<{ customers: number; days: number; seed: string; write: boolean }>();

const dir = mkdtempSync(join(tmpdir(), 'psizero-bench-sim-'));
const file = join(dir, 'sim.db');
const { store, db } = await openDatabase({ sqlitePath: file });
const engine = new Engine({ store });
const domain = await openDomain({ db, events: engine });
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
const load = loadavg()[0]!;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const summary = await simulate(domain.ingest, {
  ...(process.env.PSIZERO_SIM_CHUNK ? { chunkSize: Number(process.env.PSIZERO_SIM_CHUNK) } : {}),
  customers: opts.customers,
  days: opts.days,
  seed: opts.seed,
  end: '2025-12-31',
  csmIds: holdersOfRole(DEFAULT_POLICY.directory, 'customer_success_manager').map((p) => p.id),
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
const events = await store.eventHighWater();
const sizeMb = statSync(file).size / 2 ** 20;
await engine.stop();
await store.close();
rmSync(dir, { recursive: true, force: true });

const rows = summary.customers + summary.usageRows + summary.invoices + summary.payments + summary.tickets;
console.log(
  `simulated ${summary.customers} customers × ${summary.days} days in ${seconds.toFixed(1)} s: ${summary.usageRows} usage rows, ` +
    `${summary.invoices} invoices, ${summary.payments} payment attempts, ${summary.tickets} tickets; ${events} engine events; ` +
    `${(rows / seconds).toFixed(0)} records/s; CPU ${cpuSeconds.toFixed(1)} s; load average ${load.toFixed(1)}; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB; database ${sizeMb.toFixed(0)} MB`,
);

if (opts.write) {
  const lines = [
    '## Simulator on SQLite (full durability)',
    '',
    `Machine: ${machine()}. Command: \`npm run bench:sim\` (${opts.customers} customers × ${opts.days} days, seed '${opts.seed}'). Measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| measure | figure |',
    '| --- | --- |',
    `| ${opts.customers} customers × ${opts.days} days, generated, validated and written through the ingestion services | ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (target < 60 s) |`,
    `| machine load when the run started (1-minute load average, 2 cores) | ${load.toFixed(1)} |`,
    `| records written (customers, usage rows, invoices, payment attempts, tickets) | ${rows} (${(rows / seconds).toFixed(0)}/s) |`,
    `| usage rows / invoices / payment attempts / tickets | ${summary.usageRows} / ${summary.invoices} / ${summary.payments} / ${summary.tickets} |`,
    `| domain events published to the engine (final day only) | ${events} |`,
    `| peak RSS / database size | ${(peakRss / 2 ** 20).toFixed(0)} MB / ${sizeMb.toFixed(0)} MB |`,
  ];
  writeSection('docs/benchmarks.md', 'sim-sqlite', lines.join('\n'));
  console.log('docs/benchmarks.md updated');
}
