import { z } from 'zod';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import type { EffectsLedger } from './effects-ledger.ts';

export const CRASH_STEPS = ['reserve', 'charge', 'notify', 'settle'] as const;

/** Steps with outside effects, a timer and a flaky step, so kills land in every phase. */
export function crashWorkflow(ledger: EffectsLedger) {
  return defineWorkflow({
    name: 'crash.effects',
    input: z.object({ n: z.number().int(), startAt: z.number().int() }),
    retry: { maxAttempts: 10, initialDelayMs: 20, maxDelayMs: 100 },
    run: async (ctx, input) => {
      // Staggered starts spread the work over the whole kill loop, so kills land mid-run.
      await ctx.sleepUntil(input.startAt, 'start');
      for (const step of CRASH_STEPS) {
        await ctx.step(step, async (info) => {
          // An outside call taking 30-80 ms keeps runs in flight when the kills land.
          await new Promise((r) => setTimeout(r, 30 + ((input.n * 7) % 50)));
          if (step === 'notify' && info.attempt === 1 && input.n % 3 === 0) throw new Error('smtp busy');
          ledger.apply(info.idempotencyKey, ctx.runId, step);
          return `${step}-${input.n}`;
        });
        if (step === 'charge') await ctx.sleep(30 + (input.n % 50));
      }
      return input.n;
    },
  });
}
