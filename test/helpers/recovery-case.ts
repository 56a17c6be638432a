/** A recovery case as billing stores it, open and untouched unless the test says otherwise. */
import type { RecoveryCase } from '../../src/domain/billing/index.ts';

export function recoveryCase(o: Partial<RecoveryCase> = {}): RecoveryCase {
  return {
    invoiceId: 'in_1',
    customerId: 'cus_1',
    runId: 'run_1',
    amountCents: 9_900,
    currency: 'usd',
    failedAt: 0,
    declineCode: 'insufficient_funds',
    declineType: 'soft',
    disputed: false,
    status: 'open',
    restriction: 'none',
    restrictedSince: null,
    attempts: 1,
    escalations: 0,
    lastMessage: null,
    recoveredAt: null,
    recoveredAttempt: null,
    recoveredBy: null,
    messageBeforeRecovery: null,
    closedAt: null,
    updatedAt: 0,
    waitingSince: null,
    lastDecision: null,
    ...o,
  };
}
