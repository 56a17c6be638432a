import type { Command } from 'commander';
import type { App } from '../app/create-app.ts';
import { channelModes } from '../channels/index.ts';
import { createLogger } from '../lib/logger.ts';
import { DEMO_TAKEOVER_DAYS, startDemoCompany } from '../sim/index.ts';
import { openApp, withApp } from './context.ts';
import { startDashboard } from './dashboard.ts';

export function registerServeCommands(program: Command): void {
  program
    .command('start')
    .description('run PsiZero in one process on its configured store (SQLite file by default)')
    .option('--no-seed', 'do not seed a simulated demo company into an empty database')
    .action(async (opts: { seed: boolean }, cmd: Command) => {
      const app = await openApp(cmd);
      if (opts.seed) {
        const { seeded, adopted } = await startDemoCompany(app);
        if (seeded)
          process.stdout.write(
            `Empty database: seeded a simulated company (${seeded.customers} customers, ${seeded.days} days up to now).\n`,
          );
        if (adopted !== null)
          process.stdout.write(
            `Payment recovery: took over ${adopted} failed payment(s) of the last ${DEMO_TAKEOVER_DAYS} days from the simulated history (see /runs and /billing).\n`,
          );
        // The company just seeded gets this morning's briefing now rather than at the next 08:00.
        if (seeded) {
          const morning = await app.briefing.startLatestMorning();
          process.stdout.write(`Morning briefing: composing the briefing of ${morning.date} (see /briefing).\n`);
        }
      }
      await serve(app, 'PsiZero', { http: true });
    });

  program
    .command('worker')
    .description('run a worker process: claims and executes runs until stopped (SIGINT/SIGTERM)')
    .action(async (_opts: unknown, cmd: Command) => {
      const app = await openApp(cmd);
      await serve(app, 'PsiZero worker');
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async (_opts: unknown, cmd: Command) => {
      await withApp(cmd, async (app) => {
        await app.store.migrate();
        process.stdout.write(`migrations applied (${app.store.kind})\n`);
      });
    });
}

/** Says where messages go: sent for real, captured in the local outbox, or off (printed and logged). */
function announceChannels(app: App): void {
  const modes = channelModes(app.config);
  for (const { line } of modes) process.stdout.write(`${line}\n`);
  createLogger().info(Object.fromEntries(modes.map((m) => [m.channel, m.mode])), 'channel modes');
}

/** Says which workflow modules the config named and what each added (docs/sdk.md). */
function announceWorkflowModules(app: App): void {
  for (const m of app.workflowModules) {
    const workflows = m.workflows.map((w) => `${w.name} v${w.version}`).join(', ');
    process.stdout.write(`Workflow module ${m.file}: ${workflows}\n`);
  }
}

/** Runs the worker (and, for `start`, the API and dashboard) until SIGINT/SIGTERM; the HTTP server closes first. */
async function serve(app: App, label: string, options: { http: boolean } = { http: false }): Promise<void> {
  const where = app.config.database.url ? 'PostgreSQL' : `SQLite ${app.config.database.sqlitePath}`;
  let stopHttp = async (): Promise<void> => undefined;
  if (options.http) {
    try {
      stopHttp = await startDashboard(app);
    } catch (err) {
      await app.close();
      throw err;
    }
  }
  app.engine.startWorker();
  app.approvals.startSweeper();
  announceChannels(app);
  announceWorkflowModules(app);
  // Listening for signals before saying how to stop, so a stop right after the message is heard.
  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      // Kept registered while stopping: with no listener left, a library's own signal handler may end the process.
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n${signal}: finishing in-flight runs…\n`);
      stopHttp()
        .then(() => app.close())
        .then(resolve, (err: unknown) => {
          process.stderr.write(`shutdown error: ${String(err)}\n`);
          resolve();
        });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  process.stdout.write(
    `${label} running on ${where} as ${app.engine.worker.owner}. Ctrl-C stops after in-flight work.\n`,
  );
  await stopped;
}
