/**
 * Property tests of the per-workflow classification: actions inside a workflow may only raise what
 * the workflow (code default or policy override) and the global policy say, never lower it, and
 * the approval kind follows its precedence except where routing needs a consensus.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  ComplexitySchema,
  ImpactSchema,
  ReversibilitySchema,
  StakeholdersSchema,
} from '../../../src/policy/classification.ts';
import {
  buildDecisionRecord,
  classifyAction,
  evaluateEscalationTriggers,
  resolveWorkflowPolicy,
  type AutonomyLevel,
  type Classification,
  type EscalationTriggers,
  type ProposedAction,
  type WorkflowClassificationInput,
  type WorkflowOverride,
} from '../../../src/policy/index.ts';
import { actionArb, classificationArb, policyArb, signalsArb } from './arbitraries.ts';

const RUNS = { numRuns: 100_000 };

const kindArb = fc.constantFrom('synchronous', 'asynchronous', 'consensus' as const);
const levelArb = fc.constantFrom<AutonomyLevel>(1, 2, 3);

const triggersArb: fc.Arbitrary<EscalationTriggers> = fc.record(
  {
    financialThreshold: fc.integer({ min: 0, max: 2_000_000 }).map((c) => c / 100),
    customerImpactCount: fc.nat({ max: 100 }),
    systemHealthThreshold: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    uncertaintyThreshold: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
  },
  { requiredKeys: [] },
);

const codeArb: fc.Arbitrary<WorkflowClassificationInput> = fc.record(
  {
    autonomyLevel: levelArb,
    classification: classificationArb,
    escalationTriggers: triggersArb,
    approvalKind: kindArb,
  },
  { requiredKeys: ['classification'] },
);

const overrideArb: fc.Arbitrary<WorkflowOverride | undefined> = fc.option(
  fc.record(
    {
      autonomyLevel: fc.option(levelArb),
      classification: classificationArb.chain((c) =>
        fc
          .subarray(Object.keys(c) as (keyof Classification)[])
          .map((keys) => Object.fromEntries(keys.map((k) => [k, c[k]]))),
      ),
      escalationTriggers: triggersArb,
      approvalKind: fc.option(kindArb),
      actions: fc.dictionary(fc.constantFrom('a', 'refund', 'other'), fc.record({ approvalKind: kindArb }), {
        maxKeys: 2,
      }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

/** The random action, sometimes without a classification (it then inherits), sometimes asking for a kind or tightening triggers. */
const innerActionArb: fc.Arbitrary<ProposedAction> = fc
  .tuple(actionArb, fc.boolean(), fc.option(kindArb, { nil: undefined }), fc.option(triggersArb, { nil: undefined }))
  .map(([a, keep, approvalKind, escalationTriggers]) => {
    const { classification, ...rest } = a;
    return {
      ...rest,
      ...(keep && { classification }),
      ...(approvalKind && { approvalKind }),
      ...(escalationTriggers && { escalationTriggers }),
    };
  });

const SCALES: Record<string, readonly string[]> = {
  impact: ImpactSchema.options,
  complexity: ComplexitySchema.options,
  reversibility: ReversibilitySchema.options,
  stakeholders: StakeholdersSchema.options,
};
const rank = (field: string, v: string | number): number =>
  typeof v === 'number' ? v : (SCALES[field] ?? []).indexOf(v);

const strongest = (hits: readonly { level: AutonomyLevel }[]): number => Math.max(0, ...hits.map((h) => h.level));

describe('an action inside a workflow only ever raises (100,000 random workflows, overrides, actions, policies)', () => {
  it('each dimension is at least the workflow’s and the action’s; an action without one inherits it exactly', () => {
    fc.assert(
      fc.property(codeArb, overrideArb, innerActionArb, policyArb, (code, override, action, policy) => {
        const w = resolveWorkflowPolicy({ name: 'w', version: 1, classification: code }, override);
        const merged = classifyAction(action, policy, w).classification;
        return (Object.keys(merged) as (keyof Classification)[]).every((f) => {
          const inherited = w.classification![f].value;
          if (action.classification === undefined) return merged[f] === inherited;
          return (
            rank(f, merged[f]) >= rank(f, inherited) &&
            rank(f, merged[f]) >= rank(f, action.classification[f]) &&
            (merged[f] === inherited || merged[f] === action.classification[f])
          );
        });
      }),
      RUNS,
    );
  });

  it('the level is never below the declared level, the workflow’s own level, or the action’s level on its own', () => {
    fc.assert(
      fc.property(codeArb, overrideArb, innerActionArb, policyArb, (code, override, action, policy) => {
        const w = resolveWorkflowPolicy({ name: 'w', version: 1, classification: code }, override);
        const inside = buildDecisionRecord(action, policy, w);
        const asWorkflow = buildDecisionRecord({ id: 'w', title: 'w' }, policy, { ...w, actionKinds: {} });
        if (inside.level < asWorkflow.baseLevel) return false;
        if (w.autonomyLevel !== null && inside.level < w.autonomyLevel.value) return false;
        if (inside.triggers.some((t) => t.level > inside.level) || inside.level < inside.baseLevel) return false;
        if (action.classification === undefined) return true;
        const alone = buildDecisionRecord(action, policy);
        return inside.level >= alone.level && inside.baseLevel >= alone.baseLevel;
      }),
      RUNS,
    );
  });

  it('triggers are at least as strict as the global policy’s, the workflow’s and the action’s', () => {
    fc.assert(
      fc.property(codeArb, overrideArb, innerActionArb, policyArb, signalsArb, (code, override, a, policy, signals) => {
        const w = resolveWorkflowPolicy({ name: 'w', version: 1, classification: code }, override);
        const merged = classifyAction(a, policy, w).escalation;
        const fired = strongest(evaluateEscalationTriggers(signals, merged));
        if (fired < strongest(evaluateEscalationTriggers(signals, policy.escalation))) return false;
        // Only the workflow's (or only the action's) thresholds on top of the policy: never stricter than all three together.
        const workflowOnly = classifyAction({ ...a, escalationTriggers: undefined }, policy, w).escalation;
        const actionOnly = classifyAction(a, policy, {
          ...w,
          escalationTriggers: resolveWorkflowPolicy({ name: 'w', version: 1 }, undefined).escalationTriggers,
        }).escalation;
        return (
          fired >= strongest(evaluateEscalationTriggers(signals, workflowOnly)) &&
          fired >= strongest(evaluateEscalationTriggers(signals, actionOnly))
        );
      }),
      RUNS,
    );
  });
});

describe('approval kind (100,000 random workflows, overrides, actions, policies)', () => {
  it('is the kind asked by precedence, except that two or more approvals are always a consensus', () => {
    fc.assert(
      fc.property(codeArb, overrideArb, innerActionArb, policyArb, (code, override, action, policy) => {
        const w = resolveWorkflowPolicy({ name: 'w', version: 1, classification: code }, override);
        const record = buildDecisionRecord(action, policy, w);
        const asked = record.sources!.approvalKind;
        const type = action.id.split(':')[0]!;
        const expected =
          w.actionKinds[type] ??
          w.approvalKind.policy ??
          action.approvalKind ??
          w.approvalKind.code ??
          policy.approvals.defaultKind;
        if (asked.value !== expected) return false;
        const plan = record.route.approval;
        if (plan === null) return record.level === 1;
        return plan.kind === (record.route.requirements.length > 1 ? 'consensus' : asked.value);
      }),
      RUNS,
    );
  });
});
