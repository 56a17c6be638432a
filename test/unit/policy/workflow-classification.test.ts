import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineWorkflow } from '../../../src/engine/workflow.ts';
import {
  DEFAULT_POLICY,
  PolicyValidationError,
  WorkflowClassificationError,
  checkWorkflowOverrides,
  parseWorkflowClassification,
  resolvePolicy,
  resolveWorkflowPolicy,
  type WorkflowClassificationInput,
} from '../../../src/policy/index.ts';
import { classification } from './fixtures.ts';

const RECOVERY: WorkflowClassificationInput = {
  autonomyLevel: 2,
  classification: classification({ impact: 'medium', reversibility: 'reversible', stakeholders: 'customer_facing' }),
  escalationTriggers: { financialThreshold: 500, uncertaintyThreshold: 0.1 },
  approvalKind: 'synchronous',
};

const declared = (c: unknown, name = 'ops.refund') => ({ name, version: 3, classification: c });

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('a workflow declares its classification on defineWorkflow', () => {
  it('is carried untouched on the definition; the engine never reads it', () => {
    const def = defineWorkflow({
      name: 'ops.refund',
      input: z.object({}),
      classification: RECOVERY,
      run: async () => null,
    });
    expect(def.classification).toBe(RECOVERY);
    expect(parseWorkflowClassification(def)).toEqual(RECOVERY);
    expect(parseWorkflowClassification({ name: 'ops.plain', version: 1 })).toBeNull();
  });

  it('is validated by the policy schema, with field paths under classification', () => {
    const err = caught(() =>
      parseWorkflowClassification(
        declared({
          autonomyLevel: 4,
          classification: { ...classification(), impact: 'huge', extra: 1 },
          escalationTriggers: { uncertaintyThreshold: 2, customerImpactCount: -1 },
          approvalKind: 'whenever',
        }),
      ),
    );
    expect(err).toBeInstanceOf(WorkflowClassificationError);
    const e = err as WorkflowClassificationError;
    expect(e.code).toBe('WORKFLOW_CLASSIFICATION_INVALID');
    expect(e.message).toContain("invalid classification of workflow 'ops.refund'");
    expect(e.issues.map((i) => i.path).sort()).toEqual([
      'classification.approvalKind',
      'classification.autonomyLevel',
      'classification.classification.extra',
      'classification.classification.impact',
      'classification.escalationTriggers.customerImpactCount',
      'classification.escalationTriggers.uncertaintyThreshold',
    ]);
    expect(e.issues).toContainEqual({
      path: 'classification.classification.impact',
      message: 'expected one of "low", "medium", "high", "critical"',
    });
  });

  it('needs the whole classification in code: a missing field is named', () => {
    const err = caught(() => parseWorkflowClassification(declared({ classification: { impact: 'low' } })));
    expect((err as WorkflowClassificationError).issues.map((i) => i.path)).toContain(
      'classification.classification.financialImpact',
    );
  });
});

