/** Builders shared by the policy tests. */
import type { Classification, ProposedAction } from '../../../src/policy/index.ts';

/** The most autonomous classification: Level 1 under the default thresholds. */
export function classification(overrides: Partial<Classification> = {}): Classification {
  return {
    impact: 'low',
    complexity: 'simple',
    reversibility: 'easily_reversible',
    stakeholders: 'internal',
    financialImpact: 0,
    timeToExecute: 1,
    ...overrides,
  };
}

export function action(overrides: Partial<ProposedAction> = {}, c: Partial<Classification> = {}): ProposedAction {
  return { id: 'act-1', title: 'Test action', classification: classification(c), ...overrides };
}

/** The boundary amounts named in the issue, plus the autonomy limits. */
export const BOUNDARY_AMOUNTS = [
  0, 999.99, 1000, 1000.01, 4999.99, 5000, 9999.99, 10000, 10000.01, 24999.99, 25000, 25000.01,
] as const;
