import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Engine } from '../../src/engine/engine.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import type { Store } from '../../src/store/types.ts';
import { historyTypes, testEngine, type TestEngine } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { waitFor } from '../helpers/wait-for.ts';

describe.each(databaseFactories())('engine sagas, determinism and recovery on $name', (factory) => {
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

  it('runs compensations in reverse order when the run fails, and records them', async () => {
    const log: string[] = [];
    const wf = defineWorkflow({
      name: 'saga',
      input: z.object({}),
      run: async (ctx) => {
        await ctx.step(
          'reserve',
          () => {
            log.push('reserve');
            return 'r1';
          },
          {
            compensate: async (r) => {
              log.push(`release ${String(r)}`);
            },
          },
        );
        await ctx.step(
          'charge',
          () => {
            log.push('charge');
            return 'ch1';
          },
          {
            compensate: async (r) => {
              log.push(`refund ${String(r)}`);
            },
          },
        );
        await ctx.step(
          'ship',
          () => {
            throw new Error('warehouse closed');
          },
          { retry: { maxAttempts: 1 } },
        );
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.drain();
    const { run, history } = await t.engine.inspect(id);
    expect(log).toEqual(['reserve', 'charge', 'refund ch1', 'release r1']);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/warehouse closed/);
    expect(historyTypes(history).slice(-3)).toEqual(['compensation_completed', 'compensation_completed', 'run_failed']);
  });

  it('retries a compensation and puts the run in needs_attention when it keeps failing', async () => {
    const wf = defineWorkflow({
      name: 'stuck-saga',
      input: z.object({}),
      run: async (ctx) => {
        await ctx.step('charge', () => 'ch', {
          compensate: async () => {
            throw new Error('refund api down');
          },
          retry: { maxAttempts: 2, initialDelayMs: 10, jitter: 0 },
        });
        throw new Error('later failure');
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.runUntil(t.clock.now() + 1_000);
    const { run, history } = await t.engine.inspect(id);
    expect(run.status).toBe('needs_attention');
    expect(run.error?.message).toMatch(/compensation for step 'charge' failed after 2 attempt/);
    expect(historyTypes(history).filter((x) => x === 'compensation_failed')).toHaveLength(2);
  });

  it('stops a run whose code diverges from its history, naming the step', async () => {
    const v1 = defineWorkflow({
      name: 'evolving',
      input: z.object({}),
      run: async (ctx) => {
        await ctx.step('validate', () => true);
        await ctx.sleep(1_000);
        await ctx.step('charge', () => true);
      },
    });
    t.engine.register(v1);
    const { id } = await t.engine.start(v1, {});
    await t.engine.drain();
    // A deploy changes the step name in place under the same version.
    const changed = new Engine({ store, clock: t.clock, workerId: 'w2' }).register(
      defineWorkflow({
        name: 'evolving',
        input: z.object({}),
        run: async (ctx) => {
          await ctx.step('check', () => true);
          await ctx.sleep(1_000);
        },
      }),
    );
    t.clock.advance(1_000);
    await changed.drain();
    const run = await changed.getRun(id);
    expect(run.status).toBe('needs_attention');
    expect(run.error?.message).toMatch(/#0: history has step 'validate' but the workflow now calls step 'check'/);
  });

  it('keeps the version a run started with', async () => {
    const make = (version: number) =>
      defineWorkflow({
        name: 'versioned',
        version,
        input: z.object({}),
        run: async (ctx) => {
          await ctx.sleep(1_000);
          return `v${version}`;
        },
      });
    t.engine.register(make(1));
    const old = await t.engine.start('versioned', {});
    await t.engine.drain();
    t.engine.register(make(2));
    const fresh = await t.engine.start('versioned', {});
    await t.engine.runUntil(t.clock.now() + 1_000);
    expect((await t.engine.getRun(old.id)).output).toBe('v1');
    expect((await t.engine.getRun(fresh.id)).output).toBe('v2');
  });

  it('marks runs of an unregistered version as needs_attention', async () => {
    t.engine.register(
      defineWorkflow({ name: 'gone', version: 1, input: z.object({}), run: async (ctx) => ctx.sleep(10) }),
    );
    const { id } = await t.engine.start('gone', {});
    await t.engine.drain();
    const other = new Engine({ store, clock: t.clock, workerId: 'w3' }).register(
      defineWorkflow({ name: 'gone', version: 2, input: z.object({}), run: async () => undefined }),
    );
    t.clock.advance(10);
    await other.drain();
    const run = await other.getRun(id);
    expect(run.status).toBe('needs_attention');
    expect(run.error?.message).toBe("workflow 'gone' version 1 is not registered in this worker");
  });

  it('leaves runs of a workflow it does not have for a worker that has it', async () => {
    const shipping = defineWorkflow({
      name: 'only-there',
      version: 1,
      input: z.object({}),
      run: async (ctx) => {
        await ctx.sleep(50);
        return 'shipped';
      },
    });
    const common = defineWorkflow({ name: 'everywhere', input: z.object({}), run: async () => 'done' });
    const lacking = t.engine.register(common);
    const having = new Engine({ store, clock: t.clock, workerId: 'w-having' }).register(common, shipping);
    const { id } = await having.start('only-there', {});
    const other = await lacking.start('everywhere', {});

    // drain() returns although a run is due: the lacking worker does not count it as its work.
    await lacking.drain();
    expect(lacking.worker.stats.claimed).toBe(1);
    expect((await lacking.getRun(other.id)).status).toBe('completed');
    expect((await lacking.getRun(id)).status).toBe('pending');

    await having.drain();
    t.clock.advance(50);
    await lacking.drain();
    expect((await lacking.getRun(id)).status).toBe('waiting');
    await having.drain();
    const run = await having.getRun(id);
    expect(run.status).toBe('completed');
    expect(run.output).toBe('shipped');
    expect(lacking.worker.stats.claimed).toBe(1);
  });

  it('retries a failed run from the failed step, keeping completed steps', async () => {
    let fail = true;
    const calls: string[] = [];
    const wf = defineWorkflow({
      name: 'retryable-run',
      input: z.object({}),
      run: async (ctx) => {
        await ctx.step('a', () => {
          calls.push('a');
        });
        await ctx.step(
          'b',
          () => {
            calls.push('b');
            if (fail) throw new Error('b down');
          },
          { retry: { maxAttempts: 1 } },
        );
        return 'done';
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.drain();
    expect((await t.engine.getRun(id)).status).toBe('failed');
    fail = false;
    await t.engine.retry(id);
    await t.engine.drain();
    const { run, history } = await t.engine.inspect(id);
    expect(run.status).toBe('completed');
    expect(calls).toEqual(['a', 'b', 'b']);
    expect(historyTypes(history)).toContain('run_retried');
  });

  it('takes over the runs of a worker whose lease expired', async () => {
    let hang = true;
    let hanging = false;
    const effects: string[] = [];
    const wf = defineWorkflow({
      name: 'takeover',
      input: z.object({}),
      run: async (ctx) => {
        await ctx.step('first', () => {
          effects.push('first');
        });
        await ctx.step('second', (info) => {
          if (hang) {
            hanging = true;
            return new Promise(() => undefined);
          }
          effects.push(info.idempotencyKey);
          return undefined;
        });
      },
    });
    const dead = testEngine(store, { workerId: 'dead', worker: { leaseMs: 30_000 } });
    dead.engine.register(wf);
    const { id } = await dead.engine.start(wf, {});
    void dead.engine.drain();
    // Wait for the dead worker to be inside 'second' rather than pausing a fixed 30 ms, which a
    // networked store (PostgreSQL: claim, then commit of 'first') does not always make in time.
    await waitFor(() => hanging);
    expect((await store.getRun(id))?.leaseOwner).toBe('dead');
    hang = false;
    const rescuer = new Engine({ store, clock: dead.clock, workerId: 'rescuer' }).register(wf);
    await rescuer.drain();
    expect((await store.getRun(id))?.status).toBe('running');
    dead.clock.advance(30_000);
    await rescuer.drain();
    expect((await store.getRun(id))?.status).toBe('completed');
    expect(effects).toEqual(['first', `${id}:second`]);
  });

  it('loads long histories from the latest snapshot', async () => {
    const snap = testEngine(store, { snapshotEvery: 10 });
    const wf = defineWorkflow({
      name: 'long',
      input: z.object({}),
      run: async (ctx) => {
        let sum = 0;
        for (let i = 0; i < 45; i++) sum += await ctx.step(`s${i}`, () => i);
        await ctx.sleep(1_000);
        return sum;
      },
    });
    snap.engine.register(wf);
    const { id } = await snap.engine.start(wf, {});
    await snap.engine.drain();
    const claimed = await store.claim('inspector', 1, snap.clock.now() + 1_000, 1);
    expect(claimed[0]?.snapshot?.seq).toBe(40);
    expect(claimed[0]?.history.map((h) => h.seq)).toEqual([41, 42, 43, 44, 45, 46, 47]);
    await store.releaseLeases('inspector', [id]);
    snap.clock.advance(1_000);
    await snap.engine.drain();
    const { run, history } = await snap.engine.inspect(id);
    expect(run.output).toBe(990);
    expect(history).toHaveLength(49);
  });
});
