/**
 * Options that cannot succeed: an action marks them `unavailable` with why; people see them with the
 * reason, nobody can approve one, and the gate never executes one even from a forged row. Billing
 * marks a retry of a hard-declined or disputed charge so.
 */
import { describe, expect, it } from 'vitest';
import type { Approval } from '../../../src/approvals/index.ts';
import { ApprovalRefusedError, applyDecision, decideGateOutcome, openApproval } from '../../../src/approvals/index.ts';
import {
  ActionValidationError,
  DEFAULT_POLICY,
  formatDecisionRecord,
  parseProposedAction,
} from '../../../src/policy/index.ts';
import { offeredRecoveryChoices, recommendChoice } from '../../../src/workflows/billing/recovery-choices.ts';
import { CALENDAR, MINUTE, T0, proposal, record } from './fixtures.ts';

const directory = DEFAULT_POLICY.directory;
const CHOICES = [
  {
    id: 'retry_now',
    label: 'Retry the charge now',
    unavailable: 'the card was reported stolen; charging it again cannot succeed',
  },
  { id: 'extend_grace', label: 'Extend the grace period' },
  { id: 'write_off', label: 'Write the invoice off' },
];

function open(): Approval {
  return openApproval(
    { id: 'apr_1', runId: 'run_1', record: record(4200, { choices: CHOICES }), now: T0 },
    directory,
    CALENDAR,
  );
}

describe('unavailable options', () => {
  it('are part of the proposal and the record, with why; at least one option must stay available', () => {
    expect(parseProposedAction({ ...proposal(4200), choices: CHOICES }).choices?.[0]).toEqual(CHOICES[0]);
    expect(formatDecisionRecord(record(4200, { choices: CHOICES }))).toContain(
      '  - Retry the charge now [retry_now] (not available: the card was reported stolen; charging it again cannot succeed)',
    );
    const none = CHOICES.map((c) => ({ ...c, unavailable: 'no' }));
    expect(() => parseProposedAction({ ...proposal(4200), choices: none })).toThrow(ActionValidationError);
    expect(() => parseProposedAction({ ...proposal(4200), choices: none })).toThrow(/at least one option/);
  });

  it('cannot be approved (UNKNOWN_CHOICE, saying why and what can be chosen); the others can', () => {
    const decide = (choice: string) =>
      applyDecision(
        open(),
        { approvalId: 'apr_1', by: 'fiona', verdict: 'approve', channel: 'dashboard', choice },
        T0 + MINUTE,
        directory,
      );
    expect(() => decide('retry_now')).toThrow(ApprovalRefusedError);
    expect(() => decide('retry_now')).toThrow(
      '"retry_now" cannot be chosen on approval apr_1: the card was reported stolen; charging it again cannot succeed; choose one of extend_grace, write_off',
    );
    try {
      decide('retry_now');
    } catch (err) {
      expect((err as ApprovalRefusedError).code).toBe('UNKNOWN_CHOICE');
    }
    expect(decide('write_off').decisions[0]?.choice).toBe('write_off');
  });

  it('are never executed, even from a row changed behind the gate’s back', () => {
    const approved = applyDecision(
      open(),
      { approvalId: 'apr_1', by: 'fiona', verdict: 'approve', channel: 'dashboard', choice: 'extend_grace' },
      T0 + MINUTE,
      directory,
    );
    const forged = { ...approved, decisions: [{ ...approved.decisions[0]!, choice: 'retry_now' }] };
    const options = { directory, hasConservativeDefault: true };
    expect(decideGateOutcome(record(4200, { choices: CHOICES }), forged, options)).toEqual({
      action: 'do_not_execute',
      reason: 'approval_invalid',
    });
  });
});

describe('billing marks what a person cannot usefully choose', () => {
  const ids = (choices: ReturnType<typeof offeredRecoveryChoices>) =>
    choices.map((c) => [c.id, 'unavailable' in c ? c.unavailable : null]);

  it('offers every step for a soft decline', () => {
    expect(
      ids(offeredRecoveryChoices({ declineType: 'soft', disputed: false, declineCode: 'insufficient_funds' })),
    ).toEqual([
      ['retry_now', null],
      ['extend_grace', null],
      ['write_off', null],
      ['suspend', null],
    ]);
  });

  it('marks a retry of a hard decline or a disputed charge with why, and never recommends it', () => {
    const hard = offeredRecoveryChoices({ declineType: 'hard', disputed: false, declineCode: 'stolen_card' });
    expect(ids(hard)).toEqual([
      [
        'retry_now',
        'the card was declined for good (stolen_card); charging it again cannot succeed until the customer gives a new card',
      ],
      ['extend_grace', null],
      ['write_off', null],
      ['suspend', null],
    ]);
    const disputed = offeredRecoveryChoices({ declineType: 'soft', disputed: true, declineCode: 'insufficient_funds' });
    expect(ids(disputed)[0]).toEqual([
      'retry_now',
      'the charge is disputed; charging the card again does not settle a dispute',
    ]);
    for (const facts of [
      { declineType: 'hard' as const, disputed: false },
      { declineType: 'soft' as const, disputed: true },
    ]) {
      for (const enterprise of [true, false]) {
        const advice = recommendChoice({
          ...facts,
          enterprise,
          consecutiveFailures: 5,
          consecutiveLimit: 3,
          cardRequest: null,
        });
        expect(advice.choice).not.toBe('retry_now');
      }
    }
  });
});
