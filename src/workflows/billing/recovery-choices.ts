/**
 * The manual recovery steps a person chooses from when a failed payment is escalated, and what
 * PsiZero recommends among them. Pure: the recommendation is a function of the facts the person
 * sees in the request.
 */
export const RECOVERY_CHOICES = [
  {
    id: 'retry_now',
    label: 'Retry the charge now',
    description: 'Charge the payment method on file again right away.',
  },
  {
    id: 'extend_grace',
    label: 'Extend the grace period',
    description: 'Lift restrictions now and push every remaining recovery step back by the grace period.',
  },
  {
    id: 'write_off',
    label: 'Write the invoice off',
    description: 'Mark the invoice uncollectible, stop recovery and restore full access.',
  },
  {
    id: 'suspend',
    label: 'Suspend API access',
    description: 'Suspend access now and stop automatic retries and reminders until the customer pays.',
  },
] as const;

export type RecoveryChoice = (typeof RECOVERY_CHOICES)[number]['id'];

export function isRecoveryChoice(value: string | null): value is RecoveryChoice {
  return RECOVERY_CHOICES.some((c) => c.id === value);
}

export interface RecommendationFacts {
  declineType: 'soft' | 'hard';
  disputed: boolean;
  enterprise: boolean;
  consecutiveFailures: number;
  consecutiveLimit: number | null;
  /** The last request to update the card and whether it reached the customer; null: none went out yet. */
  cardRequest: { delivered: boolean; detail: string } | null;
}

/** Only what the run knows: asked when the request was delivered (or captured in the local outbox). */
function askedToUpdate(cardRequest: RecommendationFacts['cardRequest']): string {
  if (cardRequest === null) return 'the customer has not been asked to update it yet';
  if (cardRequest.delivered) return 'the customer has been asked to update it';
  return `the request to update it did not reach the customer (${cardRequest.detail})`;
}

/**
 * Hard declines and disputes cannot be cured by charging again, so the customer needs time to act
 * (enterprise accounts, who pay on terms and have a named contact, get more of it); a soft decline
 * that has not yet hit the failure limit is worth one more attempt; past the limit, protect the
 * service by suspending.
 */
export function recommendChoice(facts: RecommendationFacts): { choice: RecoveryChoice; why: string } {
  if (facts.disputed)
    return {
      choice: 'extend_grace',
      why: 'a disputed charge is settled with the customer and their bank, not by charging again',
    };
  if (facts.declineType === 'hard') {
    return facts.enterprise
      ? {
          choice: 'extend_grace',
          why: 'the card cannot be charged again as it is; an enterprise customer gets time to update it through their contact',
        }
      : {
          choice: 'extend_grace',
          why: `the card cannot be charged again as it is; ${askedToUpdate(facts.cardRequest)}`,
        };
  }
  if (facts.consecutiveLimit !== null && facts.consecutiveFailures >= facts.consecutiveLimit) {
    return facts.enterprise
      ? {
          choice: 'extend_grace',
          why: `${facts.consecutiveFailures} failures in a row; an enterprise account is worth a call before suspension`,
        }
      : {
          choice: 'suspend',
          why: `${facts.consecutiveFailures} failures in a row; further automatic retries are unlikely to succeed`,
        };
  }
  return { choice: 'retry_now', why: 'a soft decline often clears on a later attempt' };
}

/**
 * The options as offered to the person deciding: a charge that cannot succeed (a hard decline, a
 * disputed charge) is listed with why instead of being offered, so nobody approves a retry that
 * can only fail again.
 */
export function offeredRecoveryChoices(facts: {
  declineType: 'soft' | 'hard';
  disputed: boolean;
  declineCode: string;
}) {
  const retryBlocked = facts.disputed
    ? 'the charge is disputed; charging the card again does not settle a dispute'
    : facts.declineType === 'hard'
      ? `the card was declined for good (${facts.declineCode}); charging it again cannot succeed until the customer gives a new card`
      : null;
  return RECOVERY_CHOICES.map((c) =>
    c.id === 'retry_now' && retryBlocked !== null ? { ...c, unavailable: retryBlocked } : { ...c },
  );
}
