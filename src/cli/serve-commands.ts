import type { Command } from 'commander';
import type { App } from '../app/create-app.ts';
import { openApp, withApp } from './context.ts';

export function registerServeCommands(program: Command): void {
  program
    .command('start')
    .description('run PsiZero in one process on its configured store (SQLite file by default)')
    .action(async (_opts: unknown, cmd: Command) => {
      const app = await openApp(cmd);
      await serve(app, 'PsiZero');
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

async function serve(app: App, label: string): Promise<void> {
  const where = app.config.database.url ? 'PostgreSQL' : `SQLite ${app.config.database.sqlitePath}`;
  app.engine.startWorker();
  app.approvals.startSweeper();
  process.stdout.write(`${label} running on ${where} as ${app.engine.worker.owner}. Ctrl-C stops after in-flight work.\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      process.stdout.write(`\n${signal}: finishing in-flight runs…\n`);
      app.close().then(resolve, (err: unknown) => {
        process.stderr.write(`shutdown error: ${String(err)}\n`);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
