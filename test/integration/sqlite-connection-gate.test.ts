/**
 * On SQLite the engine's store and the Kysely handle share one connection. A Kysely transaction
 * spans awaits, and the engine commits from its own turns of the event loop; without the connection
 * gate the engine's writes would land inside the open transaction (better-sqlite3 nests them as a
 * savepoint) and a rollback of the business write would undo the engine's commit with it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../src/db/index.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { ConflictError } from '../../src/lib/errors.ts';
import { sqliteFactory } from '../helpers/databases.ts';
import { historyTypes, testEngine, type TestEngine } from '../helpers/engine.ts';

const oneStep = defineWorkflow({
  name: 'test.one-step',
  input: z.object({}),
  run: (ctx) => ctx.step('one', () => 'done'),
});

const target = { metric: 'mrr', day: '2026-03-01', target: 1, version: 1, updated_at: 0 };

describe('the shared SQLite connection', () => {
  let database: Database;
  let t: TestEngine;
  beforeEach(async () => {
    database = await sqliteFactory.create();
    t = testEngine(database.store);
    t.engine.register(oneStep);
  });
  afterEach(async () => {
    await t.engine.stop(0);
    await database.close();
  });

  it('lets domain code roll back on purpose while the engine commits a step meanwhile', async () => {
    const { id } = await t.engine.start(oneStep, {});
    let drained: Promise<void> | undefined;
    const rolledBack = database.db.transaction(async (trx) => {
      await trx.insertInto('metric_targets').values(target).execute();
      // The engine claims, runs and commits the step from its own turns of the event loop...
      drained = t.engine.drain();
      await new Promise((resolve) => setTimeout(resolve, 50));
      // ...but not inside this transaction: it waits at the gate.
      expect((await t.engine.getRun(id)).status).toBe('pending');
      throw new ConflictError('changed my mind');
    });
    await expect(rolledBack).rejects.toThrow('changed my mind');
    await drained;

    const run = await t.engine.getRun(id);
    expect(run).toMatchObject({ status: 'completed', output: 'done' });
    expect(historyTypes(await t.store.getHistory(id))).toContain('step_completed');
    expect(await database.db.kysely.selectFrom('metric_targets').selectAll().execute()).toEqual([]);
  });

  it('keeps both when the domain transaction commits', async () => {
    const { id } = await t.engine.start(oneStep, {});
    let drained: Promise<void> | undefined;
    await database.db.transaction(async (trx) => {
      drained = t.engine.drain();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await trx.insertInto('metric_targets').values(target).execute();
    });
    await drained;
    expect((await t.engine.getRun(id)).status).toBe('completed');
    expect(await database.db.kysely.selectFrom('metric_targets').select('metric').execute()).toEqual([
      { metric: 'mrr' },
    ]);
  });

  it('refuses an engine write inside a transaction opened around the gate', async () => {
    if (database.dialect !== 'sqlite') throw new Error('SQLite only');
    database.store.db.exec('BEGIN');
    try {
      await expect(t.engine.start(oneStep, {})).rejects.toThrow(/outside the connection gate/);
    } finally {
      database.store.db.exec('ROLLBACK');
    }
  });
});
