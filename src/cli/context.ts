import type { Command } from 'commander';
import { loadConfig } from '../app/config.ts';
import { createApp, type App } from '../app/create-app.ts';
import { openDatabase } from '../db/index.ts';
import { createLogger } from '../lib/logger.ts';

/** Opens the app from the global --config option; the caller closes it. */
export async function openApp(cmd: Command): Promise<App> {
  const opts = cmd.optsWithGlobals<{ config?: string }>();
  const config = loadConfig({ file: opts.config });
  return createApp(config, { logger: createLogger() });
}

export async function withApp<T>(cmd: Command, fn: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp(cmd);
  try {
    return await fn(app);
  } finally {
    await app.store.close();
  }
}

/**
 * The app assembled over a throwaway in-memory database, for commands that need what the app
 * registers and how the policy reads it (`psizero workflows`, `psizero policy show`) but no data:
 * the configured database is never opened, nor created.
 */
export async function withCatalogApp<T>(cmd: Command, fn: (app: App) => Promise<T> | T): Promise<T> {
  const opts = cmd.optsWithGlobals<{ config?: string }>();
  const config = loadConfig({ file: opts.config });
  const database = await openDatabase({ sqlitePath: ':memory:' });
  const app = await createApp(config, { logger: createLogger(), database });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
