import { z } from 'zod';
import { CountSchema, DaySchema, IdSchema } from './common.ts';

/** One customer's activity on one UTC day: the inputs of the seed's usage and engagement health metrics. */
export const UsageInputSchema = z
  .strictObject({
    customerId: IdSchema,
    day: DaySchema,
    apiCalls: CountSchema,
    apiErrors: CountSchema,
    /** Distinct product features used that day (feature adoption). */
    featuresUsed: CountSchema,
    sessions: CountSchema,
    docViews: CountSchema,
    /** Team members active that day (team expansion). */
    teamMembers: CountSchema,
  })
  .refine((u) => u.apiErrors <= u.apiCalls, { path: ['apiErrors'], message: 'cannot exceed apiCalls' });

export type UsageInput = z.input<typeof UsageInputSchema>;
export type UsageRecord = z.output<typeof UsageInputSchema>;
export type Usage = UsageRecord & { version: number; updatedAt: number };
