/**
 * The seed's workflow classification model and its base autonomy rules ("Workflow Classification
 * System"). The rules are the seed's, in the seed's order; only the two money thresholds come from
 * the policy, and amounts are compared in whole cents.
 */
import { z } from 'zod';
import { formatUsd, toCents } from './money.ts';
import type { AutonomyLevel, Finding } from './primitives.ts';
import { UsdSchema } from './primitives.ts';

export const ImpactSchema = z.enum(['low', 'medium', 'high', 'critical']);
export const ComplexitySchema = z.enum(['simple', 'moderate', 'complex', 'strategic']);
export const ReversibilitySchema = z.enum(['easily_reversible', 'reversible', 'difficult_to_reverse', 'irreversible']);
export const StakeholdersSchema = z.enum(['internal', 'customer_facing', 'external', 'public']);

export type Impact = z.infer<typeof ImpactSchema>;
export type Complexity = z.infer<typeof ComplexitySchema>;
export type Reversibility = z.infer<typeof ReversibilitySchema>;
export type Stakeholders = z.infer<typeof StakeholdersSchema>;

export const ClassificationSchema = z.strictObject({
  impact: ImpactSchema,
  complexity: ComplexitySchema,
  reversibility: ReversibilitySchema,
  stakeholders: StakeholdersSchema,
  /** USD magnitude of money moved or at stake (refunds and charges alike). */
  financialImpact: UsdSchema,
  /** Minutes the action takes to execute. */
  timeToExecute: z.number().min(0),
});

export type Classification = z.infer<typeof ClassificationSchema>;

/**
 * Level 1 needs financial impact strictly below `level1BelowUsd`; Level 3 follows from financial
 * impact strictly above `level3AboveUsd` (the seed's `< 1000` and `> 10000`).
 */
export const AutonomyThresholdsSchema = z
  .strictObject({ level1BelowUsd: UsdSchema, level3AboveUsd: UsdSchema })
  .superRefine((t, ctx) => {
    // Keeps Level 1 and Level 3 mutually exclusive, so the seed's rule order never matters.
    if (t.level1BelowUsd > t.level3AboveUsd) {
      ctx.addIssue({
        code: 'custom',
        path: ['level1BelowUsd'],
        message: `must not exceed level3AboveUsd (${t.level3AboveUsd})`,
      });
    }
  });

export type AutonomyThresholds = z.infer<typeof AutonomyThresholdsSchema>;

export interface AutonomyEvaluation {
  readonly level: AutonomyLevel;
  /** Every condition that put the action at this level. */
  readonly findings: readonly Finding[];
}

const REVERSIBILITY_WORDS: Readonly<Record<Reversibility, string>> = {
  easily_reversible: 'easily reversible',
  reversible: 'reversible with effort',
  difficult_to_reverse: 'difficult to reverse',
  irreversible: 'irreversible',
};

/** The seed's `determineAutonomyLevel`, with each deciding condition explained. */
export function evaluateAutonomyRules(c: Classification, t: AutonomyThresholds): AutonomyEvaluation {
  const amount = toCents(c.financialImpact);
  const money = formatUsd(c.financialImpact);
  const level1Limit = formatUsd(t.level1BelowUsd);
  const underLevel1Limit = amount < toCents(t.level1BelowUsd);

  if (c.impact === 'low' && c.complexity === 'simple' && c.reversibility === 'easily_reversible' && underLevel1Limit) {
    const reason = `Level 1: low impact, simple, easily reversible, and financial impact ${money} is below ${level1Limit}`;
    return { level: 1, findings: [{ id: 'autonomy.level1', level: 1, reason }] };
  }

  const level3: Finding[] = [];
  const add3 = (id: string, reason: string): void => {
    level3.push({ id: `autonomy.level3.${id}`, level: 3, reason: `Level 3: ${reason}` });
  };
  if (c.impact === 'critical') add3('impact', 'impact is critical');
  if (c.complexity === 'strategic') add3('complexity', 'the decision is strategic');
  if (c.reversibility === 'irreversible') add3('reversibility', 'the action cannot be undone (irreversible)');
  if (amount > toCents(t.level3AboveUsd)) {
    add3('financialImpact', `financial impact ${money} is above ${formatUsd(t.level3AboveUsd)}`);
  }
  if (level3.length > 0) return { level: 3, findings: level3 };

  // Level 2 is the default: explain each Level 1 condition the action misses.
  const level2: Finding[] = [];
  const add2 = (id: string, reason: string): void => {
    level2.push({ id: `autonomy.level2.${id}`, level: 2, reason: `Level 2: ${reason}` });
  };
  if (c.impact !== 'low') add2('impact', `impact is ${c.impact} (only low-impact actions run without approval)`);
  if (c.complexity !== 'simple') {
    add2('complexity', `complexity is ${c.complexity} (only simple actions run without approval)`);
  }
  if (c.reversibility !== 'easily_reversible') {
    add2(
      'reversibility',
      `the action is ${REVERSIBILITY_WORDS[c.reversibility]} (only easily reversible actions run without approval)`,
    );
  }
  if (!underLevel1Limit) {
    const relation = amount === toCents(t.level1BelowUsd) ? 'is not below' : 'is above';
    add2('financialImpact', `financial impact ${money} ${relation} ${level1Limit}`);
  }
  return { level: 2, findings: level2 };
}

/** The seed's `determineAutonomyLevel(workflow)`, thresholds taken from the policy. */
export function determineAutonomyLevel(c: Classification, t: AutonomyThresholds): AutonomyLevel {
  return evaluateAutonomyRules(c, t).level;
}
