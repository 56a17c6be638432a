import { ApprovalLinks, ApprovalService, RecordingNotifier, type GateDeps } from '../approvals/index.ts';
import { Engine } from '../engine/engine.ts';
import type { Clock } from '../engine/clock.ts';
import type { Logger } from '../engine/logger.ts';
import { SqliteStore } from '../store/sqlite/index.ts';
import type { Store } from '../store/types.ts';
import { loadPolicy, type Policy } from '../policy/index.ts';
import { demoWorkflows } from '../workflows/demo/demo-workflows.ts';
import type { Config } from './config.ts';
import { openRepositories, type Repositories } from './repositories.ts';

export interface App {
  config: Config;
  store: Store;
  engine: Engine;
  policy: Policy;
  repositories: Repositories;
  approvals: ApprovalService;
  /** What workflows hand to the gate (`act(ctx, app.gate, action)`). */
  gate: GateDeps;
  /** Null until `approvals.linkSecret` is configured. */
  approvalLinks: ApprovalLinks | null;
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
  const policy = await loadPolicy(config.policy.file);
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
  const repositories = await openRepositories(store);
  const approvals = new ApprovalService({
    repository: repositories.approvals, audit: repositories.audit, policy, clock: engine.clock, events: engine, logger: options.logger,
  });
  const gate: GateDeps = { policy, audit: repositories.audit, approvals, notifier: new RecordingNotifier(), clock: engine.clock };
  const approvalLinks = config.approvals.linkSecret === undefined ? null : new ApprovalLinks({
    secret: config.approvals.linkSecret, repository: repositories.approvals, approvals, clock: engine.clock,
    ttlMs: config.approvals.linkTtlHours * 3_600_000,
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
    policy,
    repositories,
    approvals,
    gate,
    approvalLinks,
    async close() {
      approvals.stopSweeper();
      await engine.stop();
      await store.close();
    },
  };
}
