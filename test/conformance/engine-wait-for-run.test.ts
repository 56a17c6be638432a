import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import type { Store } from '../../src/store/types.ts';
import { testEngine, type TestEngine } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';

/** Moves the manual clock a second at a time until `promise` settles (bounded: a hang fails the test). */
async function advanceUntilSettled<T>(t: TestEngine, promise: Promise<T>): Promise<T> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let turns = 0; !settled && turns < 100_000; turns++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (turns % 50 === 49) t.clock.advance(1_000);
  }
  return promise;
}

describe.each(databaseFactories())('waitForRun on $name', (factory) => {
  let store: Store;
  let t: TestEngine;
  beforeEach(async () => {
    ({ store } = await factory.create());
    t = testEngine(store);
  });
  afterEach(async () => {
    await t.engine.stop(0);
    await store.close();
  });

  it('polls on the engine clock and gives up after its timeout of that clock', async () => {
    t.engine.register(
      defineWorkflow({
        name: 'nap',
        input: z.object({}),
        run: async (ctx) => {
          await ctx.sleep(60_000, 'nap');
          return 'rested';
        },
      }),
    );
    const { id } = await t.engine.start('nap', {});
    await t.engine.drain();
    const waiting = t.engine.waitForRun(id, 1_000, 5_000);
    const outcome = waiting.then(
      (run) => run.status,
      (err: Error) => err.message,
    );
    expect(await advanceUntilSettled(t, outcome)).toBe(`run ${id} still waiting after 5000 ms`);

    const finished = t.engine.waitForRun(id, 1_000, 120_000);
    await t.engine.runUntil(t.clock.now() + 60_000);
    expect((await advanceUntilSettled(t, finished)).output).toBe('rested');
  });
});
