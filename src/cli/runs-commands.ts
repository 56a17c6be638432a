import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { RunStatus } from '../store/types.ts';
import { withApp } from './context.ts';
import { formatRunList, formatTimeline } from './format.ts';

const STATUSES: RunStatus[] = ['pending', 'running', 'waiting', 'completed', 'failed', 'cancelled', 'needs_attention'];

function parseStatus(value: string): RunStatus {
  if (!STATUSES.includes(value as RunStatus)) throw new InvalidArgumentError(`expected one of ${STATUSES.join(', ')}`);
  return value as RunStatus;
}

function parseTime(value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError('expected an ISO date or date-time');
  return t;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new InvalidArgumentError('expected JSON');
  }
}

export function registerRunCommands(program: Command): void {
  const runs = program.command('runs').description('inspect and operate workflow runs');

  runs
    .command('list')
    .description('list runs, newest first')
    .option('-w, --workflow <name>', 'only this workflow')
    .option('-s, --status <status>', 'only this status', parseStatus)
    .option('--since <time>', 'created at or after (ISO)', parseTime)
    .option('--until <time>', 'created before (ISO)', parseTime)
    .option('-n, --limit <n>', 'most rows', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print JSON')
    .action(
      async (
        opts: { workflow?: string; status?: RunStatus; since?: number; until?: number; limit: number; json?: boolean },
        cmd: Command,
      ) => {
        await withApp(cmd, async (app) => {
          const list = await app.engine.listRuns({
            workflow: opts.workflow,
            status: opts.status,
            createdAfter: opts.since,
            createdBefore: opts.until,
            limit: opts.limit,
          });
          process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatRunList(list));
        });
      },
    );

  runs
    .command('show <runId>')
    .description('show a run and its whole history timeline')
    .option('--json', 'print JSON')
    .action(async (runId: string, opts: { json?: boolean }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const inspection = await app.engine.inspect(runId);
        process.stdout.write(opts.json ? `${JSON.stringify(inspection, null, 2)}\n` : formatTimeline(inspection));
      });
    });

  runs
    .command('start <workflow>')
    .description('start a run (a worker executes it)')
    .option('-i, --input <json>', 'input as JSON', parseJson, {})
    .option('-k, --key <idempotencyKey>', 'idempotency key')
    .action(async (workflow: string, opts: { input: unknown; key?: string }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const res = await app.engine.start(workflow, opts.input, { idempotencyKey: opts.key });
        process.stdout.write(`${res.id}${res.created ? '' : ' (existing run for this key)'}\n`);
      });
    });

  runs
    .command('cancel <runId>')
    .description('cancel a run and its children')
    .option('-r, --reason <text>', 'reason recorded in history', 'cancelled from the CLI')
    .action(async (runId: string, opts: { reason: string }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const run = await app.engine.cancel(runId, opts.reason);
        process.stdout.write(`${run.id} ${run.status}\n`);
      });
    });

  runs
    .command('retry <runId>')
    .description('retry a failed or needs_attention run from where it failed')
    .action(async (runId: string, _opts: unknown, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const run = await app.engine.retry(runId);
        process.stdout.write(`${run.id} ${run.status}\n`);
      });
    });
}
