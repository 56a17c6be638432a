import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/lib/errors.ts';
import {
  ActionValidationError,
  DEFAULT_POLICY,
  buildDecisionRecord,
  effectiveSignals,
  formatDecisionRecord,
  parseProposedAction,
} from '../../../src/policy/index.ts';
import { action } from './fixtures.ts';

const P = DEFAULT_POLICY;

describe('buildDecisionRecord', () => {
  it('records a Level 1 action that executes and reports', () => {
    const record = buildDecisionRecord(action({}, { financialImpact: 120 }), P);
    expect(record).toMatchObject({
      actionId: 'act-1',
      level: 1,
      baseLevel: 1,
      mode: 'execute_and_report',
      triggers: [],
      initiatedBy: null,
    });
    expect(record.route).toMatchObject({ autoApproved: true, requirements: [], approval: null });
  });

  it('explains Level 2 in the words of the issue', () => {
    const record = buildDecisionRecord(action({}, { financialImpact: 4200 }), P);
    expect(record.level).toBe(2);
    expect(record.mode).toBe('execute_with_approval');
    expect(record.rules.map((r) => r.reason)).toEqual(['Level 2: financial impact $4,200 is above $1,000']);
    expect(record.route.requirements.map((r) => r.role)).toEqual(['finance_manager']);
  });

  it('raises with run-time triggers, never lowers, and marks which ones changed the level', () => {
    const raised = buildDecisionRecord(
      action({ signals: { modelConfidence: 0.5, systemHealth: 99.5 } }, { impact: 'medium' }),
      P,
    );
    expect([raised.baseLevel, raised.level, raised.mode]).toEqual([2, 3, 'recommend_only']);
    expect(raised.triggers.map((t) => [t.trigger, t.level, t.raisedLevel])).toEqual([
      ['systemHealth', 2, false],
      ['modelConfidence', 3, true],
    ]);
    const alreadyHigh = buildDecisionRecord(
      action({ signals: { modelConfidence: 0.99, systemHealth: 100 } }, { impact: 'critical' }),
      P,
    );
    expect([alreadyHigh.baseLevel, alreadyHigh.level]).toEqual([3, 3]);
    expect(alreadyHigh.triggers).toEqual([]);
  });

  it('routes by the run-time amount when it is known', () => {
    const record = buildDecisionRecord(
      action({ signals: { financialImpact: 6000 } }, { impact: 'medium', financialImpact: 2000 }),
      P,
    );
    expect(record.rules.map((r) => r.id)).toEqual(['autonomy.level2.impact', 'autonomy.level2.financialImpact']);
    expect(record.triggers.map((t) => t.reason)).toEqual([
      'Raised to Level 2: financial impact $6,000 is above $1,000',
    ]);
    expect(record.route.requirements.map((r) => r.role)).toEqual(['cfo']);
  });

  it('counts listed customers for the customers-affected trigger', () => {
    const customers = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}` }));
    expect(effectiveSignals(action({ customers }))).toEqual({ customersAffected: 6 });
    expect(effectiveSignals(action({ customers, signals: { customersAffected: 3 } }))).toEqual({
      customersAffected: 6,
    });
    expect(effectiveSignals(action({ signals: { customersAffected: 70 } }))).toEqual({ customersAffected: 70 });
    expect(effectiveSignals(action())).toEqual({});
    const record = buildDecisionRecord(action({ customers }), P);
    expect([record.baseLevel, record.level]).toEqual([1, 2]);
    expect(record.route.requirements.map((r) => r.role)).toEqual(['head_of_customer_success']);
  });

  it('is plain JSON, so the audit log can store it as is', () => {
    const proposed = action(
      { customers: [{ id: 'c1', enterprise: true }], initiatedBy: 'fiona' },
      { financialImpact: 30_000 },
    );
    const record = buildDecisionRecord(proposed, P);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

describe('formatDecisionRecord', () => {
  it('renders a Level 1 record', () => {
    expect(
      formatDecisionRecord(buildDecisionRecord(action({ title: 'Send usage report' }, { financialImpact: 0 }), P)),
    ).toBe(
      [
        'Action act-1: Send usage report',
        'Decision: Level 1 (PsiZero executes and reports)',
        'Base level 1:',
        '  - Level 1: low impact, simple, easily reversible, and financial impact $0 is below $1,000',
        'Approval: none needed',
      ].join('\n'),
    );
  });

  it('renders rules, triggers and the combined route', () => {
    const record = buildDecisionRecord(
      action(
        {
          id: 'refund-42',
          title: 'Refund a duplicate charge',
          customers: [{ id: 'c1', name: 'Acme', successManagerId: 'sam' }],
          signals: { modelConfidence: 0.7 },
        },
        { impact: 'medium', reversibility: 'reversible', financialImpact: 4200.5 },
      ),
      P,
    );
    expect(formatDecisionRecord(record)).toBe(
      [
        'Action refund-42: Refund a duplicate charge',
        'Decision: Level 2 (PsiZero executes only after approval)',
        'Base level 2:',
        '  - Level 2: impact is medium (only low-impact actions run without approval)',
        '  - Level 2: the action is reversible with effort (only easily reversible actions run without approval)',
        '  - Level 2: financial impact $4,200.50 is above $1,000',
        'Escalation triggers:',
        '  - Raised to Level 2: model confidence 70% is below 85% (no change: already Level 2)',
        'Approval: consensus, 2 of 2 required; waits 24 hours, then escalate to the final decision maker (CEO)',
        '  - finance manager: Fiona Finch (fiona)',
        '      finance manager approval: financial impact $4,200.50 is at least $1,000 and under $5,000',
        '  - customer success manager: Sam Singh (sam)',
        '      customer success manager approval: one customer (Acme) affected',
      ].join('\n'),
    );
  });

  it('says who decides at Level 3 and spells out single-approver timeouts', () => {
    const text = formatDecisionRecord(
      buildDecisionRecord(action({}, { complexity: 'strategic', financialImpact: 12_000 }), P),
    );
    expect(text).toContain('Decision: Level 3 (PsiZero only recommends; a person decides)');
    expect(text).toContain(
      '  - Level 3: the decision is strategic\n  - Level 3: financial impact $12,000 is above $10,000',
    );
    expect(text).toContain(
      "Decided by: asynchronous, 1 of 1 required; waits 4 hours, then take the workflow's conservative default",
    );
    expect(text).toContain('  - CFO: Carlos Chen (carlos)');
    const sync = { ...P, approvals: { ...P.approvals, defaultKind: 'synchronous' as const } };
    expect(formatDecisionRecord(buildDecisionRecord(action({}, { financialImpact: 2000 }), sync))).toContain(
      "Approval: synchronous, 1 of 1 required; waits 5 minutes, then escalate to each approver's backup",
    );
  });
});

describe('parseProposedAction', () => {
  it('accepts a valid action', () => {
    const raw = { id: 'a', title: 'T', classification: action().classification, customers: [{ id: 'c1' }] };
    expect(parseProposedAction(raw)).toEqual(raw);
  });

  it('names the bad fields', () => {
    const raw = {
      id: 'a',
      title: 'T',
      classification: { ...action().classification, impact: 'huge', financialImpact: '12' },
      signals: { modelConfidence: 3 },
      colour: 'red',
    };
    let caught: unknown;
    try {
      parseProposedAction(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ActionValidationError);
    expect(caught).toBeInstanceOf(ValidationError);
    const err = caught as ActionValidationError;
    expect(err.code).toBe('ACTION_INVALID');
    expect(err.issues).toEqual([
      { path: 'classification.impact', message: 'expected one of "low", "medium", "high", "critical"' },
      { path: 'classification.financialImpact', message: 'expected number, received string' },
      { path: 'signals.modelConfidence', message: expect.stringMatching(/<=1/) as unknown },
      { path: 'colour', message: 'unknown field' },
    ]);
  });
});
