import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type RecoveryPolicy } from '../../../src/policy/index.ts';
import {
  afterCharge,
  afterChoice,
  afterMessage,
  escalationStarted,
  failureLimitReached,
  startState,
  suspensionDayOf,
} from '../../../src/workflows/billing/recovery-state.ts';

const seed = DEFAULT_POLICY.billing.recovery;

describe('payment recovery state', () => {
  it('starts from the charges already made, all of them failures in a row', () => {
    expect(startState(2)).toEqual({
      attempts: 2,
      consecutiveFailures: 2,
      extensionDays: 0,
      lastMessage: null,
      escalations: 0,
      suspended: false,
      hardDeclined: false,
      disputed: false,
      lastDecline: null,
      cardRequest: null,
      finalAttemptFailed: false,
      deadlineDeferredDays: 0,
    });
  });

  it('counts every charge, and only failures towards the streak that hands the case to a person', () => {
    const once = afterCharge(startState(1), false);
    expect(once).toMatchObject({ attempts: 2, consecutiveFailures: 2 });
    expect(failureLimitReached(once, seed)).toBe(false);
    const twice = afterCharge(once, false);
    expect(failureLimitReached(twice, seed)).toBe(true);
    // Exactly at the limit: a streak already past it was handed over when it reached it.
    expect(failureLimitReached(afterCharge(twice, false), seed)).toBe(false);
    expect(afterCharge(twice, true)).toMatchObject({ attempts: 4, consecutiveFailures: 3 });
    const noLimit: RecoveryPolicy = {
      ...seed,
      manualEscalation: { ...seed.manualEscalation, consecutiveFailures: null },
    };
    expect(failureLimitReached(twice, noLimit)).toBe(false);
  });

  it("applies a person's choice: an extension adds up, suspension stops the schedule, a failed retry counts", () => {
    const escalated = escalationStarted(startState(1));
    expect(escalated.escalations).toBe(1);
    const extended = afterChoice(afterChoice(escalated, { kind: 'extended', days: 7 }), { kind: 'extended', days: 7 });
    expect(extended.extensionDays).toBe(14);
    expect(afterChoice(escalated, { kind: 'suspended' }).suspended).toBe(true);
    expect(afterChoice(escalated, { kind: 'retry_failed', declineCode: 'insufficient_funds' })).toMatchObject({
      attempts: 2,
      consecutiveFailures: 2,
    });
    expect(afterChoice(escalated, { kind: 'recovered' })).toBe(escalated);
  });

  it('remembers only messages that went out', () => {
    const state = startState(1);
    expect(afterMessage(state, 'final_notice', { status: 'not_sent', detail: 'no SMS provider configured' })).toBe(
      state,
    );
    expect(afterMessage(state, 'final_notice', { status: 'sent', detail: 'a@b.c' }).lastMessage).toBe('final_notice');
  });

  it('reads the suspension day from the policy it is given, or the end of the grace period when nothing suspends', () => {
    expect(suspensionDayOf(seed)).toBe(7);
    const lenient: RecoveryPolicy = {
      ...seed,
      gracePeriod: {
        durationDays: 6,
        restrictions: [
          { fromDay: 0, toDay: 5, restriction: 'none' },
          { fromDay: 6, toDay: null, restriction: 'rate_limited' },
        ],
      },
    };
    expect(suspensionDayOf(lenient)).toBe(6);
  });
});
