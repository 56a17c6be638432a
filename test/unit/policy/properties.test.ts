/**
 * Property tests over at least 100,000 random actions and valid policies each. Predicates are kept
 * cheap so each property runs in a few seconds.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  PolicySchema,
  applyEscalation,
  buildDecisionRecord,
  determineAutonomyLevel,
  evaluateEscalationTriggers,
  routeByFinancialImpact,
} from '../../../src/policy/index.ts';
import type { AutonomyLevel } from '../../../src/policy/index.ts';
import {
  actionArb,
  amountArb,
  classificationArb,
  escalationArb,
  policyArb,
  signalsArb,
  thresholdsArb,
  tiersArb,
} from './arbitraries.ts';

const RUNS = { numRuns: 100_000 };
const levelArb = fc.constantFrom<AutonomyLevel>(1, 2, 3);

describe('autonomy rules (100,000 random classifications and thresholds)', () => {
  it('Level 1 exactly when all four conditions hold; Level 3 exactly when any Level 3 condition holds', () => {
    fc.assert(
      fc.property(classificationArb, thresholdsArb, (c, t) => {
        const level = determineAutonomyLevel(c, t);
        // The seed's own comparisons; inputs are whole cents, where float and cent comparisons agree.
        const allLevel1 =
          c.impact === 'low' &&
          c.complexity === 'simple' &&
          c.reversibility === 'easily_reversible' &&
          c.financialImpact < t.level1BelowUsd;
        const anyLevel3 =
          c.impact === 'critical' ||
          c.complexity === 'strategic' ||
          c.reversibility === 'irreversible' ||
          c.financialImpact > t.level3AboveUsd;
        return (level === 1) === allLevel1 && (level === 3) === anyLevel3;
      }),
      RUNS,
    );
  });
});

describe('escalation triggers (100,000 random signals and trigger policies)', () => {
  it('never lower a level: the result is the maximum of the base and every trigger', () => {
    fc.assert(
      fc.property(levelArb, signalsArb, escalationArb, (base, signals, policy) => {
        const hits = evaluateEscalationTriggers(signals, policy);
        const level = applyEscalation(base, hits);
        return (
          level >= base &&
          hits.every((h) => h.level >= 2 && level >= h.level) &&
          level === Math.max(base, ...hits.map((h) => h.level))
        );
      }),
      RUNS,
    );
  });
});

describe('financial routing (100,000 random tier lists and amount pairs)', () => {
  it('is monotone: more money never routes to a lower tier or a lower-ranked role', () => {
    const roles = [
      'customer_success_manager',
      'head_of_customer_success',
      'finance_manager',
      'cfo',
      'ceo',
      'owner',
      'board',
    ];
    const rank = (role: string | null) => (role === null ? -1 : roles.indexOf(role));
    fc.assert(
      fc.property(tiersArb, amountArb, amountArb, (tiers, x, y) => {
        const [low, high] = x <= y ? [x, y] : [y, x];
        const a = routeByFinancialImpact(low, tiers);
        const b = routeByFinancialImpact(high, tiers);
        return a.tierIndex <= b.tierIndex && rank(a.role) <= rank(b.role);
      }),
      RUNS,
    );
  });
});

describe('whole decision (100,000 random actions under random valid policies)', () => {
  it('the generated policies are valid', () => {
    fc.assert(
      fc.property(policyArb, (policy) => PolicySchema.safeParse(policy).success),
      { numRuns: 2_000 },
    );
  });

  it('triggers only raise; Level 1 needs nobody; Level 2 and 3 always name someone other than the initiator', () => {
    fc.assert(
      fc.property(actionArb, policyArb, (action, policy) => {
        const record = buildDecisionRecord(action, policy);
        const { route } = record;
        if (record.level < record.baseLevel || record.triggers.some((t) => t.level > record.level)) return false;
        if (record.level === 1) return route.autoApproved && route.requirements.length === 0 && route.approval === null;
        if (route.autoApproved || route.approval === null || route.requirements.length === 0) return false;
        const needed = route.approval.approvalsNeeded;
        if (needed < 1 || needed > route.requirements.length) return false;
        const financialRole = route.financial.role;
        if (financialRole !== null && !route.requirements.some((r) => r.role === financialRole)) return false;
        if (route.customer !== null && !route.requirements.some((r) => r.role === route.customer?.role)) return false;
        return route.requirements.every(
          (r) => r.eligible.length > 0 && r.eligible.every((p) => p.id !== action.initiatedBy),
        );
      }),
      RUNS,
    );
  });

  it('keeps requirements sorted by rank, highest first, with no role twice', () => {
    fc.assert(
      fc.property(actionArb, policyArb, (action, policy) => {
        const reqs = buildDecisionRecord(action, policy).route.requirements;
        return reqs.every((r, i) => i === 0 || (reqs[i - 1]?.rank ?? -1) > r.rank);
      }),
      { numRuns: 10_000 },
    );
  });
});
