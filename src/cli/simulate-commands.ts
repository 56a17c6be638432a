import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { holdersOfRole } from '../policy/index.ts';
import { simulate, type SimulationSummary } from '../sim/index.ts';
import { withApp } from './context.ts';
import { progressBar } from './progress.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function isoDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('expected a day as YYYY-MM-DD');
  return value;
}

export function registerSimulateCommands(program: Command): void {
  program
    .command('simulate')
    .description('generate a simulated SaaS API company (deterministic for a seed) through the ingestion services')
    .option('--customers <n>', 'customers', positiveInt, 1_000)
    .option('--days <n>', 'days of history', positiveInt, 365)
    .option('--seed <seed>', 'random seed: the same seed gives the same company', 'psizero')
    .option('--end <day>', 'last simulated day (default: today, UTC)', isoDay)
    .option('--event-days <n>', 'publish domain events for records of the last n days', positiveInt, 1)
    .addHelpText(
      'after',
      '\nHistory stops at this moment: the final day, when it is today, has only what already happened.\nIds look like cus_sim000001: re-running with the same seed and a past end changes nothing; another seed overwrites them.',
    )
    .action(
      async (
        opts: { customers: number; days: number; seed: string; end?: string; eventDays: number },
        cmd: Command,
      ) => {
        await withApp(cmd, async (app) => {
          const bar = progressBar(
            opts.customers,
            'simulating |{bar}| {percentage}% | {value}/{total} customers | {eta_formatted} left',
          );
          const started = performance.now();
          let summary: SimulationSummary;
          try {
            summary = await simulate(app.domain.ingest, {
              customers: opts.customers,
              days: opts.days,
              seed: opts.seed,
              eventDays: opts.eventDays,
              until: app.engine.clock.now(),
              csmIds: holdersOfRole(app.policy.directory, 'customer_success_manager').map((p) => p.id),
              ...(opts.end ? { end: opts.end } : {}),
              onProgress: (done) => bar.update(done),
            });
          } finally {
            bar.stop();
          }
          process.stdout.write(formatSimulationSummary(summary, (performance.now() - started) / 1000));
        });
      },
    );
}

export function formatSimulationSummary(s: SimulationSummary, seconds: number): string {
  const usd = (cents: number): string => `$${Math.round(cents / 100).toLocaleString('en-US')}`;
  return [
    `simulated ${s.customers} customers over ${s.days} days (${s.start} to ${s.end}, seed ${s.seed}) in ${seconds.toFixed(1)} s`,
    `  usage rows ${s.usageRows}, invoices ${s.invoices}, payment attempts ${s.payments} (${s.failedPayments} failed), tickets ${s.tickets}`,
    `  health samples ${s.healthSamples} (${s.outages} outages), revenue ${usd(s.revenueCents)}, MRR at the end ${usd(s.finalMrrCents)}`,
    '',
  ].join('\n');
}
