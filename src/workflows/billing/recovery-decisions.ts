/**
 * What becomes of a person's decision on a recovery case, at every level: a Level 2 approval the
 * gate executed, a Level 3 decision the gate hands back (which the run carries out itself, in a
 * step of its own, and audits as the gate would), a rejection, an expiry, or an approval that
 * authorised nothing. The case is told in words (`recordDecision`), so the billing page and the
 * audit trail say the same thing as the run's history.
 */
import type { ApprovalDecision, GateResult } from '../../approvals/index.ts';
import type { StepInfo } from '../../engine/workflow.ts';
import type { CaseDecision } from '../../domain/billing/index.ts';
import { choiceLabel, findPerson, type Directory } from '../../policy/index.ts';
import type { ChoiceOutcome } from './recovery-state.ts';
import type { RecoveryScope } from './recovery-steps.ts';

/** Any gate result, whatever the action returns. */
type AnyGateResult = GateResult<unknown, unknown>;

/**
 * A Level 3 decision approved by the people the policy names is carried out here, because the gate
 * only hands it back (`decided`): in its own step, audited as `action_executed` with the approval.
 * Returns what `execute` returned, or null when nothing was to be carried out.
 */
export async function carryOutDecided<T>(
  scope: RecoveryScope,
  result: GateResult<T, unknown>,
  execute: (info: StepInfo, choice: string | null) => Promise<T>,
): Promise<T | null> {
  if (result.outcome === 'executed') return result.result;
  if (result.outcome !== 'decided' || result.decision !== 'approved') return null;
  const { ctx, deps } = scope;
  const { choice, approvalId, actionId } = result;
  return ctx.step(`gate:${actionId}:carry-out`, async (info) => {
    const done = await execute(info, choice);
    await deps.gate.audit.append([
      {
        kind: 'action_executed',
        data: choice === null ? { result: done } : { result: done, choice },
        at: deps.gate.clock.now(),
        actor: 'system',
        channel: 'system',
        runId: ctx.runId,
        approvalId,
        actionId,
        key: `${info.idempotencyKey}/report`,
      },
    ]);
    return done;
  });
}

/** What carrying out a recovery choice did, in words; `refused` when the choice no longer applied. */
export function choiceEffect(outcome: ChoiceOutcome): { done: boolean; words: string } {
  switch (outcome.kind) {
    case 'recovered':
      return { done: true, words: 'the charge was paid' };
    case 'already_paid':
      return { done: false, words: 'the invoice was paid meanwhile' };
    case 'retry_failed':
      return { done: true, words: `the charge was declined again (${outcome.declineCode.replaceAll('_', ' ')})` };
    case 'extended':
      return { done: true, words: `restrictions lifted; every remaining step moved ${outcome.days} days later` };
    case 'written_off':
      return { done: true, words: 'the invoice is written off and full access restored' };
    case 'suspended':
      return { done: true, words: 'API access suspended; no more retries or reminders until the customer pays' };
  }
}

function names(decisions: readonly ApprovalDecision[], verdict: 'approve' | 'reject', directory: Directory): string {
  const people = [...new Set(decisions.filter((d) => d.verdict === verdict).map((d) => d.by))].map(
    (id) => findPerson(directory, id)?.name ?? id,
  );
  if (people.length === 0) return 'nobody';
  return people.length === 1 ? people[0]! : `${people.slice(0, -1).join(', ')} and ${people.at(-1)!}`;
}

/**
 * The decision in words. `effect`: what carrying it out did (null when nothing was carried out);
 * `otherwise`: what happens instead when it is not carried out ("the automated schedule continues").
 */
export function decisionWords(
  result: AnyGateResult,
  decisions: readonly ApprovalDecision[],
  directory: Directory,
  effect: { done: boolean; words: string } | null,
  otherwise: string,
): Omit<CaseDecision, 'at'> {
  const approvers = names(decisions, 'approve', directory);
  const choice = result.outcome === 'executed' || result.outcome === 'decided' ? result.choice : null;
  const chose =
    choice === null ? `${approvers} approved` : `${approvers} chose "${choiceLabel(result.record, choice)}"`;
  if (effect !== null) {
    return effect.done
      ? { outcome: 'carried_out', summary: `${chose}: carried out; ${effect.words}` }
      : { outcome: 'not_carried_out', summary: `${chose}; not carried out: ${effect.words}` };
  }
  const rejected =
    (result.outcome === 'decided' && result.decision === 'rejected') ||
    (result.outcome === 'not_executed' && result.reason === 'rejected');
  if (rejected)
    return { outcome: 'rejected', summary: `${names(decisions, 'reject', directory)} rejected; ${otherwise}` };
  if (result.outcome === 'not_executed' && result.reason === 'approval_invalid') {
    const each = decisions
      .filter((d) => d.verdict === 'approve')
      .map(
        (d) =>
          `${findPerson(directory, d.by)?.name ?? d.by} chose "${d.choice === null ? 'no option' : choiceLabel(result.record, d.choice)}"`,
      );
    return {
      outcome: 'not_carried_out',
      summary: `not carried out: the approvals did not agree on one option (${each.join(', ')}); ${otherwise}`,
    };
  }
  return { outcome: 'expired', summary: `nobody decided in time; ${otherwise}` };
}

/** Tells the case what became of its `escalation`-th hand-over: no longer waiting, and the decision in words. */
export function recordDecisionStep(
  scope: RecoveryScope,
  escalation: number,
  result: AnyGateResult,
  effect: { done: boolean; words: string } | null,
  otherwise: string,
): Promise<Omit<CaseDecision, 'at'>> {
  const { ctx, deps, opened } = scope;
  return ctx.step(`case:decision:${escalation}`, async (info) => {
    const decisions = result.approvalId === null ? [] : (await deps.gate.approvals.get(result.approvalId)).decisions;
    const decision = decisionWords(result, decisions, deps.gate.policy.directory, effect, otherwise);
    // The gate audits what it does at Level 3 except an expiry; the run's fallback is audited here.
    if (result.outcome === 'expired')
      await deps.gate.audit.append([
        {
          kind: 'fallback_taken',
          data: { description: otherwise, result: null },
          at: deps.gate.clock.now(),
          actor: 'system',
          channel: 'system',
          runId: ctx.runId,
          approvalId: result.approvalId,
          actionId: result.actionId,
          key: `${info.idempotencyKey}/fallback`,
        },
      ]);
    await deps.billing.recordDecision(opened.invoiceId, escalation, decision);
    return decision;
  });
}
