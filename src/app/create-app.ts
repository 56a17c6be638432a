import { Engine } from '../engine/engine.ts';
import type { Clock } from '../engine/clock.ts';
import type { Logger } from '../engine/logger.ts';
import { SqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { demoWorkflows } from '../workflows/demo/demo-workflows.ts';
import type { Config } from './config.ts';

export interface App {
  config: Config;
  store: Store;
  engine: Engine;
  close(): Promise<void>;
}

export async function openStore(config: Config): Promise<Store> {
  if (config.database.url) {
    const { createPostgresStore } = await import('../store/postgres/index.ts');
    return createPostgresStore({ connectionString: config.database.url });
  }
  return new SqliteStore({ path: config.database.sqlitePath, durability: config.database.durability });
}

/** Wiring: config → store → engine → workflows and schedules. No side effects until called. */
export async function createApp(config: Config, options: { clock?: Clock; logger?: Logger; workerId?: string } = {}): Promise<App> {
  const store = await openStore(config);
  await store.migrate();
  const engine = new Engine({
    store,
    clock: options.clock,
    logger: options.logger,
    workerId: options.workerId,
    snapshotEvery: config.worker.snapshotEvery,
    worker: { concurrency: config.worker.concurrency, leaseMs: config.worker.leaseMs, pollMs: config.worker.pollMs },
  });
  engine.register(...demoWorkflows);
  engine.schedule({
    name: 'demo.heartbeat',
    cron: '*/5 * * * *',
    timezone: 'America/Los_Angeles',
    workflow: 'demo.heartbeat',
    input: (slot) => ({ slot: slot.toISOString() }),
  });
  return {
    config,
    store,
    engine,
    async close() {
      await engine.stop();
      await store.close();
    },
  };
}
