import { describe, expect, it } from 'vitest';
import {
  ActionValidationError,
  DEFAULT_POLICY,
  actionTypeOf,
  buildDecisionRecord,
  classifyAction,
  formatDecisionRecord,
  resolvePolicy,
  resolveWorkflowPolicy,
  type WorkflowClassificationInput,
  type WorkflowOverride,
  type WorkflowPolicy,
} from '../../../src/policy/index.ts';
import { action, classification } from './fixtures.ts';

const P = DEFAULT_POLICY;

const RECOVERY: WorkflowClassificationInput = {
  autonomyLevel: 2,
  classification: classification({ impact: 'medium', reversibility: 'reversible', stakeholders: 'customer_facing' }),
};

function workflow(code: WorkflowClassificationInput | undefined, override?: WorkflowOverride): WorkflowPolicy {
  return resolveWorkflowPolicy({ name: 'ops.recovery', version: 1, classification: code }, override);
}

/** An action with no classification of its own. */
const bare = (overrides: Parameters<typeof action>[0] = {}) => {
  const { classification: _omitted, ...rest } = action(overrides);
  return rest;
};

describe('an action inside a classified workflow', () => {
  it('inherits the whole classification when it gives none', () => {
    const c = classifyAction(bare(), P, workflow(RECOVERY));
    expect(c.classification).toEqual(RECOVERY.classification);
    expect(c.sources.classification.impact).toEqual({ value: 'medium', source: 'code' });
    expect(c.declaredLevel).toEqual({ value: 2, source: 'code' });
  });

  it('may raise each dimension, never lower it; money and time take the larger', () => {
    const c = classifyAction(
      action(
        {},
        { impact: 'low', complexity: 'complex', stakeholders: 'public', financialImpact: 250, timeToExecute: 0 },
      ),
      P,
      workflow({ classification: { ...RECOVERY.classification, financialImpact: 100, timeToExecute: 5 } }),
    );
    expect(c.classification).toEqual({
      impact: 'medium',
      complexity: 'complex',
      reversibility: 'reversible',
      stakeholders: 'public',
      financialImpact: 250,
      timeToExecute: 5,
    });
    expect(Object.fromEntries(Object.entries(c.sources.classification).map(([field, v]) => [field, v.source]))).toEqual(
      {
        impact: 'code',
        complexity: 'action',
        reversibility: 'code',
        stakeholders: 'action',
        financialImpact: 'action',
        timeToExecute: 'code',
      },
    );
  });

  it('is at least at the level the workflow declares, with the reason in the record', () => {
    const lowWorkflow: WorkflowClassificationInput = { autonomyLevel: 2, classification: classification() };
    const record = buildDecisionRecord(action({}, { financialImpact: 10 }), P, workflow(lowWorkflow));
    expect([record.baseLevel, record.level]).toEqual([2, 2]);
    expect(record.rules.map((r) => r.id)).toEqual(['autonomy.level1', 'workflow.autonomyLevel']);
    expect(record.rules[1]?.reason).toBe('Level 2: workflow ops.recovery declares Level 2 (workflow code default)');
    // Outside the workflow the same action is Level 1.
    expect(buildDecisionRecord(action({}, { financialImpact: 10 }), P).level).toBe(1);
  });

  it('uses the policy override instead of the code default, and says so', () => {
    const overridden = workflow(RECOVERY, { autonomyLevel: 3, classification: { impact: 'high' } });
    const record = buildDecisionRecord(bare(), P, overridden);
    expect(record.level).toBe(3);
    expect(record.sources?.autonomyLevel).toEqual({ value: 3, source: 'policy' });
    expect(record.sources?.classification.impact).toEqual({ value: 'high', source: 'policy' });
    expect(record.rules.at(-1)?.reason).toBe(
      'Level 3: workflow ops.recovery declares Level 3 (policy file (workflows.ops.recovery))',
    );
  });
});

