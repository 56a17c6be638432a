import { describe, expect, it } from 'vitest';
import type { ApprovalDecision, GateResult } from '../../../src/approvals/index.ts';
import { DEFAULT_POLICY, buildDecisionRecord } from '../../../src/policy/index.ts';
import { RECOVERY_CHOICES } from '../../../src/workflows/billing/recovery-choices.ts';
import { choiceEffect, decisionWords } from '../../../src/workflows/billing/recovery-decisions.ts';
import { recoveryRules } from '../../../src/workflows/billing/recovery-rules.ts';

const record = buildDecisionRecord(
  {
    id: 'billing.recovery:in_1:1',
    title: 'Recover $12,000 from Acme (invoice PZ-1)',
    classification: {
      impact: 'medium',
      complexity: 'moderate',
      reversibility: 'reversible',
      stakeholders: 'customer_facing',
      financialImpact: 12_000,
      timeToExecute: 5,
    },
    customers: [{ id: 'acme', name: 'Acme', successManagerId: 'sam' }],
    choices: RECOVERY_CHOICES.map((c) => ({ ...c })),
  },
  DEFAULT_POLICY,
);
const base = { actionId: record.actionId, level: record.level, record, approvalId: 'apr_1' };
const decision = (by: string, verdict: 'approve' | 'reject', choice: string | null): ApprovalDecision => ({
  seq: 1,
  by,
  verdict,
  requirement: 'cfo',
  settlesAll: false,
  round: 1,
  at: 0,
  channel: 'dashboard',
  comment: null,
  reason: null,
  choice,
});
const words = (
  result: GateResult<unknown, unknown>,
  decisions: ApprovalDecision[],
  effect = null as null | { done: boolean; words: string },
) => decisionWords(result, decisions, DEFAULT_POLICY.directory, effect, 'the automated recovery schedule continues');

describe('what became of a decision, in words', () => {
  const both = [decision('carlos', 'approve', 'write_off'), decision('sam', 'approve', 'write_off')];

  it('names who chose what and what carrying it out did, at Level 3 as at Level 2', () => {
    const decided = {
      ...base,
      outcome: 'decided',
      decision: 'approved',
      decisions: both,
      choice: 'write_off',
    } as const;
    expect(words(decided, both, choiceEffect({ kind: 'written_off' }))).toEqual({
      outcome: 'carried_out',
      summary:
        'Carlos Chen and Sam Singh chose "Write the invoice off": carried out; the invoice is written off and full access restored',
    });
    const executed = { ...base, outcome: 'executed', result: null, choice: 'retry_now' } as const;
    expect(words(executed, [decision('sam', 'approve', 'retry_now')], choiceEffect({ kind: 'already_paid' }))).toEqual({
      outcome: 'not_carried_out',
      summary: 'Sam Singh chose "Retry the charge now"; not carried out: the invoice was paid meanwhile',
    });
  });

  it('says a rejection, an approval that authorised nothing, and nobody deciding apart', () => {
    const rejected = { ...base, outcome: 'not_executed', reason: 'rejected' } as const;
    expect(words(rejected, [decision('sam', 'reject', null)])).toEqual({
      outcome: 'rejected',
      summary: 'Sam Singh rejected; the automated recovery schedule continues',
    });
    const split = [decision('carlos', 'approve', 'write_off'), decision('sam', 'approve', 'suspend')];
    const invalid = { ...base, outcome: 'not_executed', reason: 'approval_invalid' } as const;
    expect(words(invalid, split).summary).toBe(
      'not carried out: the approvals did not agree on one option (Carlos Chen chose "Write the invoice off", Sam Singh chose "Suspend API access"); the automated recovery schedule continues',
    );
    expect(words({ ...base, outcome: 'expired' }, [])).toEqual({
      outcome: 'expired',
      summary: 'nobody decided in time; the automated recovery schedule continues',
    });
  });
});

describe('the versions of billing.recovery', () => {
  it('keeps version 1 as it was and turns every rule of issue 13 on from version 2', () => {
    expect(Object.values(recoveryRules(1)).every((on) => !on)).toBe(true);
    expect(Object.values(recoveryRules(2)).every((on) => on)).toBe(true);
  });
});
