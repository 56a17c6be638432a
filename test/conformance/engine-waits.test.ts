import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import type { Store } from '../../src/store/types.ts';
import { historyTypes, testEngine, type TestEngine } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';

const DAY = 86_400_000;

describe.each(databaseFactories())('engine timers, events and children on $name', (factory) => {
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

  it('sleeps durably for days as a row with a due time', async () => {
    const wf = defineWorkflow({
      name: 'retry-days',
      input: z.object({}),
      run: async (ctx) => {
        const days: number[] = [];
        const failedAt = ctx.now();
        for (const d of [1, 3, 7]) {
          await ctx.sleepUntil(failedAt + d * DAY, `day-${d}`);
          days.push(await ctx.step(`attempt-${d}`, () => d));
        }
        return days;
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.drain();
    const sleeping = await t.engine.getRun(id);
    expect(sleeping.status).toBe('waiting');
    expect(sleeping.leaseOwner).toBeNull();
    expect(t.engine.worker.running).toBe(0);
    await t.engine.runUntil(t.clock.now() + 6 * DAY);
    expect((await t.engine.getRun(id)).status).toBe('waiting');
    await t.engine.runUntil(t.clock.now() + DAY);
    const { run, history } = await t.engine.inspect(id);
    expect(run.output).toEqual([1, 3, 7]);
    expect(historyTypes(history).filter((x) => x.startsWith('timer'))).toEqual([
      'timer_set',
      'timer_fired',
      'timer_set',
      'timer_fired',
      'timer_set',
      'timer_fired',
    ]);
  });

  it('resumes a waiting run on a matching event and ignores others', async () => {
    const wf = defineWorkflow({
      name: 'await-payment',
      input: z.object({ invoiceId: z.string() }),
      run: async (ctx, input) => {
        const res = await ctx.waitForEvent<{ invoiceId: string; amount: number }>('invoice.paid', {
          match: { invoiceId: input.invoiceId },
          timeout: DAY,
        });
        return res.ok ? res.event.payload.amount : 'timeout';
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, { invoiceId: 'inv_1' });
    await t.engine.drain();
    await t.engine.publish('invoice.paid', { invoiceId: 'inv_2', amount: 5 });
    await t.engine.drain();
    expect((await t.engine.getRun(id)).status).toBe('waiting');
    await t.engine.publish('invoice.paid', { invoiceId: 'inv_1', amount: 42 });
    await t.engine.drain();
    const { run, history } = await t.engine.inspect(id);
    expect(run.output).toBe(42);
    expect(historyTypes(history)).toContain('event_received');
  });

  it('returns a timeout result when no event arrives in time', async () => {
    const wf = defineWorkflow({
      name: 'await-timeout',
      input: z.object({}),
      run: async (ctx) => {
        const res = await ctx.waitForEvent('approval.decided', { timeout: 4 * 3_600_000 });
        return res.ok ? 'decided' : 'timed out';
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.runUntil(t.clock.now() + 4 * 3_600_000 - 1);
    expect((await t.engine.getRun(id)).status).toBe('waiting');
    await t.engine.runUntil(t.clock.now() + 1);
    const { run, history } = await t.engine.inspect(id);
    expect(run.output).toBe('timed out');
    expect(historyTypes(history)).toContain('wait_timed_out');
    await t.engine.publish('approval.decided', {});
    await t.engine.drain();
    expect((await t.engine.getRun(id)).output).toBe('timed out');
  });

  it('does not lose an event published after the run reached the wait but before it registered', async () => {
    let published = false;
    const wf = defineWorkflow({
      name: 'racy-wait',
      input: z.object({}),
      run: async (ctx) => {
        const res = await ctx.waitForEvent<{ n: number }>('signal');
        return res.ok ? res.event.payload.n : -1;
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    // Publish from inside the window between wait_started and the suspension commit.
    const originalApply = store.apply.bind(store);
    store.apply = async (ops, now) => {
      const results = await originalApply(ops, now);
      const startedWait = ops.some((o) => o.kind === 'commit' && o.events.some((e) => e.type === 'wait_started'));
      if (startedWait && !published) {
        published = true;
        await originalApply(
          [
            {
              kind: 'publish',
              events: [
                {
                  id: 'evt-race',
                  topic: 'signal',
                  payload: { n: 7 },
                  publishedAt: now,
                  sourceRunId: null,
                  subscriberRuns: [],
                },
              ],
            },
          ],
          now,
        );
      }
      return results;
    };
    await t.engine.drain();
    await t.engine.drain();
    expect(published).toBe(true);
    expect((await t.engine.getRun(id)).output).toBe(7);
  });

  it('starts a workflow per event through a subscription, once per event id', async () => {
    const onboarding = defineWorkflow({
      name: 'onboarding',
      input: z.object({ customerId: z.string() }),
      run: async (ctx, input) => ctx.step('welcome', () => `welcome ${input.customerId}`),
    });
    t.engine
      .register(onboarding)
      .subscribe({ name: 'onboard-new-customers', topic: 'customer.created', workflow: 'onboarding' });
    const first = await t.engine.publish('customer.created', { customerId: 'c1' }, { id: 'evt-1' });
    const again = await t.engine.publish('customer.created', { customerId: 'c1' }, { id: 'evt-1' });
    await t.engine.publish('customer.created', { customerId: 'c2' }, { id: 'evt-2' });
    await t.engine.publish('customer.created', { wrong: true }, { id: 'evt-3' });
    await t.engine.drain();
    expect(first.runsStarted).toHaveLength(1);
    expect(again.runsStarted).toHaveLength(0);
    const runs = await t.engine.listRuns({ workflow: 'onboarding' });
    expect(runs.map((r) => r.output).sort()).toEqual(['welcome c1', 'welcome c2']);
  });

  it('delivers events emitted by one workflow to another', async () => {
    const producer = defineWorkflow({
      name: 'producer',
      input: z.object({}),
      run: async (ctx) => {
        await ctx.emit('invoice.paid', { invoiceId: 'inv_9' });
      },
    });
    const consumer = defineWorkflow({
      name: 'consumer',
      input: z.object({}),
      run: async (ctx) => {
        const res = await ctx.waitForEvent<{ invoiceId: string }>('invoice.paid');
        return res.ok ? res.event.payload.invoiceId : null;
      },
    });
    t.engine.register(producer, consumer);
    const c = await t.engine.start(consumer, {});
    await t.engine.drain();
    await t.engine.start(producer, {});
    await t.engine.drain();
    expect((await t.engine.getRun(c.id)).output).toBe('inv_9');
  });

  it('runs child workflows and awaits their results', async () => {
    const child = defineWorkflow({
      name: 'child',
      input: z.object({ n: z.number() }),
      run: async (ctx, input) => {
        await ctx.sleep(1_000);
        return ctx.step('square', () => input.n * input.n);
      },
    });
    const parent = defineWorkflow({
      name: 'parent',
      input: z.object({}),
      run: async (ctx) => {
        const handles = [await ctx.startChild(child, { n: 2 }), await ctx.startChild(child, { n: 3 })];
        const results = await Promise.all(handles.map((h) => h.result()));
        return results.reduce((a, b) => a + b, 0);
      },
    });
    t.engine.register(child, parent);
    const { id } = await t.engine.start(parent, {});
    await t.engine.runUntil(t.clock.now() + 10_000);
    const { run, history } = await t.engine.inspect(id);
    expect(run.output).toBe(13);
    expect(historyTypes(history).filter((x) => x.startsWith('child'))).toEqual([
      'child_started',
      'child_started',
      'child_finished',
      'child_finished',
    ]);
    const children = await t.engine.listRuns({ parentId: id });
    expect(children.map((c) => c.status)).toEqual(['completed', 'completed']);
  });

  it('surfaces a failed child to the parent', async () => {
    const child = defineWorkflow({
      name: 'bad-child',
      input: z.object({}),
      run: async () => {
        throw new Error('child broke');
      },
    });
    const parent = defineWorkflow({
      name: 'parent-of-bad',
      input: z.object({}),
      run: async (ctx) => {
        const h = await ctx.startChild(child, {});
        try {
          await h.result();
          return 'ok';
        } catch (err) {
          return (err as Error).message;
        }
      },
    });
    t.engine.register(child, parent);
    const { id } = await t.engine.start(parent, {});
    await t.engine.drain();
    expect((await t.engine.getRun(id)).output).toMatch(/ended failed: child broke/);
  });

  it('cancels a waiting run and its children', async () => {
    const child = defineWorkflow({ name: 'slow-child', input: z.object({}), run: async (ctx) => ctx.sleep(DAY) });
    const parent = defineWorkflow({
      name: 'slow-parent',
      input: z.object({}),
      run: async (ctx) => (await ctx.startChild(child, {})).result(),
    });
    t.engine.register(child, parent);
    const { id } = await t.engine.start(parent, {});
    await t.engine.drain();
    await t.engine.cancel(id, 'customer churned');
    const [c] = await t.engine.listRuns({ parentId: id });
    expect((await t.engine.getRun(id)).status).toBe('cancelled');
    expect(c?.status).toBe('cancelled');
    await t.engine.runUntil(t.clock.now() + 2 * DAY);
    expect(historyTypes((await t.engine.inspect(id)).history).at(-1)).toBe('run_cancelled');
  });
});
