import { z } from 'zod';
import { defineWorkflow } from '../../engine/workflow.ts';
import { PsiZeroError } from '../../lib/errors.ts';
import { routineInternalWork } from '../../policy/index.ts';

/** The tour's effects are simulated (no stock, card or carrier is touched), so each of them is routine Level 1 work. */
const DEMO_CLASSIFICATION = routineInternalWork();

/**
 * A small tour of the engine, started by name through the library (`engine.start`): an order
 * with a saga, a payment wait with a timeout, and a heartbeat that starts both.
 */
export const demoOrder = defineWorkflow({
  name: 'demo.order',
  version: 1,
  classification: DEMO_CLASSIFICATION,
  input: z.object({
    orderId: z.string().min(1),
    amountUsd: z.number().positive(),
    failShipping: z.boolean().default(false),
  }),
  run: async (ctx, input) => {
    const reservation = await ctx.step('reserve-stock', (s) => ({ reservationId: `res-${s.idempotencyKey}` }), {
      compensate: async () => undefined,
    });
    const charge = await ctx.step(
      'charge-card',
      (s) => ({ chargeId: `ch-${s.idempotencyKey}`, amountUsd: input.amountUsd }),
      {
        compensate: async () => undefined,
      },
    );
    await ctx.step(
      'ship',
      () => {
        if (input.failShipping)
          throw new PsiZeroError('CARRIER_REJECTED', 'carrier rejected the parcel', {
            kind: 'unavailable',
            retryable: true,
          });
        return { tracking: `trk-${input.orderId}` };
      },
      { retry: { maxAttempts: 2, initialDelayMs: 2_000 } },
    );
    await ctx.emit('demo.order.completed', { orderId: input.orderId, ...charge, ...reservation });
    return { orderId: input.orderId, status: 'shipped' };
  },
});

export const demoAwaitPayment = defineWorkflow({
  name: 'demo.await-payment',
  version: 1,
  classification: DEMO_CLASSIFICATION,
  input: z.object({ orderId: z.string().min(1) }),
  run: async (ctx, input) => {
    const paid = await ctx.waitForEvent('demo.order.completed', { match: { orderId: input.orderId }, timeout: 60_000 });
    return paid.ok ? { orderId: input.orderId, paid: true } : { orderId: input.orderId, paid: false };
  },
});

export const demoHeartbeat = defineWorkflow({
  name: 'demo.heartbeat',
  version: 1,
  classification: DEMO_CLASSIFICATION,
  input: z.object({ slot: z.string() }),
  run: async (ctx, input) => {
    const handle = await ctx.startChild(demoAwaitPayment, { orderId: `hb-${input.slot}` });
    await ctx.startChild(demoOrder, { orderId: `hb-${input.slot}`, amountUsd: 12.5 });
    return handle.result();
  },
});

export const demoWorkflows = [demoOrder, demoAwaitPayment, demoHeartbeat];