describe('outside a classified workflow', () => {
  it('the action must give its classification (today’s rule)', () => {
    for (const w of [undefined, workflow(undefined)]) {
      let err: unknown;
      try {
        classifyAction(bare(), P, w);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ActionValidationError);
      expect((err as ActionValidationError).issues).toEqual([
        {
          path: 'classification',
          message: 'required: the action is not inside a classified workflow, so it must give its classification',
        },
      ]);
    }
  });

  it('the record is exactly what it was before workflows had classifications', () => {
    const record = buildDecisionRecord(action({}, { financialImpact: 4200 }), P);
    expect(record).not.toHaveProperty('sources');
    expect(record.route.approval?.kind).toBe('asynchronous');
  });
});

describe('escalation triggers: the strictest of global policy, workflow and action', () => {
  const signals = { financialImpact: 600, customersAffected: 3, systemHealth: 99.95, modelConfidence: 0.88 };

  it('maps the seed’s trigger names onto the run-time triggers', () => {
    // Globally none of these signals fires (Level 2 at $1,000, above 5 customers, below 99.9%, below 0.85).
    expect(buildDecisionRecord(action({ signals }), P).triggers).toEqual([]);
    const w = workflow({
      classification: classification(),
      escalationTriggers: {
        financialThreshold: 600,
        customerImpactCount: 2,
        systemHealthThreshold: 99.99,
        uncertaintyThreshold: 0.1,
      },
    });
    const record = buildDecisionRecord(action({ signals }), P, w);
    expect(record.triggers.map((t) => [t.trigger, t.level, t.threshold])).toEqual([
      ['financialImpact', 2, 600],
      ['customersAffected', 2, 2],
      ['systemHealth', 2, 99.99],
      ['modelConfidence', 2, 0.9],
    ]);
    expect(record.triggers[0]?.reason).toBe('Raised to Level 2: financial impact $600 reaches $600');
    expect(record.level).toBe(2);
  });

  it('never loosens: a workflow or action threshold laxer than the policy’s is ignored', () => {
    const lax = workflow({
      classification: classification(),
      escalationTriggers: { financialThreshold: 5000, customerImpactCount: 50, systemHealthThreshold: 90 },
    });
    const record = buildDecisionRecord(
      action({
        signals: { financialImpact: 1000, customersAffected: 6, systemHealth: 99.5 },
        escalationTriggers: { uncertaintyThreshold: 0.5 },
      }),
      P,
      lax,
    );
    expect(record.triggers.map((t) => [t.trigger, t.threshold])).toEqual([
      ['financialImpact', 1000],
      ['customersAffected', 5],
      ['systemHealth', 99.9],
    ]);
    expect(record.sources?.escalationTriggers).toEqual({
      financialThreshold: { value: 1000, source: 'global' },
      customerImpactCount: { value: 5, source: 'global' },
      systemHealthThreshold: { value: 99.9, source: 'global' },
      uncertaintyThreshold: { value: 0.15, source: 'global' },
    });
  });

  it('an action tightens further than its workflow, and the record credits it', () => {
    const w = workflow({ classification: classification(), escalationTriggers: { financialThreshold: 800 } });
    const c = classifyAction(action({ escalationTriggers: { financialThreshold: 300 } }), P, w);
    expect(c.sources.escalationTriggers.financialThreshold).toEqual({ value: 300, source: 'action' });
    expect(c.escalation.financialImpact).toEqual({ level2AtOrAboveUsd: 300, level3AboveUsd: 10000 });
    // The global Level 3 threshold is untouched: the seed's triggers are Level 2 triggers.
    expect(classifyAction(action(), P, w).escalation.financialImpact.level2AtOrAboveUsd).toBe(800);
  });

  it('applies where the policy switched a trigger off', () => {
    const off = resolvePolicy({ escalation: { financialImpact: { level2AtOrAboveUsd: null } } });
    const w = workflow({ classification: classification(), escalationTriggers: { financialThreshold: 200 } });
    expect(buildDecisionRecord(action({ signals: { financialImpact: 300 } }), off).level).toBe(1);
    expect(buildDecisionRecord(action({ signals: { financialImpact: 300 } }), off, w).level).toBe(2);
  });
});

