/**
 * A workflow module loaded from a file outside src/ through the config's `workflows` runs like a
 * built-in workflow, on SQLite and PostgreSQL: its Level 2 action, when urgent, asks for a
 * synchronous approval (`approvalKind` on the proposal) and escalates to the approver's backup after 5 minutes of the
 * injected clock; its subscription and schedule start runs; and a worker without the module leaves
 * its runs to the worker that has it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.ts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { openDatabase, type Database } from '../../../src/db/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { databaseFactories } from '../../helpers/databases.ts';
import { T0 } from '../../helpers/engine.ts';
import { pgTestUrl } from '../../helpers/pg-cluster.ts';
import { PostgresStore } from '../../../src/store/postgres/index.ts';
import type { SqliteStore } from '../../../src/store/sqlite/index.ts';
import type { Store } from '../../../src/store/types.ts';

const MINUTE = 60_000;
const refundModule = resolve(import.meta.dirname, '../../fixtures/workflow-modules/refund-workflow.ts');

/** A config file naming the refund module (or not); the policy is the default one. */
function configFile(withModule: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'psizero-modules-'));
  const config = { workflows: withModule ? [refundModule] : [] };
  writeFileSync(join(dir, 'psizero.config.json'), JSON.stringify(config));
  return join(dir, 'psizero.config.json');
}

/** Another connection to the app's database, as a second worker process has. */
function sameDatabase(store: Store): Promise<Database> {
  if (store instanceof PostgresStore) return openDatabase({ url: pgTestUrl()!, schema: store.schema!, poolSize: 2 });
  return openDatabase({ sqlitePath: (store as SqliteStore).db.name });
}

describe.each(databaseFactories())('workflow modules on $name', (factory) => {
  const apps: App[] = [];
  afterEach(async () => {
    // The app that owns the test database closes (and on PostgreSQL drops) it last.
    for (const app of apps.splice(0).reverse()) await app.close();
  });

  async function open(options: { withModule: boolean; database?: Database; clock: ManualClock }): Promise<App> {
    const app = await createApp(loadConfig({ file: configFile(options.withModule), env: {} }), {
      database: options.database ?? (await factory.create()),
      clock: options.clock,
      workerId: options.withModule ? 'with-module' : 'without-module',
    });
    apps.push(app);
    return app;
  }

  async function approvalOf(app: App, runId: string) {
    const [approval] = await app.approvals.list({ runId });
    return approval!;
  }

  it('asks for a synchronous approval and escalates to the backup after 5 minutes', async () => {
    const clock = new ManualClock(T0);
    const app = await open({ withModule: true, clock });
    const { id: runId } = await app.engine.start('ops.refund', { customerId: 'cus_1', amountUsd: 4200, urgent: true });
    await app.engine.drain();

    const asked = await approvalOf(app, runId);
    expect(asked).toMatchObject({ status: 'pending', kind: 'synchronous', level: 2, deadline: T0 + 5 * MINUTE });
    expect(asked.rounds[0]!.eligible).toMatchObject([{ people: ['fiona'] }]);

    await app.engine.runUntil(T0 + 5 * MINUTE);
    const escalated = await approvalOf(app, runId);
    expect(escalated).toMatchObject({ status: 'escalated', round: 2, deadline: T0 + 10 * MINUTE });
    // Fiona may still answer; her backup Carlos is asked too.
    expect(escalated.rounds[1]!.eligible).toMatchObject([{ people: ['fiona', 'carlos'] }]);

    await app.approvals.decide({ approvalId: asked.id, by: 'carlos', verdict: 'approve', channel: 'dashboard' });
    await app.engine.drain();
    const run = await app.engine.getRun(runId);
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ outcome: 'executed', refundId: expect.stringMatching(/^re_/) as string });
    const kinds = (await app.repositories.audit.list({ runId, limit: 100 })).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'decision_record',
        'approval_requested',
        'approval_timed_out',
        'approval_escalated',
        'approval_decision',
        'action_executed',
      ]),
    );
  });

  it('starts its workflows from its subscription and its schedule', async () => {
    const clock = new ManualClock(T0);
    const app = await open({ withModule: true, clock });
    const { runsStarted } = await app.engine.publish('ops.refund.requested', { customerId: 'cus_2', amountUsd: 20 });
    expect(runsStarted).toHaveLength(1);
    await app.engine.drain();
    expect(await app.engine.getRun(runsStarted[0]!.id)).toMatchObject({ workflow: 'ops.refund', status: 'waiting' });
    // Not urgent: the policy's default kind.
    expect(await approvalOf(app, runsStarted[0]!.id)).toMatchObject({
      status: 'pending',
      kind: 'asynchronous',
      title: 'Refund $20 to cus_2',
    });

    const nextNight = Date.UTC(2026, 2, 2, 2, 0, 0);
    await app.engine.runUntil(nextNight);
    const reports = await app.engine.listRuns({ workflow: 'ops.nightly-report' });
    expect(reports.map((r) => [r.status, r.output])).toEqual([['completed', 'report for 2026-03-02']]);
  });

  it('a worker without the module leaves its runs to the worker that has it', async () => {
    const clock = new ManualClock(T0);
    const having = await open({ withModule: true, clock });
    const lacking = await open({ withModule: false, clock, database: await sameDatabase(having.store) });
    expect(lacking.engine.registry.names()).not.toContain('ops.refund');

    const { id: runId } = await having.engine.start('ops.refund', { customerId: 'cus_3', amountUsd: 4200 });
    await lacking.engine.drain();
    expect((await lacking.engine.getRun(runId)).status).toBe('pending');

    await having.engine.drain();
    const approval = await approvalOf(lacking, runId);
    expect(approval.status).toBe('pending');
    // Decided through the other worker (its dashboard, say): the run wakes, and only its worker runs it.
    await lacking.approvals.decide({ approvalId: approval.id, by: 'fiona', verdict: 'approve', channel: 'dashboard' });
    await lacking.engine.drain();
    expect((await lacking.engine.getRun(runId)).status).not.toBe('completed');
    await having.engine.drain();
    expect(await having.engine.getRun(runId)).toMatchObject({ status: 'completed', output: { outcome: 'executed' } });
    expect(lacking.engine.worker.stats.claimed).toBe(0);
  });
});
