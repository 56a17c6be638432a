/**
 * Approvals with choices: an action may offer options (the billing recovery's "retry now, extend
 * grace, write off, suspend"), and approving it then means approving exactly one of them. Two pure
 * rules, one for each side of the approval:
 * - `choiceOfDecision` (the lifecycle): which choice a decision records, or the refusal;
 * - `approvedChoice` (the gate): which choice an approved approval authorises, re-derived from the
 *   decisions, so a row changed behind PsiZero's back cannot smuggle in another option.
 *
 * Several approvers (consensus) must agree on one option: the first approval fixes it and a later
 * approver who wants another is refused with CHOICE_CONFLICT (they can reject, with their reason,
 * instead). That keeps "approved" meaning one thing, with no vote counting per option. The final
 * decision maker is the exception: their one decision settles the whole approval, so their choice
 * is the one that counts, whatever an earlier approver picked.
 *
 * An option the workflow marked `unavailable` (it cannot succeed as things stand) is listed, with
 * why, but cannot be approved: it is refused like an option that is not offered (UNKNOWN_CHOICE).
 */
import type { DecisionRecord } from '../policy/index.ts';
import { choicesOf } from '../policy/index.ts';
import type { ApprovalDecision, DecisionVerdict } from './approval-model.ts';
import { tallyDecisions } from './authority.ts';
import { ApprovalRefusedError } from './errors.ts';

export interface ChoiceDecisionInput {
  approvalId: string;
  record: DecisionRecord;
  /** Decisions already recorded on the approval. */
  decisions: readonly ApprovalDecision[];
  verdict: DecisionVerdict;
  /** As given; an empty string (an HTML form with nothing picked) counts as none. */
  choice: string | null | undefined;
  /** The decider fills the final decision maker's slot. */
  settlesAll: boolean;
}

function listOf(ids: readonly string[]): string {
  return ids.join(', ');
}

/** The choice to record with the decision (null for a rejection or an action without choices), or the refusal. */
export function choiceOfDecision(input: ChoiceDecisionInput): string | null {
  const refuse = (code: 'CHOICE_REQUIRED' | 'UNKNOWN_CHOICE' | 'CHOICE_CONFLICT', message: string): never => {
    throw new ApprovalRefusedError(code, input.approvalId, message);
  };
  const listed = choicesOf(input.record);
  const offered = listed.map((c) => c.id);
  const choice = input.choice === undefined || input.choice === null || input.choice === '' ? null : input.choice;
  if (choice !== null && !offered.includes(choice)) {
    if (offered.length === 0)
      refuse('UNKNOWN_CHOICE', `approval ${input.approvalId} offers no choices, so "${choice}" cannot be chosen`);
    refuse(
      'UNKNOWN_CHOICE',
      `"${choice}" is not an option of approval ${input.approvalId}; choose one of ${listOf(offered)}`,
    );
  }
  // A rejection turns every option down: it needs (and records) none.
  if (input.verdict === 'reject' || offered.length === 0) return null;
  if (choice === null) {
    return refuse(
      'CHOICE_REQUIRED',
      `approving approval ${input.approvalId} means choosing one of its options: ${listOf(offered)}`,
    );
  }
  const unavailable = listed.find((c) => c.id === choice)?.unavailable;
  if (unavailable !== undefined) {
    const available = listed.filter((c) => c.unavailable === undefined).map((c) => c.id);
    refuse(
      'UNKNOWN_CHOICE',
      `"${choice}" cannot be chosen on approval ${input.approvalId}: ${unavailable}; choose one of ${listOf(available)}`,
    );
  }
  if (!input.settlesAll) {
    const other = input.decisions.find(
      (d) => d.verdict === 'approve' && !d.settlesAll && d.choice !== null && d.choice !== choice,
    );
    if (other !== undefined) {
      refuse(
        'CHOICE_CONFLICT',
        `${other.by} already approved "${other.choice}" on approval ${input.approvalId}; approve that option too, or reject`,
      );
    }
  }
  return choice;
}

/**
 * The option an approved approval authorises: the final decision maker's when one settled it,
 * else the one every approving decision names. Null when the record offers no choices, or when
 * the decisions do not agree on one of its available options (the gate then refuses to execute).
 */
export function approvedChoice(record: DecisionRecord, decisions: readonly ApprovalDecision[]): string | null {
  const listed = choicesOf(record);
  if (listed.length === 0) return null;
  const offered = listed.filter((c) => c.unavailable === undefined).map((c) => c.id);
  const settled = tallyDecisions(decisions).settled;
  const named =
    settled !== null ? [settled.choice] : decisions.filter((d) => d.verdict === 'approve').map((d) => d.choice);
  const distinct = new Set(named.map((c) => c ?? null));
  const [only] = distinct;
  return distinct.size === 1 && only !== null && only !== undefined && offered.includes(only) ? only : null;
}
