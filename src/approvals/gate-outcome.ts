/**
 * The gate's decision logic as one pure function, so the safety rules are checkable without a
 * database (test/unit/approvals/properties.test.ts runs it over 100,000+ random cases):
 * - a Level 1 action executes;
 * - a Level 2 action executes only on an approval that `isValidApproval` accepts (approved by
 *   enough people entitled to it, re-derived from the record and directory, never the initiator);
 * - a Level 3 action never executes: the human decision is handed back to the workflow.
 */
import type { DecisionRecord, Directory } from '../policy/index.ts';
import type { StoredApproval } from '../store/approval-types.ts';
import { isValidApproval } from './authority.ts';

export type NotExecutedReason = 'rejected' | 'expired_without_default' | 'approval_invalid';

export type GateVerdict =
  | { action: 'execute'; basis: 'level_1' | 'approved' }
  | { action: 'request_approval' }
  | { action: 'await_decision' }
  | { action: 'conservative_default' }
  | { action: 'do_not_execute'; reason: NotExecutedReason }
  | { action: 'return_decision'; decision: 'approved' | 'rejected' }
  | { action: 'return_expired' };

export interface GateOutcomeOptions {
  directory: Directory;
  /** Whether the workflow declared a conservative default for this action. */
  hasConservativeDefault: boolean;
}

export function decideGateOutcome(record: DecisionRecord, approval: StoredApproval | null, options: GateOutcomeOptions): GateVerdict {
  if (record.level === 1) return { action: 'execute', basis: 'level_1' };
  if (approval === null) return { action: 'request_approval' };
  if (approval.status === 'pending' || approval.status === 'escalated') return { action: 'await_decision' };
  const valid = approval.status === 'approved' && isValidApproval(record, approval, options.directory);

  if (record.level === 3) {
    if (approval.status === 'expired') return { action: 'return_expired' };
    if (approval.status === 'rejected') return { action: 'return_decision', decision: 'rejected' };
    return valid ? { action: 'return_decision', decision: 'approved' } : { action: 'do_not_execute', reason: 'approval_invalid' };
  }

  if (approval.status === 'rejected') return { action: 'do_not_execute', reason: 'rejected' };
  if (approval.status === 'expired') {
    return options.hasConservativeDefault ? { action: 'conservative_default' } : { action: 'do_not_execute', reason: 'expired_without_default' };
  }
  return valid ? { action: 'execute', basis: 'approved' } : { action: 'do_not_execute', reason: 'approval_invalid' };
}
