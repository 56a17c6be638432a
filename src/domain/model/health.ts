import { z } from 'zod';
import { CountSchema, SlugSchema, TimestampSchema } from './common.ts';

/** A system health sample over a window (the sim writes one per service per day). */
export const HealthSampleInputSchema = z
  .strictObject({
    service: SlugSchema,
    /** Start of the window. */
    at: TimestampSchema,
    windowMinutes: z.int().min(1).max(44_640),
    downtimeMinutes: z.number().min(0),
    latencyP50Ms: z.number().min(0),
    latencyP95Ms: z.number().min(0),
    incidents: CountSchema.default(0),
  })
  .refine((h) => h.downtimeMinutes <= h.windowMinutes, {
    path: ['downtimeMinutes'],
    message: 'cannot exceed windowMinutes',
  })
  .refine((h) => h.latencyP95Ms >= h.latencyP50Ms, { path: ['latencyP95Ms'], message: 'cannot be below latencyP50Ms' });

export type HealthSampleInput = z.input<typeof HealthSampleInputSchema>;
export type HealthSampleRecord = z.output<typeof HealthSampleInputSchema>;
export type HealthSample = HealthSampleRecord & { uptimePct: number; version: number; updatedAt: number };

export function uptimePct(h: Pick<HealthSampleRecord, 'windowMinutes' | 'downtimeMinutes'>): number {
  return ((h.windowMinutes - h.downtimeMinutes) / h.windowMinutes) * 100;
}
