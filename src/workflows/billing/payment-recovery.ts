/**
 * Payment recovery for one failed invoice, all from the policy's `billing.recovery` as it was when
 * the case opened: soft declines are retried on the retry days, hard declines never; the customer
 * gets the communication sequence; the grace period's restrictions apply on their days; a card
 * update retries at once; any of the escalation criteria hands the case to a person (Level 2
 * through the gate) who picks a manual step the run then carries out. Paying at any point restores
 * access immediately. Version 2 (issue 13) classifies every attempt, escalates the failed final
 * attempt, carries out Level 3 decisions, joins disputes and asks before suspending or writing down
 * the accounts the policy keeps for its senior approvers; version 1 stays for runs in flight.
 */
import { z } from 'zod';
import { defineWorkflow, type WorkflowContext, type WorkflowDefinition } from '../../engine/workflow.ts';
import { manualRecoveryReasons } from '../../policy/index.ts';
import { closeAtDeadline, escalate, handOverAfterSchedule, passCheckpoint } from './recovery-phases.ts';
import { RECOVERY_VERSION, recoveryRules } from './recovery-rules.ts';
import { escalationFacts, going, startState, type Finished, type RecoveryOutcome } from './recovery-state.ts';
import { openCaseStep, type RecoveryScope } from './recovery-steps.ts';
import type { RecoveryDeps } from './workflow-deps.ts';

export const RecoveryInputSchema = z.strictObject({
  invoiceId: z.string().min(1),
  customerId: z.string().min(1),
  amountCents: z.int().positive(),
  currency: z.string().length(3),
  /** The payment method the failed charge used ('' when none was on file). */
  paymentMethod: z.string(),
  failedAt: z.int().min(0),
  declineCode: z.string().min(1),
  adviceCode: z.string().nullable(),
  disputed: z.boolean(),
  /** Charges already made on this invoice, the failed one included (more for a failure adopted from history). */
  attempts: z.int().min(1).default(1),
  /** Set when PsiZero takes over a failure from history: steps due before this were already taken (only their restrictions apply). */
  adoptedAt: z.int().min(0).nullable().default(null),
});
export type RecoveryInput = z.input<typeof RecoveryInputSchema>;
export type RecoveryRunInput = z.output<typeof RecoveryInputSchema>;

export interface RecoveryResult {
  invoiceId: string;
  outcome: RecoveryOutcome;
  attempts: number;
  escalations: number;
}

/** `version` defaults to the latest; older versions stay registered for the runs still in flight (`recovery-rules.ts`). */
export function paymentRecoveryWorkflow(
  deps: RecoveryDeps,
  version: number = RECOVERY_VERSION,
): WorkflowDefinition<RecoveryRunInput, RecoveryResult, RecoveryInput> {
  return defineWorkflow({
    name: 'billing.recovery',
    version,
    input: RecoveryInputSchema,
    /**
     * The floor every manual step of a recovery starts from: it touches a paying customer's account
     * (customer facing, medium impact) and every step can be undone (a refund, access restored).
     * The amount is the invoice's, which each action gives; the steps' own complexity and impact
     * (a suspension is high impact) raise it from there. Level 2: a person approves each step.
     */
    classification: {
      autonomyLevel: 2,
      classification: {
        impact: 'medium',
        complexity: 'simple',
        reversibility: 'reversible',
        stakeholders: 'customer_facing',
        financialImpact: 0,
        timeToExecute: 1,
      },
    },
    run: (ctx, input) => runRecovery(ctx, deps, input),
  });
}

async function runRecovery(ctx: WorkflowContext, deps: RecoveryDeps, input: RecoveryRunInput): Promise<RecoveryResult> {
  const opened = await openCaseStep(ctx, deps, input);
  const scope: RecoveryScope = { ctx, deps, opened, rules: recoveryRules(ctx.version) };
  const { state, ended } = await recover(scope, input.adoptedAt, input.attempts);
  return { invoiceId: input.invoiceId, outcome: ended, attempts: state.attempts, escalations: state.escalations };
}

/** Escalates at once if the policy says so, walks the timeline, hands over as the seed's flow says, then waits for the deadline. */
async function recover(scope: RecoveryScope, adoptedAt: number | null, attempts: number): Promise<Finished> {
  const { opened } = scope;
  let progress = going(startState(attempts));
  if (manualRecoveryReasons(escalationFacts(opened, progress.state), opened.recovery).length > 0) {
    progress = await escalate(scope, progress.state);
    if (progress.ended !== null) return progress;
  }
  for (const checkpoint of opened.checkpoints) {
    if (progress.state.suspended) break;
    progress = await passCheckpoint(scope, progress.state, checkpoint, adoptedAt);
    if (progress.ended !== null) return progress;
  }
  progress = await handOverAfterSchedule(scope, progress.state);
  if (progress.ended !== null) return progress;
  return closeAtDeadline(scope, progress.state);
}
