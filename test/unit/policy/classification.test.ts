import { describe, expect, it } from 'vitest';
import { AutonomyThresholdsSchema, ClassificationSchema } from '../../../src/policy/classification.ts';
import { DEFAULT_POLICY, determineAutonomyLevel, evaluateAutonomyRules } from '../../../src/policy/index.ts';
import { classification } from './fixtures.ts';

const T = DEFAULT_POLICY.autonomy;

describe('determineAutonomyLevel: the seed rules with default thresholds', () => {
  it('Level 1 needs low impact, simple, easily reversible and under $1,000', () => {
    expect(determineAutonomyLevel(classification({ financialImpact: 999.99 }), T)).toBe(1);
    const { findings } = evaluateAutonomyRules(classification({ financialImpact: 200 }), T);
    expect(findings).toEqual([
      {
        id: 'autonomy.level1',
        level: 1,
        reason: 'Level 1: low impact, simple, easily reversible, and financial impact $200 is below $1,000',
      },
    ]);
  });

  it.each([
    [{ impact: 'medium' }, 'Level 2: impact is medium (only low-impact actions run without approval)'],
    [{ impact: 'high' }, 'Level 2: impact is high (only low-impact actions run without approval)'],
    [{ complexity: 'moderate' }, 'Level 2: complexity is moderate (only simple actions run without approval)'],
    [{ complexity: 'complex' }, 'Level 2: complexity is complex (only simple actions run without approval)'],
    [
      { reversibility: 'reversible' },
      'Level 2: the action is reversible with effort (only easily reversible actions run without approval)',
    ],
    [
      { reversibility: 'difficult_to_reverse' },
      'Level 2: the action is difficult to reverse (only easily reversible actions run without approval)',
    ],
    [{ financialImpact: 1000 }, 'Level 2: financial impact $1,000 is not below $1,000'],
    [{ financialImpact: 4200 }, 'Level 2: financial impact $4,200 is above $1,000'],
    [{ financialImpact: 10_000 }, 'Level 2: financial impact $10,000 is above $1,000'],
  ] as const)('one missed Level 1 condition %j gives Level 2', (change, reason) => {
    const result = evaluateAutonomyRules(classification(change), T);
    expect(result.level).toBe(2);
    expect(result.findings.map((f) => f.reason)).toEqual([reason]);
  });

  it('lists every missed Level 1 condition', () => {
    const result = evaluateAutonomyRules(
      classification({ impact: 'high', complexity: 'complex', reversibility: 'reversible', financialImpact: 4200.5 }),
      T,
    );
    expect(result.level).toBe(2);
    expect(result.findings.map((f) => f.id)).toEqual([
      'autonomy.level2.impact',
      'autonomy.level2.complexity',
      'autonomy.level2.reversibility',
      'autonomy.level2.financialImpact',
    ]);
    expect(result.findings[3]?.reason).toBe('Level 2: financial impact $4,200.50 is above $1,000');
  });

  it.each([
    [{ impact: 'critical' }, 'Level 3: impact is critical'],
    [{ complexity: 'strategic' }, 'Level 3: the decision is strategic'],
    [{ reversibility: 'irreversible' }, 'Level 3: the action cannot be undone (irreversible)'],
    [{ financialImpact: 10_000.01 }, 'Level 3: financial impact $10,000.01 is above $10,000'],
  ] as const)(
    'any Level 3 condition %j gives Level 3, even with every other condition at its mildest',
    (change, reason) => {
      const result = evaluateAutonomyRules(classification(change), T);
      expect(result.level).toBe(3);
      expect(result.findings.map((f) => f.reason)).toEqual([reason]);
    },
  );

  it('lists every Level 3 condition that holds', () => {
    const result = evaluateAutonomyRules(
      classification({
        impact: 'critical',
        complexity: 'strategic',
        reversibility: 'irreversible',
        financialImpact: 50_000,
      }),
      T,
    );
    expect(result.findings.map((f) => f.id)).toEqual([
      'autonomy.level3.impact',
      'autonomy.level3.complexity',
      'autonomy.level3.reversibility',
      'autonomy.level3.financialImpact',
    ]);
  });

  it.each([
    [0, 1],
    [999.99, 1],
    [1000, 2],
    [1000.01, 2],
    [9999.99, 2],
    [10_000, 2],
    [10_000.01, 3],
  ] as const)('money boundary $%s -> Level %s', (amount, level) => {
    expect(determineAutonomyLevel(classification({ financialImpact: amount }), T)).toBe(level);
  });

  it('compares in whole cents: $999.994 is $999.99, $999.996 is $1,000', () => {
    expect(determineAutonomyLevel(classification({ financialImpact: 999.994 }), T)).toBe(1);
    expect(determineAutonomyLevel(classification({ financialImpact: 999.996 }), T)).toBe(2);
  });

  it('ignores stakeholders and time to execute, as the seed does', () => {
    expect(determineAutonomyLevel(classification({ stakeholders: 'public', timeToExecute: 10_000 }), T)).toBe(1);
  });
});

describe('thresholds come from the policy', () => {
  it('uses the given Level 1 and Level 3 limits', () => {
    const t = { level1BelowUsd: 50, level3AboveUsd: 500 };
    expect(determineAutonomyLevel(classification({ financialImpact: 49.99 }), t)).toBe(1);
    expect(determineAutonomyLevel(classification({ financialImpact: 50 }), t)).toBe(2);
    expect(determineAutonomyLevel(classification({ financialImpact: 500 }), t)).toBe(2);
    expect(determineAutonomyLevel(classification({ financialImpact: 500.01 }), t)).toBe(3);
    expect(evaluateAutonomyRules(classification({ financialImpact: 600 }), t).findings[0]?.reason).toBe(
      'Level 3: financial impact $600 is above $500',
    );
  });

  it('rejects a Level 1 limit above the Level 3 limit', () => {
    const result = AutonomyThresholdsSchema.safeParse({ level1BelowUsd: 20_000, level3AboveUsd: 10_000 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['level1BelowUsd']);
  });
});

describe('ClassificationSchema', () => {
  it('accepts the seed fields and rejects unknown values', () => {
    expect(ClassificationSchema.safeParse(classification()).success).toBe(true);
    expect(ClassificationSchema.safeParse({ ...classification(), impact: 'huge' }).success).toBe(false);
    expect(ClassificationSchema.safeParse({ ...classification(), financialImpact: -1 }).success).toBe(false);
    expect(ClassificationSchema.safeParse({ ...classification(), financialImpact: Number.NaN }).success).toBe(false);
    expect(ClassificationSchema.safeParse({ ...classification(), extra: 1 }).success).toBe(false);
  });
});
