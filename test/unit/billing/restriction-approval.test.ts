import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/policy/index.ts';
import { restrictionApprovalReason } from '../../../src/workflows/billing/restriction-approval.ts';

describe('when the schedule may not suspend or write down on its own', () => {
  it('asks for an enterprise customer, or for $25,000 and more (the board tier), and not below', () => {
    const reason = (enterprise: boolean, amountCents: number) =>
      restrictionApprovalReason(DEFAULT_POLICY, { enterprise, amountCents });
    expect(reason(true, 9_900)).toBe('the customer is an enterprise customer');
    expect(reason(false, 2_500_000)).toBe('the amount $25,000 is $25,000 or more');
    expect(reason(false, 2_499_999)).toBeNull();
  });

  it('follows the policy: the last financial tier starts where the one before ends', () => {
    const tiers = [
      { underUsd: 1000, role: null },
      { underUsd: null, role: 'cfo' },
    ];
    const policy = { routing: { ...DEFAULT_POLICY.routing, financial: { tiers } } };
    expect(restrictionApprovalReason(policy, { enterprise: false, amountCents: 100_000 })).toBe(
      'the amount $1,000 is $1,000 or more',
    );
    const single = { routing: { ...DEFAULT_POLICY.routing, financial: { tiers: [{ underUsd: null, role: 'cfo' }] } } };
    expect(restrictionApprovalReason(single, { enterprise: false, amountCents: 10_000_000 })).toBeNull();
  });
});
