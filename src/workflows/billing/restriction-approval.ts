/**
 * When the schedule may not suspend a customer or write their invoice down on its own: the
 * customer is an enterprise customer (the policy routes them to the CEO), or the amount reaches the
 * policy's last, open-ended financial tier (the seed's "over_25000: board_approval"). Then the run
 * asks the approvers the policy routes the action to, like any other action. Pure.
 */
import { formatUsd, toCents, type Policy } from '../../policy/index.ts';

export function restrictionApprovalReason(
  policy: Pick<Policy, 'routing'>,
  facts: { enterprise: boolean; amountCents: number },
): string | null {
  if (facts.enterprise) return 'the customer is an enterprise customer';
  const tiers = policy.routing.financial.tiers;
  // The last tier is open-ended and starts where the one before it ends.
  const top = tiers.length >= 2 ? tiers[tiers.length - 2]!.underUsd : null;
  if (top !== null && facts.amountCents >= toCents(top))
    return `the amount ${formatUsd(facts.amountCents / 100)} is ${formatUsd(top)} or more`;
  return null;
}
