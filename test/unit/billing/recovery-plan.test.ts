import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type RecoveryPolicy } from '../../../src/policy/index.ts';
import { checkpointAt, recoveryCheckpoints } from '../../../src/workflows/billing/recovery-plan.ts';

const seed = DEFAULT_POLICY.billing.recovery;

describe('recovery timeline from the policy', () => {
  it('follows the seed for a soft decline: retries on days 1, 3, 7, messages on 1, 3, 7, rate-limited from 4, suspended from 7', () => {
    expect(recoveryCheckpoints(seed, 'soft')).toEqual([
      {
        day: 1,
        retry: true,
        restriction: null,
        messages: [
          { channels: ['email'], template: 'payment_failure_notification', action: 'update_payment_method_link' },
        ],
      },
      {
        day: 3,
        retry: true,
        restriction: null,
        messages: [{ channels: ['email'], template: 'payment_retry_reminder', action: 'customer_service_contact' }],
      },
      { day: 4, retry: false, restriction: 'rate_limited', messages: [] },
      {
        day: 7,
        retry: true,
        restriction: 'suspended',
        messages: [{ channels: ['email', 'sms'], template: 'final_notice', action: 'account_suspension_warning' }],
      },
    ]);
  });

  it('never retries a hard decline but keeps the messages and restrictions', () => {
    const plan = recoveryCheckpoints(seed, 'hard');
    expect(plan.map((c) => [c.day, c.retry, c.restriction])).toEqual([
      [1, false, null],
      [3, false, null],
      [4, false, 'rate_limited'],
      [7, false, 'suspended'],
    ]);
  });

  it('derives every day from a different policy, merging days the lists share', () => {
    const custom: RecoveryPolicy = {
      ...seed,
      softDeclineRetryDays: [2, 5],
      communication: [{ day: 2, channels: ['sms'], template: 'nudge', action: 'pay_now' }],
      gracePeriod: {
        durationDays: 10,
        restrictions: [
          { fromDay: 0, toDay: 5, restriction: 'none' },
          { fromDay: 6, toDay: 9, restriction: 'rate_limited' },
          { fromDay: 10, toDay: null, restriction: 'suspended' },
        ],
      },
    };
    expect(recoveryCheckpoints(custom, 'soft').map((c) => [c.day, c.retry, c.restriction, c.messages.length])).toEqual([
      [2, true, null, 1],
      [5, true, null, 0],
      [6, false, 'rate_limited', 0],
      [10, false, 'suspended', 0],
    ]);
  });

  it('places checkpoints whole days after the failure, shifted by an extension', () => {
    expect(checkpointAt(1_000, 3, 0)).toBe(1_000 + 3 * 86_400_000);
    expect(checkpointAt(1_000, 3, 7)).toBe(1_000 + 10 * 86_400_000);
  });
});
