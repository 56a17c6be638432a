import { describe, expect, it } from 'vitest';
import { EscalationPolicySchema } from '../../../src/policy/escalation.ts';
import { DEFAULT_POLICY, applyEscalation, evaluateEscalationTriggers } from '../../../src/policy/index.ts';
import type { EscalationPolicy, RuntimeSignals } from '../../../src/policy/index.ts';

const E = DEFAULT_POLICY.escalation;
const fire = (signals: RuntimeSignals, policy: EscalationPolicy = E) =>
  evaluateEscalationTriggers(signals, policy).map((t) => [t.trigger, t.level, t.reason]);

describe('escalation triggers with the default policy', () => {
  it('does nothing without signals', () => {
    expect(evaluateEscalationTriggers({}, E)).toEqual([]);
  });

  it.each([
    [999.99, []],
    [1000, [['financialImpact', 2, 'Raised to Level 2: financial impact $1,000 reaches $1,000']]],
    [4200, [['financialImpact', 2, 'Raised to Level 2: financial impact $4,200 is above $1,000']]],
    [10_000, [['financialImpact', 2, 'Raised to Level 2: financial impact $10,000 is above $1,000']]],
    [10_000.01, [['financialImpact', 3, 'Raised to Level 3: financial impact $10,000.01 is above $10,000']]],
  ] as const)('run-time amount $%s', (financialImpact, expected) => {
    expect(fire({ financialImpact })).toEqual(expected);
  });

  it.each([
    [5, []],
    [6, [['customersAffected', 2, 'Raised to Level 2: 6 customers affected, more than 5']]],
    [50, [['customersAffected', 2, 'Raised to Level 2: 50 customers affected, more than 5']]],
    [1200, [['customersAffected', 3, 'Raised to Level 3: 1,200 customers affected, more than 50']]],
  ] as const)('%s customers affected', (customersAffected, expected) => {
    expect(fire({ customersAffected })).toEqual(expected);
  });

  it.each([
    [99.9, []],
    [99.5, [['systemHealth', 2, 'Raised to Level 2: system health 99.5% is below 99.9%']]],
    [99, [['systemHealth', 2, 'Raised to Level 2: system health 99% is below 99.9%']]],
    [98.2, [['systemHealth', 3, 'Raised to Level 3: system health 98.2% is below 99%']]],
  ] as const)('system health %s%%', (systemHealth, expected) => {
    expect(fire({ systemHealth })).toEqual(expected);
  });

  it.each([
    [0.85, []],
    [0.72, [['modelConfidence', 2, 'Raised to Level 2: model confidence 72% is below 85%']]],
    [0.6, [['modelConfidence', 2, 'Raised to Level 2: model confidence 60% is below 85%']]],
    [0.55, [['modelConfidence', 3, 'Raised to Level 3: model confidence 55% is below 60%']]],
  ] as const)('model confidence %s', (modelConfidence, expected) => {
    expect(fire({ modelConfidence })).toEqual(expected);
  });

  it('reports every trigger that fires, each once at its highest level', () => {
    const hits = evaluateEscalationTriggers(
      { financialImpact: 20_000, customersAffected: 7, systemHealth: 90, modelConfidence: 0.7 },
      E,
    );
    expect(hits.map((t) => [t.trigger, t.level, t.observed, t.threshold])).toEqual([
      ['financialImpact', 3, 20_000, 10_000],
      ['customersAffected', 2, 7, 5],
      ['systemHealth', 3, 90, 99],
      ['modelConfidence', 2, 0.7, 0.85],
    ]);
  });

  it('a null threshold disables that step only', () => {
    const policy: EscalationPolicy = { ...E, modelConfidence: { level2Below: null, level3Below: 0.6 } };
    expect(fire({ modelConfidence: 0.7 }, policy)).toEqual([]);
    expect(fire({ modelConfidence: 0.5 }, policy)).toEqual([
      ['modelConfidence', 3, 'Raised to Level 3: model confidence 50% is below 60%'],
    ]);
  });
});

describe('applyEscalation only raises', () => {
  it.each([
    [1, [], 1],
    [1, [2], 2],
    [1, [2, 3], 3],
    [2, [2], 2],
    [3, [2], 3],
    [3, [], 3],
    [2, [3, 2], 3],
  ] as const)('base %s with triggers %j -> %s', (base, levels, expected) => {
    expect(
      applyEscalation(
        base,
        levels.map((level) => ({ level })),
      ),
    ).toBe(expected);
  });
});

describe('EscalationPolicySchema', () => {
  it('rejects a Level 3 threshold milder than the Level 2 one', () => {
    const bad = { ...E, systemHealth: { level2Below: 99, level3Below: 99.9 } };
    const result = EscalationPolicySchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['systemHealth']);
    const badMoney = { ...E, financialImpact: { level2AtOrAboveUsd: 5000, level3AboveUsd: 1000 } };
    expect(EscalationPolicySchema.safeParse(badMoney).success).toBe(false);
  });

  it('rejects out-of-range thresholds', () => {
    expect(
      EscalationPolicySchema.safeParse({ ...E, modelConfidence: { level2Below: 85, level3Below: 60 } }).success,
    ).toBe(false);
    expect(
      EscalationPolicySchema.safeParse({ ...E, systemHealth: { level2Below: 101, level3Below: 99 } }).success,
    ).toBe(false);
  });
});