describe('resolveWorkflowPolicy: code default, policy override, every value sourced', () => {
  it('takes the code default when the policy says nothing', () => {
    const w = resolveWorkflowPolicy(declared(RECOVERY), undefined);
    expect(w.autonomyLevel).toEqual({ value: 2, source: 'code' });
    expect(w.classification?.impact).toEqual({ value: 'medium', source: 'code' });
    expect(w.escalationTriggers).toEqual({
      financialThreshold: { value: 500, source: 'code' },
      customerImpactCount: null,
      systemHealthThreshold: null,
      uncertaintyThreshold: { value: 0.1, source: 'code' },
    });
    expect(w.approvalKind).toEqual({ policy: null, code: 'synchronous' });
    expect(w.actionKinds).toEqual({});
  });

  it('replaces field by field with the policy file (the operator may lower what the code says)', () => {
    const w = resolveWorkflowPolicy(declared(RECOVERY), {
      autonomyLevel: 1,
      classification: { impact: 'low', financialImpact: 20 },
      escalationTriggers: { financialThreshold: null, systemHealthThreshold: 99.5 },
      approvalKind: 'asynchronous',
      actions: { refund: { approvalKind: 'consensus' } },
    });
    expect(w.autonomyLevel).toEqual({ value: 1, source: 'policy' });
    expect(w.classification?.impact).toEqual({ value: 'low', source: 'policy' });
    expect(w.classification?.financialImpact).toEqual({ value: 20, source: 'policy' });
    expect(w.classification?.reversibility).toEqual({ value: 'reversible', source: 'code' });
    // null removes the code's trigger; the policy's global one then applies alone.
    expect(w.escalationTriggers.financialThreshold).toBeNull();
    expect(w.escalationTriggers.systemHealthThreshold).toEqual({ value: 99.5, source: 'policy' });
    expect(w.escalationTriggers.uncertaintyThreshold).toEqual({ value: 0.1, source: 'code' });
    expect(w.approvalKind).toEqual({ policy: 'asynchronous', code: 'synchronous' });
    expect(w.actionKinds).toEqual({ refund: 'consensus' });
  });

  it('null for the approval kind or the level removes the code default', () => {
    const w = resolveWorkflowPolicy(declared(RECOVERY), { approvalKind: null, autonomyLevel: null });
    expect(w.approvalKind).toEqual({ policy: null, code: null });
    expect(w.autonomyLevel).toBeNull();
  });

  it('a workflow unclassified in code is classified by the policy only as a whole', () => {
    const full = resolveWorkflowPolicy(declared(undefined), { classification: classification({ impact: 'high' }) });
    expect(full.classification?.impact).toEqual({ value: 'high', source: 'policy' });
    const err = caught(() => resolveWorkflowPolicy(declared(undefined), { classification: { impact: 'high' } }));
    expect(err).toBeInstanceOf(PolicyValidationError);
    expect((err as PolicyValidationError).issues.map((i) => i.path)).toEqual([
      'workflows.ops.refund.classification.complexity',
      'workflows.ops.refund.classification.reversibility',
      'workflows.ops.refund.classification.stakeholders',
      'workflows.ops.refund.classification.financialImpact',
      'workflows.ops.refund.classification.timeToExecute',
    ]);
    const plain = resolveWorkflowPolicy(declared(undefined), { approvalKind: 'synchronous' });
    expect(plain.classification).toBeNull();
    expect(plain.approvalKind.policy).toBe('synchronous');
  });
});

describe('the policy file: workflows section', () => {
  it('is validated with field paths', () => {
    const err = caught(() =>
      resolvePolicy({
        workflows: {
          'billing.recovery': {
            classification: { impact: 'huge' },
            escalationTriggers: { systemHealthThreshold: 120 },
            actions: { refund: { approvalKind: 'soon' }, 'bad type!': { approvalKind: 'synchronous' } },
            surprise: true,
          },
          'no spaces allowed': {},
        },
      }),
    );
    expect(err).toBeInstanceOf(PolicyValidationError);
    const paths = (err as PolicyValidationError).issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'workflows.billing.recovery.classification.impact',
        'workflows.billing.recovery.escalationTriggers.systemHealthThreshold',
        'workflows.billing.recovery.actions.refund.approvalKind',
        'workflows.billing.recovery.surprise',
      ]),
    );
    expect(paths.some((p) => p.includes('bad type!'))).toBe(true);
    expect(paths.some((p) => p.includes('no spaces allowed'))).toBe(true);
  });

  it('defaults to no overrides', () => {
    expect(DEFAULT_POLICY.workflows).toEqual({});
    expect(resolvePolicy({ workflows: { 'billing.recovery': { approvalKind: 'synchronous' } } }).workflows).toEqual({
      'billing.recovery': { approvalKind: 'synchronous' },
    });
  });

  it('names an unknown workflow and lists the registered ones', () => {
    const overrides = { 'billing.recovry': { autonomyLevel: 3 as const }, 'billing.recovery': {} };
    expect(() => checkWorkflowOverrides(overrides, ['billing.recovery', 'billing.cycle'])).toThrow(
      'workflows.billing.recovry: unknown workflow "billing.recovry"; registered workflows: billing.cycle, billing.recovery',
    );
    expect(() => checkWorkflowOverrides(overrides, ['billing.recovery', 'billing.recovry'])).not.toThrow();
  });
});
