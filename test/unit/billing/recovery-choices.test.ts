import { describe, expect, it } from 'vitest';
import { recommendChoice, type RecommendationFacts } from '../../../src/workflows/billing/recovery-choices.ts';

const hard: RecommendationFacts = {
  declineType: 'hard',
  disputed: false,
  enterprise: false,
  consecutiveFailures: 1,
  consecutiveLimit: 3,
  cardRequest: null,
};

describe('the recommendation a person reads is true about the customer', () => {
  it('says the customer was asked for a new card only when that message reached them', () => {
    expect(recommendChoice(hard).why).toBe(
      'the card cannot be charged again as it is; the customer has not been asked to update it yet',
    );
    expect(recommendChoice({ ...hard, cardRequest: { delivered: true, detail: 'ops@acme.example' } }).why).toBe(
      'the card cannot be charged again as it is; the customer has been asked to update it',
    );
    expect(
      recommendChoice({ ...hard, cardRequest: { delivered: false, detail: 'no SMTP server configured' } }).why,
    ).toBe(
      'the card cannot be charged again as it is; the request to update it did not reach the customer (no SMTP server configured)',
    );
  });

  it('keeps the choice itself: time for a hard decline, a retry for a fresh soft one, suspension past the limit', () => {
    expect(recommendChoice(hard).choice).toBe('extend_grace');
    expect(recommendChoice({ ...hard, declineType: 'soft' }).choice).toBe('retry_now');
    expect(recommendChoice({ ...hard, declineType: 'soft', consecutiveFailures: 3 }).choice).toBe('suspend');
    expect(recommendChoice({ ...hard, disputed: true }).choice).toBe('extend_grace');
  });
});
