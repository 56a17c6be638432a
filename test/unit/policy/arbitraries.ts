/**
 * fast-check generators for the property tests: random actions, and random policies that are
 * valid by construction (a separate property checks that against the schema).
 */
import fc from 'fast-check';
import type {
  AutonomyThresholds,
  Classification,
  EscalationPolicy,
  FinancialTier,
  Policy,
  ProposedAction,
  RuntimeSignals,
} from '../../../src/policy/index.ts';
import { DEFAULT_POLICY } from '../../../src/policy/index.ts';
import { BOUNDARY_AMOUNTS } from './fixtures.ts';

/** Whole-cent USD amounts, biased towards the boundaries where mistakes live. */
export const amountArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...BOUNDARY_AMOUNTS),
  fc.integer({ min: 0, max: 5_000_000 }).map((c) => c / 100),
  fc.integer({ min: 0, max: 100_000_000_000 }).map((c) => c / 100),
);

const centsArb = fc.integer({ min: 0, max: 5_000_000 });

/** Thresholds drawn from the same boundary values as amounts, so "exactly at the threshold" comes up often. */
const thresholdArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...BOUNDARY_AMOUNTS),
  centsArb.map((c) => c / 100),
);

export const thresholdsArb: fc.Arbitrary<AutonomyThresholds> = fc
  .tuple(thresholdArb, thresholdArb)
  .map(([a, b]) => ({ level1BelowUsd: Math.min(a, b), level3AboveUsd: Math.max(a, b) }));

export const classificationArb: fc.Arbitrary<Classification> = fc.record({
  impact: fc.constantFrom('low', 'medium', 'high', 'critical'),
  complexity: fc.constantFrom('simple', 'moderate', 'complex', 'strategic'),
  reversibility: fc.constantFrom('easily_reversible', 'reversible', 'difficult_to_reverse', 'irreversible'),
  stakeholders: fc.constantFrom('internal', 'customer_facing', 'external', 'public'),
  financialImpact: amountArb,
  timeToExecute: fc.nat({ max: 10_000 }),
});

/** An ordered pair of thresholds (or null), Level 3 at least as strict as Level 2. */
function pairArb<A extends string, B extends string>(a: A, b: B, value: fc.Arbitrary<number>, higherIsWorse: boolean) {
  return fc.tuple(fc.option(value), fc.option(value)).map(([x, y]) => {
    const [l2, l3] = x !== null && y !== null && (higherIsWorse ? y < x : y > x) ? [y, x] : [x, y];
    return { [a]: l2, [b]: l3 } as Record<A | B, number | null>;
  });
}

export const escalationArb: fc.Arbitrary<EscalationPolicy> = fc.record({
  financialImpact: pairArb('level2AtOrAboveUsd', 'level3AboveUsd', thresholdArb, true),
  customersAffected: pairArb('level2Above', 'level3Above', fc.nat({ max: 200 }), true),
  systemHealth: pairArb(
    'level2Below',
    'level3Below',
    fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    false,
  ),
  modelConfidence: pairArb(
    'level2Below',
    'level3Below',
    fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    false,
  ),
});

export const signalsArb: fc.Arbitrary<RuntimeSignals> = fc.record(
  {
    financialImpact: amountArb,
    customersAffected: fc.nat({ max: 300 }),
    systemHealth: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    modelConfidence: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
  },
  { requiredKeys: [] },
);

const ROLES = DEFAULT_POLICY.roles;

/** Ascending bounds with non-decreasing role ranks and an open last tier; auto-approval (null) only first. */
export const tiersArb: fc.Arbitrary<FinancialTier[]> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 0, maxLength: 5 }),
    fc.array(fc.integer({ min: -1, max: ROLES.length - 1 }), { minLength: 6, maxLength: 6 }),
  )
  .map(([bounds, ranks]) => {
    const sortedBounds = [...bounds].sort((x, y) => x - y);
    const sortedRanks = ranks.slice(0, sortedBounds.length + 1).sort((x, y) => x - y);
    return sortedRanks.map((rank, i) => {
      const bound = sortedBounds[i];
      return { underUsd: bound === undefined ? null : bound / 100, role: rank < 0 ? null : (ROLES[rank] ?? null) };
    });
  });

const roleArb = fc.constantFrom(...ROLES);

/** Varies every number, tier, routed role, approval setting and backup (never in a cycle, sometimes none); the people and their roles stay the demo's (every role held). */
export const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    autonomy: thresholdsArb,
    escalation: escalationArb,
    tiers: tiersArb,
    customer: fc.record({ singleCustomerRole: roleArb, multipleCustomersRole: roleArb, enterpriseRole: roleArb }),
    defaultApproverRole: roleArb,
    finalDecisionMakerRole: roleArb,
    defaultKind: fc.constantFrom('synchronous', 'asynchronous', 'consensus'),
    quorum: fc.oneof(fc.constant('all' as const), fc.integer({ min: 1, max: 4 })),
    maxBackupHops: fc.integer({ min: 1, max: 3 }),
    /** Backups only ever point later in this order, so they never form a cycle. */
    backupOrder: fc.shuffledSubarray(
      DEFAULT_POLICY.directory.people.map((p) => p.id),
      { minLength: DEFAULT_POLICY.directory.people.length, maxLength: DEFAULT_POLICY.directory.people.length },
    ),
    backupPicks: fc.array(fc.nat(), {
      minLength: DEFAULT_POLICY.directory.people.length,
      maxLength: DEFAULT_POLICY.directory.people.length,
    }),
  })
  .map((r): Policy => {
    const people = DEFAULT_POLICY.directory.people;
    return {
      ...DEFAULT_POLICY,
      autonomy: r.autonomy,
      escalation: r.escalation,
      routing: { financial: { tiers: r.tiers }, customer: r.customer, defaultApproverRole: r.defaultApproverRole },
      approvals: {
        ...DEFAULT_POLICY.approvals,
        defaultKind: r.defaultKind,
        finalDecisionMakerRole: r.finalDecisionMakerRole,
        maxBackupHops: r.maxBackupHops,
        kinds: {
          ...DEFAULT_POLICY.approvals.kinds,
          consensus: { ...DEFAULT_POLICY.approvals.kinds.consensus, quorum: r.quorum },
        },
      },
      directory: {
        // Someone later in the order, or (one pick in as many as there are candidates, plus one) nobody.
        people: people.map(({ backupId: _backupId, ...p }, i) => {
          const later = r.backupOrder.slice(r.backupOrder.indexOf(p.id) + 1);
          const backupId = later[(r.backupPicks[i] ?? 0) % (later.length + 1)];
          return backupId === undefined ? p : { ...p, backupId };
        }),
      },
    };
  });

const personIdArb = fc.constantFrom(...DEFAULT_POLICY.directory.people.map((p) => p.id), 'system');

export const actionArb: fc.Arbitrary<ProposedAction> = fc.record(
  {
    id: fc.constant('a'),
    title: fc.constant('random action'),
    classification: classificationArb,
    signals: signalsArb,
    customers: fc.array(
      fc.record(
        {
          id: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
          enterprise: fc.boolean(),
          successManagerId: fc.constantFrom('sam', 'tara', 'olivia', 'ghost'),
        },
        { requiredKeys: ['id'] },
      ),
      { maxLength: 4 },
    ),
    initiatedBy: personIdArb,
  },
  { requiredKeys: ['id', 'title', 'classification'] },
);
