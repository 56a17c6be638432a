import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { briefingReads } from '../../src/app/briefing-reads.ts';
import { ApprovalRepository } from '../../src/approvals/approval-repository.ts';
import { FollowUpRepository } from '../../src/briefings/index.ts';
import { AuditRepository } from '../../src/audit/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { openDomain } from '../../src/domain/index.ts';
import { DEFAULT_POLICY, holdersOfRole } from '../../src/policy/index.ts';
import { simulate } from '../../src/sim/index.ts';
import { composeBriefing, morningInput, slotOn, type CollectedSource } from '../../src/workflows/briefing/index.ts';
import { briefingSources, briefingWindow } from '../../src/workflows/briefing/sources/index.ts';
import { machine, percentile, writeSection } from '../report.ts';

/**
 * `npm run bench:briefing` — composing one morning briefing over 2 years of a 10,000-customer
 * company on SQLite: every source read from the records (sums over ~126 days of usage, payments,
 * tickets, health samples; trials and plan usage; the audit log; approvals) and the pure
 * composition (comparisons, trends, the detector over each series, escalation checks, role cuts).
 * Target: under 1 s. The company is simulated first (about a minute); `--db FILE` keeps it for
 * the next run. The figures go to docs/benchmarks.md.
 */
const program = new Command()
  .option('--customers <n>', 'customers', (v) => Number(v), 10_000)
  .option('--days <n>', 'days of history', (v) => Number(v), 730)
  .option('--seed <seed>', 'seed', 'bench')
  .option('--runs <n>', 'compositions measured', (v) => Number(v), 7)
  .option('--db <file>', 'SQLite file to simulate into, or reuse if it exists')
  .option('--no-write', 'print only, do not update docs/benchmarks.md')
  .parse();
const opts = program.opts<{
  customers: number;
  days: number;
  seed: string;
  runs: number;
  db?: string;
  write: boolean;
}>();

const END = '2025-12-31';
/** The morning after the last simulated day: it reports the simulation's final day. */
const DATE = '2026-01-01';

const temp = opts.db === undefined ? mkdtempSync(join(tmpdir(), 'psizero-bench-briefing-')) : null;
const file = opts.db ?? join(temp!, 'briefing.db');
const reuse = existsSync(file);
const database = await openDatabase({ sqlitePath: file, durability: 'normal' });
const { db, store } = database;
const domain = await openDomain({ db, events: { publish: async () => undefined } });
if (!reuse) {
  const started = performance.now();
  const summary = await simulate(domain.ingest, {
    customers: opts.customers,
    days: opts.days,
    seed: opts.seed,
    end: END,
    eventDays: 1,
    csmIds: holdersOfRole(DEFAULT_POLICY.directory, 'customer_success_manager').map((p) => p.id),
  });
  console.log(
    `${summary.customers} customers × ${summary.days} days simulated in ${((performance.now() - started) / 1000).toFixed(0)} s (${summary.usageRows} usage rows, ${summary.payments} payment attempts, ${summary.tickets} tickets)`,
  );
}
const customers = await domain.queries.count('customers');
const usageRows = await domain.queries.count('usage_daily');

const sources = briefingSources(
  briefingReads({
    db,
    queries: domain.queries,
    audit: new AuditRepository(db),
    approvals: new ApprovalRepository(db),
    followUps: new FollowUpRepository(db),
  }),
);
const schedule = DEFAULT_POLICY.briefing.schedule;
const input = morningInput(schedule, slotOn(schedule, DATE));
const window = briefingWindow(input.asOf, input.since);

interface Timing {
  total: number;
  compose: number;
  sources: Map<string, number>;
}

async function composeOnce(): Promise<Timing> {
  const started = performance.now();
  const timings = new Map<string, number>();
  const collected: CollectedSource[] = [];
  for (const source of sources) {
    const t = performance.now();
    collected.push({ name: source.name, title: source.title, result: await source.collect(window) });
    timings.set(source.name, performance.now() - t);
  }
  const t = performance.now();
  const model = composeBriefing(window, collected, {
    date: DATE,
    timezone: schedule.timezone,
    escalation: DEFAULT_POLICY.briefing.escalation,
  });
  const compose = performance.now() - t;
  if (model.metrics.length === 0) throw new Error('the briefing composed no metric: is the database empty?');
  return { total: performance.now() - started, compose, sources: timings };
}

const load = loadavg()[0]!;
const first = await composeOnce();
const rest: Timing[] = [];
for (let i = 1; i < opts.runs; i++) rest.push(await composeOnce());
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const totals = sorted(rest.map((r) => r.total));
const median = percentile(totals, 50);
const medianOf = (name: string) => percentile(sorted(rest.map((r) => r.sources.get(name)!)), 50);
const composeMedian = percentile(sorted(rest.map((r) => r.compose)), 50);
const sizeMb = statSync(file).size / 2 ** 20;
await store.close();
if (temp !== null) rmSync(temp, { recursive: true, force: true });

const ms = (v: number) => `${v.toFixed(0)} ms`;
console.log(
  `composed the briefing of ${DATE} over ${customers} customers (${usageRows} usage rows): first ${ms(first.total)}, median of ${rest.length} more ${ms(median)} (composition ${ms(composeMedian)})`,
);
for (const s of sources) console.log(`  ${s.name}: ${ms(medianOf(s.name))}`);

if (opts.write) {
  const lines = [
    '## Morning briefing on SQLite',
    '',
    `Machine: ${machine()}. Command: \`npm run bench:briefing\` (${opts.customers} customers × ${opts.days} days, seed '${opts.seed}', the briefing of ${DATE}). Measured ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| measure | figure |',
    '| --- | --- |',
    `| one briefing composed: every source read from the records, then composed (median of ${rest.length}) | ${ms(median)} (target < 1 s) |`,
    `| the first composition, on a freshly opened database | ${ms(first.total)} |`,
    `| of which the pure composition (9 metrics: comparisons, trends, the detector over 126 days; checks; actions) | ${ms(composeMedian)} |`,
    ...sources.map((s) => `| source \`${s.name}\` | ${ms(medianOf(s.name))} |`),
    `| customers / usage rows / database size | ${customers} / ${usageRows} / ${sizeMb.toFixed(0)} MB |`,
    `| machine load when the run started (1-minute load average, 2 cores) | ${load.toFixed(1)} |`,
  ];
  writeSection('docs/benchmarks.md', 'briefing-sqlite', lines.join('\n'));
  console.log('docs/benchmarks.md updated');
}
