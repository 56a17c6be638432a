import type { Command } from 'commander';
import { loadConfig } from '../app/config.ts';
import { createApp, type App } from '../app/create-app.ts';
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
