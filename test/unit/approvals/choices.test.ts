/**
 * Approvals with choices, as pure rules: the proposal's validation, the decision record, the
 * lifecycle's refusals, and the gate's verdict (which carries the approved choice).
 */
import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalRefusalCode, DecisionInput } from '../../../src/approvals/index.ts';
import {
  ApprovalRefusedError,
  applyDecision,
  applyTimeout,
  decideGateOutcome,
  openApproval,
} from '../../../src/approvals/index.ts';
import {
  ActionValidationError,
  DEFAULT_POLICY,
  buildDecisionRecord,
  formatDecisionRecord,
  parseProposedAction,
  type DecisionRecord,
} from '../../../src/policy/index.ts';
import { CALENDAR, HOUR, MINUTE, T0, consensusRecord, proposal, record } from './fixtures.ts';

const directory = DEFAULT_POLICY.directory;
const options = { directory, hasConservativeDefault: true };

const CHOICES = [
  { id: 'retry_now', label: 'Retry the charge now', description: 'Charge the card on file again.' },
  { id: 'extend_grace', label: 'Extend the grace period' },
  { id: 'write_off', label: 'Write the invoice off' },
];

function open(r: DecisionRecord): Approval {
  return openApproval({ id: 'apr_1', runId: 'run_1', record: r, now: T0 }, directory, CALENDAR);
}

function decide(
  a: Approval,
  by: string,
  verdict: 'approve' | 'reject',
  extra: Partial<DecisionInput> = {},
  at = T0 + MINUTE,
): Approval {
  return applyDecision(a, { approvalId: a.id, by, verdict, channel: 'dashboard', ...extra }, at, directory);
}

