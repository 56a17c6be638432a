/**
 * `billing.daily` runs on a schedule and starts one `billing.cycle` per customer whose billing day
 * it is. Keys make a re-run (or a second worker's run of the same slot) start each cycle once.
 */
import { z } from 'zod';
import { DaySchema } from '../../domain/index.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import type { DailyDeps } from './workflow-deps.ts';
import { routineInternalWork } from '../../policy/index.ts';

export const DailyInputSchema = z.strictObject({ day: DaySchema });

const START_BATCH = 500;

export function billingDailyWorkflow(
  deps: DailyDeps,
): WorkflowDefinition<z.output<typeof DailyInputSchema>, unknown, z.input<typeof DailyInputSchema>> {
  return defineWorkflow({
    name: 'billing.daily',
    version: 1,
    input: DailyInputSchema,
    // Only starts the day's cycles (keyed, so a re-run starts each once); each cycle classifies its charge.
    classification: routineInternalWork(),
    run: async (ctx, input) =>
      ctx.step('start-cycles', async () => {
        const due = await deps.records.customersBilledOn(input.day);
        for (let i = 0; i < due.length; i += START_BATCH) {
          const cycles = due.slice(i, i + START_BATCH).map((customerId) => ({
            workflow: 'billing.cycle',
            input: { customerId, day: input.day },
            idempotencyKey: `billing.cycle:${customerId}:${input.day}`,
          }));
          await deps.runs.startMany(cycles);
        }
        return { day: input.day, cycles: due.length };
      }),
  });
}
