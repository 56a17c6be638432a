import { z } from 'zod';
import { CountSchema, DaySchema } from './common.ts';

/** Daily business figures: what the morning briefing compares (vs yesterday, week, month, targets). */
export const DailyMetricsInputSchema = z.strictObject({
  day: DaySchema,
  /** Cash collected that day (successful payments minus refunds); may be negative. */
  revenueCents: z.int(),
  mrrCents: z.int().min(0),
  newTrials: CountSchema,
  conversions: CountSchema,
  churned: CountSchema,
  activeCustomers: CountSchema,
  apiCalls: CountSchema,
  ticketVolume: CountSchema,
});

export type DailyMetricsInput = z.input<typeof DailyMetricsInputSchema>;
export type DailyMetricsRecord = z.output<typeof DailyMetricsInputSchema>;
export type DailyMetrics = DailyMetricsRecord & { version: number; updatedAt: number };

export const TARGET_METRICS = [
  'revenueCents',
  'mrrCents',
  'newTrials',
  'conversions',
  'activeCustomers',
  'apiCalls',
  'ticketVolume',
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** The plan for one metric on one day ("vs_targets" in the briefing). */
export const MetricTargetInputSchema = z.strictObject({
  metric: z.enum(TARGET_METRICS),
  day: DaySchema,
  target: z.number().min(0),
});

export type MetricTargetInput = z.input<typeof MetricTargetInputSchema>;
export type MetricTargetRecord = z.output<typeof MetricTargetInputSchema>;
export type MetricTarget = MetricTargetRecord & { version: number; updatedAt: number };
