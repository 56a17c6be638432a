import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { NonRetryableError, ValidationError } from '../../src/lib/errors.ts';
import type { Store } from '../../src/store/types.ts';
import { historyTypes, testEngine, type TestEngine } from '../helpers/engine.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { waitFor } from '../helpers/wait-for.ts';

describe.each(databaseFactories())('engine steps on $name', (factory) => {
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

  it('runs steps in order, records each once and completes with the output', async () => {
    const calls: string[] = [];
    const wf = defineWorkflow({
      name: 'three-steps',
      input: z.object({ n: z.number() }),
      run: async (ctx, input) => {
        const a = await ctx.step('a', () => {
          calls.push('a');
          return input.n + 1;
        });
        const b = await ctx.step('b', () => {
          calls.push('b');
          return a * 2;
        });
        return ctx.step('c', () => {
          calls.push('c');
          return { total: b };
        });
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, { n: 1 });
    await t.engine.drain();
    const { run, history } = await t.engine.inspect(id);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ total: 4 });
    expect(calls).toEqual(['a', 'b', 'c']);
    expect(historyTypes(history)).toEqual([
      'run_started',
      'step_completed',
      'step_completed',
      'step_completed',
      'run_completed',
    ]);
  });

  it('rejects bad input with field paths and creates nothing', async () => {
    const wf = defineWorkflow({
      name: 'typed',
      input: z.object({ customer: z.object({ id: z.string(), seats: z.number().int().positive() }) }),
      run: async () => 'ok',
    });
    t.engine.register(wf);
    const err = await t.engine.start(wf, { customer: { id: 7, seats: -1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).issues.map((i) => i.path);
    expect(paths).toEqual(['customer.id', 'customer.seats']);
    expect(await store.countRuns({})).toBe(0);
  });

  it('returns the same run when started twice with one idempotency key', async () => {
    const wf = defineWorkflow({ name: 'once', input: z.object({}), run: async () => 1 });
    t.engine.register(wf);
    const first = await t.engine.start(wf, {}, { idempotencyKey: 'k1' });
    const second = await t.engine.start(wf, {}, { idempotencyKey: 'k1' });
    const other = await t.engine.start(wf, {}, { idempotencyKey: 'k2' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(other.id).not.toBe(first.id);
    expect(await store.countRuns({ workflow: 'once' })).toBe(2);
  });

  it('gives each step a stable idempotency key made of run and step', async () => {
    const keys: string[] = [];
    const wf = defineWorkflow({
      name: 'keys',
      input: z.object({}),
      run: async (ctx) => {
        for (let i = 0; i < 2; i++)
          await ctx.step('charge', (info) => {
            keys.push(info.idempotencyKey);
          });
        await ctx.step('email', (info) => {
          keys.push(info.idempotencyKey);
        });
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.drain();
    expect(keys).toEqual([`${id}:charge`, `${id}:charge#2`, `${id}:email`]);
  });

  it('retries with exponential backoff, records each failed attempt, then succeeds', async () => {
    let attempts = 0;
    const wf = defineWorkflow({
      name: 'flaky',
      input: z.object({}),
      run: async (ctx) =>
        ctx.step(
          'call',
          () => {
            attempts++;
            if (attempts < 3) throw new Error(`boom ${attempts}`);
            return 'done';
          },
          { retry: { maxAttempts: 5, initialDelayMs: 1_000, backoffFactor: 2, jitter: 0 } },
        ),
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.drain();
    expect((await t.engine.getRun(id)).status).toBe('waiting');
    expect(attempts).toBe(1);
    t.clock.advance(999);
    await t.engine.drain();
    expect(attempts).toBe(1);
    t.clock.advance(1);
    await t.engine.drain();
    expect(attempts).toBe(2);
    t.clock.advance(2_000);
    await t.engine.drain();
    const { run, history } = await t.engine.inspect(id);
    expect(run.status).toBe('completed');
    const failures = history.filter((h) => h.type === 'step_failed').map((h) => h.data);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({
      attempt: 1,
      error: { message: 'boom 1' },
      retryAt: expect.any(Number) as number,
    });
    // attempt 2 ran at its retry time and waited 2 s (initial 1 s × factor 2) before attempt 3
    expect((failures[1]!.retryAt as number) - (failures[0]!.retryAt as number)).toBe(2_000);
  });

  it('caps the delay at maxDelayMs and stops at maxAttempts', async () => {
    let attempts = 0;
    const wf = defineWorkflow({
      name: 'always-fails',
      input: z.object({}),
      run: async (ctx) =>
        ctx.step(
          'call',
          () => {
            attempts++;
            throw new Error('down');
          },
          {
            retry: { maxAttempts: 4, initialDelayMs: 1_000, backoffFactor: 10, maxDelayMs: 5_000, jitter: 0 },
          },
        ),
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.runUntil(t.clock.now() + 60_000);
    const { run, history } = await t.engine.inspect(id);
    expect(attempts).toBe(4);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'STEP_FAILED' });
    const delays = history
      .filter((h) => h.type === 'step_failed' && h.data.retryAt !== null)
      .map((h) => (h.data.retryAt as number) - h.at);
    expect(delays).toEqual([1_000, 5_000, 5_000]);
  });

  it('does not retry errors marked non-retryable', async () => {
    let attempts = 0;
    const wf = defineWorkflow({
      name: 'hard-decline',
      input: z.object({}),
      run: async (ctx) =>
        ctx.step('charge', () => {
          attempts++;
          throw new NonRetryableError('stolen_card', { code: 'CARD_DECLINED' });
        }),
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.runUntil(t.clock.now() + 3_600_000);
    expect(attempts).toBe(1);
    const { run, history } = await t.engine.inspect(id);
    expect(run.status).toBe('failed');
    expect(history.find((h) => h.type === 'step_failed')?.data).toMatchObject({
      error: { code: 'CARD_DECLINED', retryable: false },
      retryAt: null,
    });
  });

  it('times out a hanging attempt and retries it', async () => {
    let attempts = 0;
    const wf = defineWorkflow({
      name: 'hangs-once',
      input: z.object({}),
      run: async (ctx) =>
        ctx.step(
          'call',
          () => {
            attempts++;
            return attempts === 1 ? new Promise<string>(() => undefined) : 'second';
          },
          { retry: { timeoutMs: 5_000, initialDelayMs: 100, jitter: 0 } },
        ),
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    const drained = t.engine.drain();
    // The first attempt's timeout timer is armed when the attempt starts; advancing the clock
    // before that (a fixed 20 ms pause is not always enough with PostgreSQL) would never fire it.
    await waitFor(() => attempts === 1);
    t.clock.advance(5_000);
    await drained;
    t.clock.advance(100);
    await t.engine.drain();
    const { run, history } = await t.engine.inspect(id);
    expect(run.output).toBe('second');
    expect(history.find((h) => h.type === 'step_failed')?.data).toMatchObject({ error: { code: 'STEP_TIMEOUT' } });
  });

  it('lets workflow code catch a failed step', async () => {
    const wf = defineWorkflow({
      name: 'fallback',
      input: z.object({}),
      run: async (ctx) => {
        try {
          await ctx.step('primary', () => {
            throw new NonRetryableError('no');
          });
          return 'primary';
        } catch {
          return ctx.step('secondary', () => 'secondary');
        }
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.drain();
    expect((await t.engine.getRun(id)).output).toBe('secondary');
  });

  it('replays recorded values of now(), random() and uuid()', async () => {
    const seen: unknown[][] = [];
    const wf = defineWorkflow({
      name: 'values',
      input: z.object({}),
      run: async (ctx) => {
        const values = [ctx.now(), ctx.random(), ctx.uuid()];
        seen.push(values);
        await ctx.sleep(60_000);
        return values;
      },
    });
    t.engine.register(wf);
    const { id } = await t.engine.start(wf, {});
    await t.engine.drain();
    t.clock.advance(60_000);
    await t.engine.drain();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect((await t.engine.getRun(id)).output).toEqual(seen[0]);
  });
});
