import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type RecoveryPolicy } from '../../../src/policy/index.ts';
import {
  afterCardRequest,
  afterCharge,
  afterChoice,
  afterDecline,
  afterDispute,
  afterMessage,
  declineOf,
  declineOfRetry,
  escalationFacts,
  escalationStarted,
  failureLimitReached,
  retriesEnded,
  startState,
  suspensionDayOf,
  type OpenedCase,
} from '../../../src/workflows/billing/recovery-state.ts';

const seed = DEFAULT_POLICY.billing.recovery;

const opened: OpenedCase = {
  invoiceId: 'in_1',
  customerId: 'acme',
  customerName: 'Acme',
  email: 'ops@acme.example',
  enterprise: false,
  csmId: 'sam',
  invoiceNumber: 'PZ-1',
  amountCents: 9_900,
  currency: 'usd',
  failedAt: 0,
  paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds',
  declineType: 'soft',
  declineReason: 'insufficient funds',
  declineCode: 'insufficient_funds',
  disputed: false,
  recovery: seed,
  checkpoints: [],
  monthlyValueCents: 150_000,
};

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

  it('classifies every decline: a hard one or a dispute ends automatic retries, a soft one does not', () => {
    const state = startState(2);
    const soft = declineOf({
      status: 'declined',
      chargeId: 'ch_1',
      declineCode: 'insufficient_funds',
      adviceCode: 'try_again_later',
      message: '',
    })!;
    expect(soft.type).toBe('soft');
    expect(retriesEnded(opened, afterDecline(state, soft))).toBe(false);
    const stolen = declineOf({
      status: 'declined',
      chargeId: 'ch_2',
      declineCode: 'stolen_card',
      adviceCode: 'do_not_try_again',
      message: '',
    })!;
    const hard = afterDecline(state, stolen);
    expect(hard).toMatchObject({ hardDeclined: true, disputed: false, lastDecline: { code: 'stolen_card' } });
    expect(retriesEnded(opened, hard)).toBe(true);
    expect(escalationFacts(opened, hard)).toMatchObject({ decline: 'hard', customerMonthlyValueUsd: 1500 });
    const disputed = declineOf({ status: 'succeeded', chargeId: 'ch_3', amountCents: 9_900, disputed: true })!;
    expect(afterDecline(state, disputed)).toMatchObject({ hardDeclined: false, disputed: true });
    expect(declineOf({ status: 'succeeded', chargeId: 'ch_4', amountCents: 9_900, disputed: false })).toBeNull();
    expect(
      declineOfRetry({ kind: 'retry_failed', declineCode: 'lost_card', adviceCode: 'do_not_try_again' }).type,
    ).toBe('hard');
    // A retry recorded by version 1 carries only the code: the decline-code table decides.
    expect(declineOfRetry({ kind: 'retry_failed', declineCode: 'insufficient_funds' }).type).toBe('soft');
    expect(escalationFacts(opened, afterDispute(state)).disputed).toBe(true);
    expect(retriesEnded({ ...opened, declineType: 'hard' }, state)).toBe(true);
  });

  it('keeps whether the last request for a new card reached the customer, on any of its channels', () => {
    const day7 = { template: 'final_notice', day: 7 };
    const emailed = afterCardRequest(startState(1), day7, { status: 'sent', detail: 'ops@acme.example' });
    expect(emailed.cardRequest).toEqual({ ...day7, delivered: true, detail: 'ops@acme.example' });
    // The SMS of the same notice could not go out: the email already reached them.
    expect(afterCardRequest(emailed, day7, { status: 'not_sent', detail: 'no SMS provider configured' })).toBe(emailed);
    const captured = afterCardRequest(startState(1), day7, { status: 'captured_locally', detail: 'outbox' });
    expect(captured.cardRequest?.delivered).toBe(true);
    expect(
      afterMessage(startState(1), 'final_notice', { status: 'captured_locally', detail: 'outbox' }).lastMessage,
    ).toBe('final_notice');
    const lost = afterCardRequest(emailed, { template: 'x', day: 9 }, { status: 'not_sent', detail: 'no address' });
    expect(lost.cardRequest).toMatchObject({ delivered: false, detail: 'no address' });
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