function refusal(fn: () => unknown): ApprovalRefusalCode {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApprovalRefusedError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

function issuesOf(raw: unknown): { path: string; message: string }[] {
  try {
    parseProposedAction(raw);
  } catch (err) {
    if (err instanceof ActionValidationError) return err.issues;
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('ProposedAction.choices', () => {
  it('accepts 2 to 8 snake_case options with labels and optional descriptions', () => {
    expect(parseProposedAction({ ...proposal(4200), choices: CHOICES }).choices).toEqual(CHOICES);
    expect(parseProposedAction(proposal(4200)).choices).toBeUndefined();
  });

  it('refuses duplicate ids with the field path of the duplicate', () => {
    const issues = issuesOf({ ...proposal(4200), choices: [...CHOICES, { id: 'extend_grace', label: 'Again' }] });
    expect(issues).toEqual([{ path: 'choices[3].id', message: 'duplicate choice id "extend_grace"' }]);
  });

  it('refuses too few, too many, bad ids, empty labels and unknown fields', () => {
    expect(issuesOf({ ...proposal(4200), choices: [CHOICES[0]] }).map((i) => i.path)).toEqual(['choices']);
    const nine = Array.from({ length: 9 }, (_, i) => ({ id: `c${i}`, label: `Option ${i}` }));
    expect(issuesOf({ ...proposal(4200), choices: nine }).map((i) => i.path)).toEqual(['choices']);
    const bad = [
      { id: 'Retry Now', label: 'x' },
      { id: 'ok', label: '' },
      { id: 'also_ok', label: 'y', colour: 'red' },
    ];
    expect(issuesOf({ ...proposal(4200), choices: bad }).map((i) => i.path)).toEqual([
      'choices[0].id',
      'choices[1].label',
      'choices[2].colour',
    ]);
  });
});

describe('the decision record with choices', () => {
  it('carries the options (and has no choices key without them), and the text lists them', () => {
    const r = record(4200, { choices: CHOICES });
    expect(r.choices).toEqual(CHOICES);
    expect('choices' in record(4200)).toBe(false);
    const text = formatDecisionRecord(r);
    expect(text).toContain('Options (the approver chooses one):');
    expect(text).toContain('  - Retry the charge now [retry_now]: Charge the card on file again.');
    expect(text).toContain('  - Write the invoice off [write_off]');
    expect(formatDecisionRecord(record(4200))).not.toContain('Options');
  });

  it('is stored with the approval it opens', () => {
    expect((open(record(4200, { choices: CHOICES })).record as DecisionRecord).choices).toEqual(CHOICES);
  });
});

describe('applyDecision with choices', () => {
  const withChoices = open(record(4200, { choices: CHOICES }));

  it('records the approved choice', () => {
    const a = decide(withChoices, 'fiona', 'approve', { choice: 'write_off' });
    expect(a.status).toBe('approved');
    expect(a.decisions).toMatchObject([{ by: 'fiona', verdict: 'approve', choice: 'write_off' }]);
  });

  it('refuses an approval without a choice, an unknown choice, and a choice where there are none', () => {
    expect(refusal(() => decide(withChoices, 'fiona', 'approve'))).toBe('CHOICE_REQUIRED');
    expect(refusal(() => decide(withChoices, 'fiona', 'approve', { choice: '' }))).toBe('CHOICE_REQUIRED');
    expect(refusal(() => decide(withChoices, 'fiona', 'approve', { choice: 'suspend' }))).toBe('UNKNOWN_CHOICE');
    expect(refusal(() => decide(open(record(4200)), 'fiona', 'approve', { choice: 'retry_now' }))).toBe(
      'UNKNOWN_CHOICE',
    );
    expect(() => decide(withChoices, 'fiona', 'approve', { choice: 'suspend' })).toThrow(
      /choose one of retry_now, extend_grace, write_off/,
    );
  });

  it('lets a rejection through without a choice, and records none', () => {
    const a = decide(withChoices, 'fiona', 'reject', { reason: 'the customer paid by wire' });
    expect(a.status).toBe('rejected');
    expect(a.decisions[0]!.choice).toBeNull();
    expect(
      decide(withChoices, 'fiona', 'reject', { reason: 'no', choice: 'retry_now' }).decisions[0]!.choice,
    ).toBeNull();
  });

  it('approvals without choices behave as before and record choice null', () => {
    expect(decide(open(record(4200)), 'fiona', 'approve').decisions[0]).toMatchObject({
      verdict: 'approve',
      choice: null,
    });
  });

  it('consensus: approvers must agree on one option; a different one is refused', () => {
    const a = open(consensusRecord(DEFAULT_POLICY, { choices: CHOICES }));
    const first = decide(a, 'fiona', 'approve', { choice: 'extend_grace' });
    expect(first.status).toBe('pending');
    expect(refusal(() => decide(first, 'sam', 'approve', { choice: 'write_off' }))).toBe('CHOICE_CONFLICT');
    expect(() => decide(first, 'sam', 'approve', { choice: 'write_off' })).toThrow(
      /fiona already approved "extend_grace"/,
    );
    const both = decide(first, 'sam', 'approve', { choice: 'extend_grace' });
    expect(both.status).toBe('approved');
    expect(decideGateOutcome(both.record as DecisionRecord, both, options)).toEqual({
      action: 'execute',
      basis: 'approved',
      choice: 'extend_grace',
    });
  });

  it('consensus: the final decision maker settles it, choice included', () => {
    const r = consensusRecord(DEFAULT_POLICY, { choices: CHOICES });
    const fiona = decide(open(r), 'fiona', 'approve', { choice: 'extend_grace' });
    const escalated = applyTimeout(fiona, 1, T0 + 24 * HOUR, directory, CALENDAR).approval;
    const settled = decide(escalated, 'olivia', 'approve', { choice: 'write_off' }, T0 + 25 * HOUR);
    expect(settled.status).toBe('approved');
    expect(decideGateOutcome(r, settled, options)).toEqual({
      action: 'execute',
      basis: 'approved',
      choice: 'write_off',
    });
  });
});

describe('decideGateOutcome with choices', () => {
  const r = record(4200, { choices: CHOICES });

  it('executes with the approved choice', () => {
    expect(decideGateOutcome(r, decide(open(r), 'fiona', 'approve', { choice: 'retry_now' }), options)).toEqual({
      action: 'execute',
      basis: 'approved',
      choice: 'retry_now',
    });
  });

  it('refuses a row changed behind its back: no choice, an unknown one, or approvers disagreeing', () => {
    const approved = decide(open(r), 'fiona', 'approve', { choice: 'retry_now' });
    const forge = (choice: string | null): Approval => ({
      ...approved,
      decisions: [{ ...approved.decisions[0]!, choice }],
    });
    const invalid = { action: 'do_not_execute', reason: 'approval_invalid' };
    expect(decideGateOutcome(r, forge(null), options)).toEqual(invalid);
    expect(decideGateOutcome(r, forge('suspend'), options)).toEqual(invalid);
    const c = consensusRecord(DEFAULT_POLICY, { choices: CHOICES });
    const fiona = decide(open(c), 'fiona', 'approve', { choice: 'retry_now' });
    const sam = {
      ...fiona.decisions[0]!,
      seq: 2,
      by: 'sam',
      requirement: 'customer_success_manager',
      choice: 'write_off',
    };
    expect(
      decideGateOutcome(c, { ...fiona, status: 'approved', decisions: [...fiona.decisions, sam] }, options),
    ).toEqual(invalid);
  });

  it('Level 3 returns the chosen option with the decision', () => {
    const big = record(30_000, { choices: CHOICES });
    const a = decide(open(big), 'bianca', 'approve', { choice: 'extend_grace' });
    expect(decideGateOutcome(big, a, options)).toEqual({
      action: 'return_decision',
      decision: 'approved',
      choice: 'extend_grace',
    });
  });

  it('verdicts of actions without choices carry no choice key', () => {
    const plain = record(4200);
    expect(decideGateOutcome(plain, decide(open(plain), 'fiona', 'approve'), options)).toStrictEqual({
      action: 'execute',
      basis: 'approved',
    });
    expect(buildDecisionRecord(proposal(4200), DEFAULT_POLICY)).not.toHaveProperty('choices');
  });
});
