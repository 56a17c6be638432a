import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordHistory, replayHistory } from '../../src/engine/index.ts';
import { defineWorkflow, type WorkflowContext } from '../../src/engine/workflow.ts';
import { NonDeterminismError, PsiZeroError } from '../../src/lib/errors.ts';
import type { Store } from '../../src/store/types.ts';
import { testEngine, type TestEngine } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';

const HOUR = 3_600_000;

/** A workflow with every kind of command: value, steps (one failing once), timer, event wait, emit. */
function orderWorkflow(options: { secondStep?: string; version?: number; calls?: string[] } = {}) {
  const calls = options.calls ?? [];
  let failedOnce = false;
  return defineWorkflow({
    name: 'replay-order',
    version: options.version ?? 1,
    input: z.object({ orderId: z.string() }),
    retry: { initialDelayMs: 1_000, jitter: 0.5 },
    run: async (ctx: WorkflowContext, input) => {
      const startedAt = ctx.now();
      await ctx.step('reserve', () => {
        calls.push('reserve');
        if (!failedOnce) {
          failedOnce = true;
          throw new PsiZeroError('WAREHOUSE_BUSY', 'busy', { kind: 'unavailable', retryable: true });
        }
        return { reserved: input.orderId };
      });
      await ctx.sleep(HOUR, 'cool-off');
      const paid = await ctx.waitForEvent<{ orderId: string }>('order.paid', {
        match: { orderId: input.orderId },
        timeout: 24 * HOUR,
      });
      await ctx.step(options.secondStep ?? 'ship', () => {
        calls.push('ship');
        return 'shipped';
      });
      await ctx.emit('order.shipped', { orderId: input.orderId });
      return { paid: paid.ok, startedAt };
    },
  });
}

describe.each(databaseFactories())('recorded-history replay on $name', (factory) => {
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

  async function recordCompletedRun(): Promise<Awaited<ReturnType<typeof recordHistory>>> {
    t.engine.register(orderWorkflow());
    const { id } = await t.engine.start('replay-order', { orderId: 'o1' });
    await t.engine.runUntil(t.clock.now() + 2 * HOUR);
    await t.engine.publish('order.paid', { orderId: 'o1' });
    await t.engine.runUntil(t.clock.now() + HOUR);
    expect((await t.engine.getRun(id)).status).toBe('completed');
    // Through JSON, as a checked-in fixture would be.
    return JSON.parse(JSON.stringify(await recordHistory(store, id))) as Awaited<ReturnType<typeof recordHistory>>;
  }

  it('replays a completed history against unchanged code without running any step', async () => {
    const recorded = await recordCompletedRun();
    const calls: string[] = [];
    const report = await replayHistory(orderWorkflow({ calls }), recorded);
    expect(report.commands).toBe(6);
    expect(calls).toEqual([]);
  });

  it('names the position where changed code diverges from the history', async () => {
    const recorded = await recordCompletedRun();
    await expect(replayHistory(orderWorkflow({ secondStep: 'dispatch' }), recorded)).rejects.toThrow(
      NonDeterminismError,
    );
    await expect(replayHistory(orderWorkflow({ secondStep: 'dispatch' }), recorded)).rejects.toThrow(
      "replay diverged at command #4: history has step 'ship' but the workflow now calls step 'dispatch'",
    );
  });

  it('refuses a history recorded with another version of the workflow', async () => {
    const recorded = await recordCompletedRun();
    await expect(replayHistory(orderWorkflow({ version: 2 }), recorded)).rejects.toThrow(
      /version 1 but the code is version 2/,
    );
  });

  it('replays a run still waiting up to where its history ends, without executing what comes next', async () => {
    t.engine.register(orderWorkflow());
    const { id } = await t.engine.start('replay-order', { orderId: 'o2' });
    await t.engine.runUntil(t.clock.now() + 2 * HOUR);
    const recorded = await recordHistory(store, id);
    expect(recorded.status).toBe('waiting');
    const calls: string[] = [];
    const report = await replayHistory(orderWorkflow({ calls }), recorded);
    expect(report.commands).toBe(4);
    expect(calls).toEqual([]);
  });
});
