/**
 * Run-time escalation triggers (the seed's `escalationTriggers`). They look at what is known when
 * the action is about to run and can only RAISE the base level: the final level is the maximum of
 * the base level and every trigger that fired, so no trigger can ever lower a level.
 *
 * What each trigger raises to is set by the policy, per trigger, as two optional thresholds
 * (null disables that step):
 * - financialImpact: the amount known at run time (the classified amount already set the base
 *   level); Level 2 at or above `level2AtOrAboveUsd`, Level 3 above `level3AboveUsd`. The
 *   defaults mirror the autonomy thresholds, so an amount that grows at run time is judged like
 *   one classified that high.
 * - customersAffected: Level 2 above `level2Above` customers, Level 3 above `level3Above`.
 * - systemHealth: availability in percent over the observation window; Level 2 below
 *   `level2Below`, Level 3 below `level3Below` (acting alone on a degraded system is how
 *   small incidents become large ones).
 * - modelConfidence: 0..1; Level 2 below `level2Below`, Level 3 below `level3Below` (the seed's
 *   confidence bands: high above 85%, low below 60%).
 */
import { z } from 'zod';
import { formatCount, formatPercent, formatRatio, formatUsd, toCents } from './money.ts';
import type { AutonomyLevel, Finding } from './primitives.ts';
import { UsdSchema, maxLevel } from './primitives.ts';

const CountSchema = z.number().int().min(0);
const PercentSchema = z.number().min(0).max(100);
const RatioSchema = z.number().min(0).max(1);

/** What the running workflow observed; every signal is optional and an absent one never fires. */
export const RuntimeSignalsSchema = z.strictObject({
  financialImpact: UsdSchema.optional(),
  customersAffected: CountSchema.optional(),
  systemHealth: PercentSchema.optional(),
  modelConfidence: RatioSchema.optional(),
});

export type RuntimeSignals = z.infer<typeof RuntimeSignalsSchema>;

type Ctx = z.RefinementCtx;
function orderedPair(ctx: Ctx, level2: number | null, level3: number | null, higherIsWorse: boolean): void {
  if (level2 === null || level3 === null) return;
  const swapped = higherIsWorse ? level3 < level2 : level3 > level2;
  if (swapped) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: `the Level 3 threshold (${level3}) must be at least as strict as the Level 2 threshold (${level2})`,
    });
  }
}

export const EscalationPolicySchema = z.strictObject({
  financialImpact: z
    .strictObject({ level2AtOrAboveUsd: UsdSchema.nullable(), level3AboveUsd: UsdSchema.nullable() })
    .superRefine((t, ctx) => orderedPair(ctx, t.level2AtOrAboveUsd, t.level3AboveUsd, true)),
  customersAffected: z
    .strictObject({ level2Above: CountSchema.nullable(), level3Above: CountSchema.nullable() })
    .superRefine((t, ctx) => orderedPair(ctx, t.level2Above, t.level3Above, true)),
  systemHealth: z
    .strictObject({ level2Below: PercentSchema.nullable(), level3Below: PercentSchema.nullable() })
    .superRefine((t, ctx) => orderedPair(ctx, t.level2Below, t.level3Below, false)),
  modelConfidence: z
    .strictObject({ level2Below: RatioSchema.nullable(), level3Below: RatioSchema.nullable() })
    .superRefine((t, ctx) => orderedPair(ctx, t.level2Below, t.level3Below, false)),
});

export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;

export type TriggerName = keyof EscalationPolicy;

export interface TriggerFinding extends Finding {
  readonly trigger: TriggerName;
  readonly observed: number;
  readonly threshold: number;
}

/** Each trigger fires at most once, at the highest level its thresholds reach. */
export function evaluateEscalationTriggers(signals: RuntimeSignals, policy: EscalationPolicy): TriggerFinding[] {
  const hits: TriggerFinding[] = [];
  const hit = (trigger: TriggerName, level: AutonomyLevel, observed: number, threshold: number, what: string) => {
    hits.push({
      id: `trigger.${trigger}`,
      trigger,
      level,
      observed,
      threshold,
      reason: `Raised to Level ${level}: ${what}`,
    });
  };

  const amount = signals.financialImpact;
  if (amount !== undefined) {
    const { level2AtOrAboveUsd: l2, level3AboveUsd: l3 } = policy.financialImpact;
    const cents = toCents(amount);
    if (l3 !== null && cents > toCents(l3)) {
      hit('financialImpact', 3, amount, l3, `financial impact ${formatUsd(amount)} is above ${formatUsd(l3)}`);
    } else if (l2 !== null && cents >= toCents(l2)) {
      const relation = cents === toCents(l2) ? 'reaches' : 'is above';
      hit('financialImpact', 2, amount, l2, `financial impact ${formatUsd(amount)} ${relation} ${formatUsd(l2)}`);
    }
  }

  const customers = signals.customersAffected;
  if (customers !== undefined) {
    const { level2Above: l2, level3Above: l3 } = policy.customersAffected;
    const what = (limit: number) => `${plural(customers, 'customer')} affected, more than ${limit}`;
    if (l3 !== null && customers > l3) hit('customersAffected', 3, customers, l3, what(l3));
    else if (l2 !== null && customers > l2) hit('customersAffected', 2, customers, l2, what(l2));
  }

  const health = signals.systemHealth;
  if (health !== undefined) {
    const { level2Below: l2, level3Below: l3 } = policy.systemHealth;
    const what = (limit: number) => `system health ${formatPercent(health)} is below ${formatPercent(limit)}`;
    if (l3 !== null && health < l3) hit('systemHealth', 3, health, l3, what(l3));
    else if (l2 !== null && health < l2) hit('systemHealth', 2, health, l2, what(l2));
  }

  const confidence = signals.modelConfidence;
  if (confidence !== undefined) {
    const { level2Below: l2, level3Below: l3 } = policy.modelConfidence;
    const what = (limit: number) => `model confidence ${formatRatio(confidence)} is below ${formatRatio(limit)}`;
    if (l3 !== null && confidence < l3) hit('modelConfidence', 3, confidence, l3, what(l3));
    else if (l2 !== null && confidence < l2) hit('modelConfidence', 2, confidence, l2, what(l2));
  }
  return hits;
}

/** The final level: the base level raised by the highest trigger, never lowered. */
export function applyEscalation(base: AutonomyLevel, triggers: readonly Pick<Finding, 'level'>[]): AutonomyLevel {
  return triggers.reduce<AutonomyLevel>((level, t) => maxLevel(level, t.level), base);
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
