import type pg from 'pg';
import { z } from 'zod';
import { defineWorkflow } from '../../src/engine/workflow.ts';

/**
 * The multi-worker scenario: parents mixing steps with outside effects, a timer, a child run and an
 * event wait; children with one effect; a per-second cron tick. Effects go to a ledger table that,
 * like a payment provider, deduplicates by idempotency key and counts repeated requests.
 */
export const LEDGER_DDL =
  'CREATE TABLE IF NOT EXISTS ledger (key TEXT PRIMARY KEY, requests INTEGER NOT NULL DEFAULT 1)';

export function mixWorkflows(pool: pg.Pool) {
  const effect = async (key: string): Promise<void> => {
    await pool.query(
      'INSERT INTO ledger (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET requests = ledger.requests + 1',
      [key],
    );
  };
  const child = defineWorkflow({
    name: 'mix.child',
    input: z.object({ n: z.number().int() }),
    run: async (ctx, input) => {
      await ctx.step('c', (s) => effect(s.idempotencyKey));
      return input.n * 2;
    },
  });
  const parent = defineWorkflow({
    name: 'mix.parent',
    input: z.object({ n: z.number().int() }),
    run: async (ctx, input) => {
      await ctx.step('a', (s) => effect(s.idempotencyKey));
      await ctx.sleep(50 + (input.n % 10) * 50);
      const doubled = await (await ctx.startChild(child, { n: input.n })).result();
      const go = await ctx.waitForEvent<{ n: number }>('mix.go', { match: { n: input.n }, timeout: 120_000 });
      if (!go.ok) throw new Error(`no mix.go event for ${input.n}`);
      await ctx.step('b', (s) => effect(s.idempotencyKey));
      return doubled;
    },
  });
  const tick = defineWorkflow({
    name: 'mix.tick',
    input: z.object({ slot: z.string() }),
    run: async (ctx) => {
      await ctx.step('tick', (s) => effect(s.idempotencyKey));
    },
  });
  return { child, parent, tick };
}
