/**
 * The gate's decision logic as one pure function, so the safety rules are checkable without a
 * database (test/unit/approvals/properties.test.ts runs it over 100,000+ random cases):
 * - a Level 1 action executes;
 * - a Level 2 action executes only on an approval that `isValidApproval` accepts (approved by
 *   enough people entitled to it, re-derived from the record and directory, never the initiator);
 * - a Level 3 action never executes: the human decision is handed back to the workflow;
 * - an action that offers choices is approved only with one of them (`approvedChoice`), which the
 *   verdict carries: the gate records the verdict, so a replay executes with the same choice.
 */
import type { DecisionRecord, Directory } from '../policy/index.ts';
import { choicesOf } from '../policy/index.ts';
import type { StoredApproval } from './approval-model.ts';
import { isValidApproval } from './authority.ts';
import { approvedChoice } from './choices.ts';

export type NotExecutedReason = 'rejected' | 'expired_without_default' | 'approval_invalid';

/**
 * `choice` is present only for an approved action that offers choices (so verdicts of actions
 * without them, including ones recorded before choices existed, are unchanged).
 */
export type GateVerdict =
  | { action: 'execute'; basis: 'level_1' | 'approved'; choice?: string }
  | { action: 'request_approval' }
  | { action: 'await_decision' }
  | { action: 'conservative_default' }
  | { action: 'do_not_execute'; reason: NotExecutedReason }
  | { action: 'return_decision'; decision: 'approved' | 'rejected'; choice?: string }
  | { action: 'return_expired' };

export interface GateOutcomeOptions {
  directory: Directory;
  /** Whether the workflow declared a conservative default for this action. */
  hasConservativeDefault: boolean;
}

export function decideGateOutcome(
  record: DecisionRecord,
  approval: StoredApproval | null,
  options: GateOutcomeOptions,
): GateVerdict {
  if (record.level === 1) return { action: 'execute', basis: 'level_1' };
  if (approval === null) return { action: 'request_approval' };
  if (approval.status === 'pending' || approval.status === 'escalated') return { action: 'await_decision' };
  const valid = approval.status === 'approved' && isValidApproval(record, approval, options.directory);
  // With choices, a valid approval must also name one agreed option; without one it authorises nothing.
  const choice = choicesOf(record).length > 0 ? approvedChoice(record, approval.decisions) : undefined;
  const authorised = valid && choice !== null;
  const chosen = choice === undefined || choice === null ? {} : { choice };

  if (record.level === 3) {
    if (approval.status === 'expired') return { action: 'return_expired' };
    if (approval.status === 'rejected') return { action: 'return_decision', decision: 'rejected' };
    return authorised
      ? { action: 'return_decision', decision: 'approved', ...chosen }
      : { action: 'do_not_execute', reason: 'approval_invalid' };
  }

  if (approval.status === 'rejected') return { action: 'do_not_execute', reason: 'rejected' };
  if (approval.status === 'expired') {
    return options.hasConservativeDefault
      ? { action: 'conservative_default' }
      : { action: 'do_not_execute', reason: 'expired_without_default' };
  }
  return authorised
    ? { action: 'execute', basis: 'approved', ...chosen }
    : { action: 'do_not_execute', reason: 'approval_invalid' };
}