describe('approval kind per action', () => {
  const kindOf = (w: WorkflowPolicy | undefined, asked?: 'synchronous' | 'asynchronous' | 'consensus') =>
    classifyAction(action({ id: 'refund:42', approvalKind: asked }), P, w).approvalKind;

  it('follows the precedence: policy per action type > policy per workflow > action > workflow code > default', () => {
    const code = { classification: classification(), approvalKind: 'consensus' as const };
    expect(kindOf(undefined)).toEqual({ value: 'asynchronous', source: 'global' });
    expect(kindOf(workflow(code))).toEqual({ value: 'consensus', source: 'code' });
    expect(kindOf(workflow(code), 'synchronous')).toEqual({ value: 'synchronous', source: 'action' });
    expect(kindOf(workflow(code, { approvalKind: 'asynchronous' }), 'synchronous')).toEqual({
      value: 'asynchronous',
      source: 'policy',
    });
    const perType = workflow(code, {
      approvalKind: 'asynchronous',
      actions: { refund: { approvalKind: 'synchronous' } },
    });
    expect(kindOf(perType, 'consensus')).toEqual({ value: 'synchronous', source: 'policy_action_type' });
  });

  it('the action type is its own `type`, else its id up to the first colon', () => {
    expect(actionTypeOf({ id: 'billing.recovery:inv_1:0' })).toBe('billing.recovery');
    expect(actionTypeOf({ id: 'refund-42' })).toBe('refund-42');
    expect(actionTypeOf({ id: 'refund:42', type: 'customer.refund' })).toBe('customer.refund');
  });

  it('routing keeps its money and customer rules: two or more approvals are always a consensus', () => {
    const sync = { approvalKind: 'synchronous' as const };
    const alone = buildDecisionRecord(action(sync, { impact: 'medium', financialImpact: 4200 }), P);
    expect(alone.route.approval).toMatchObject({
      kind: 'synchronous',
      timeoutMinutes: 5,
      fallback: 'escalate_to_backup',
    });
    const both = buildDecisionRecord(
      action(
        { ...sync, customers: [{ id: 'c1', successManagerId: 'sam' }] },
        { impact: 'medium', financialImpact: 4200 },
      ),
      P,
    );
    expect(both.route.approval).toMatchObject({ kind: 'consensus', approvalsNeeded: 2 });
  });
});

describe('the decision record names where each value came from', () => {
  it('lists the sources in text when asked (notifications leave them out)', () => {
    const w = workflow(RECOVERY, { escalationTriggers: { systemHealthThreshold: 99.95 } });
    const record = buildDecisionRecord(
      action({ id: 'refund:9', approvalKind: 'synchronous' }, { impact: 'high', financialImpact: 1200 }),
      P,
      w,
    );
    const text = formatDecisionRecord(record, { sources: true });
    expect(text).toContain('Where the values came from (workflow ops.recovery, action type refund):');
    expect(text).toContain('  - impact: high (the action itself)');
    expect(text).toContain('  - reversibility: reversible (workflow code default)');
    expect(text).toContain('  - financial impact: $1,200 (the action itself)');
    expect(text).toContain('  - declared level: Level 2 (workflow code default)');
    expect(text).toContain(
      '  - system health threshold: Level 2 below 99.95% health (policy file (workflows.ops.recovery))',
    );
    expect(text).toContain(
      '  - uncertainty threshold: Level 2 above 15% uncertainty (model confidence below 85%) (global policy)',
    );
    expect(text).toContain('  - approval kind asked: synchronous (the action itself)');
    expect(formatDecisionRecord(record)).not.toContain('Where the values came from');
  });
});
