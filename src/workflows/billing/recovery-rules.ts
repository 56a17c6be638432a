/**
 * What each version of `billing.recovery` does. A run keeps the version it started with and its
 * recorded history must keep replaying, so a version 1 run in flight walks version 1's path (the
 * fixtures under test/fixtures/histories prove it); new runs start at the latest version. Every
 * difference is named here once, and the phases ask for the rule, not the number.
 */
export interface RecoveryRules {
  /**
   * Every attempt's decline is classified, not just the first: a hard decline or a dispute at any
   * point escalates at once and ends automatic retries (the seed's `hard_decline: [0]`).
   */
  classifiesEveryAttempt: boolean;
  /** The schedule's final automatic attempt failing escalates, even when someone was asked before (FINAL_CHECK → No). */
  escalatesFailedFinalAttempt: boolean;
  /**
   * The case says it waits for a person, and then what became of the decision; a Level 3 decision
   * (the gate hands it back instead of executing) is carried out by the run, like a Level 2 one.
   */
  recordsDecisions: boolean;
  /** Before each checkpoint the run reads the case for a dispute as well as a payment (news can be missed while a person decides). */
  checksForDisputes: boolean;
  /**
   * The schedule's suspension and the deadline's write-down of an enterprise customer, or of an
   * amount the policy sends to its highest approver, wait for the approval the policy requires.
   */
  asksBeforeSuspendingOrWritingDown: boolean;
}

/** The version new runs start at; every older one stays registered for the runs still in flight. */
export const RECOVERY_VERSION = 2;
export const RECOVERY_VERSIONS = [1, RECOVERY_VERSION] as const;

export function recoveryRules(version: number): RecoveryRules {
  const issue13 = version >= 2;
  return {
    classifiesEveryAttempt: issue13,
    escalatesFailedFinalAttempt: issue13,
    recordsDecisions: issue13,
    checksForDisputes: issue13,
    asksBeforeSuspendingOrWritingDown: issue13,
  };
}
