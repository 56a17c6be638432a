/**
 * A proposed business action, as a workflow (or `psizero policy explain <file.json>`) presents it
 * to the policy gate: what it is, how it is classified, what is known at run time, whom it touches.
 */
import { z } from 'zod';
import { ApprovalKindNameSchema } from './approval-kinds.ts';
import { ClassificationSchema } from './classification.ts';
import { ActionValidationError } from './errors.ts';
import { RuntimeSignalsSchema } from './escalation.ts';
import type { DeepReadonly } from './primitives.ts';
import { CustomerRefSchema } from './routing.ts';
import { ActionTypeSchema, EscalationTriggersSchema } from './workflow-classification.ts';
import { issueMessage, toFieldIssues } from '../lib/field-issues.ts';

/** Choice ids are machine names the workflow switches on, so the same form as role names. */
const ChoiceIdSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a choice id in snake_case, e.g. retry_now');

/** One option the person deciding picks from; the workflow receives the id of the one approved. */
export const ActionChoiceSchema = z.strictObject({
  id: ChoiceIdSchema,
  // Short: it becomes a button and a radio label (Slack buttons show 75 characters; longer ones are clipped there).
  label: z.string().trim().min(1).max(120),
  description: z.string().trim().min(1).max(500).optional(),
  /**
   * Set when the option cannot succeed as things stand, saying why ("the card was reported stolen;
   * charging it again cannot succeed"). People see it with the reason and cannot pick it.
   */
  unavailable: z.string().trim().min(1).max(300).optional(),
});

export type ActionChoice = DeepReadonly<z.output<typeof ActionChoiceSchema>>;

/**
 * At least two (one option is no choice; approve/reject already covers it), at most eight (what
 * fits as buttons in one Slack message and stays readable as radio buttons).
 */
const ChoicesSchema = z
  .array(ActionChoiceSchema)
  .min(2)
  .max(8)
  .superRefine((choices, ctx) => {
    const seen = new Set<string>();
    choices.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate choice id "${c.id}"` });
      seen.add(c.id);
    });
    if (choices.every((c) => c.unavailable !== undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'at least one option must be available to choose' });
  });

export const ProposedActionSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  /** What kind of action it is, for the policy's per-type settings; default: the id up to its first ':'. */
  type: ActionTypeSchema.optional(),
  /**
   * Required unless the action runs inside a classified workflow, whose classification it then
   * inherits; given there, it may only raise it (action-classification.ts).
   */
  classification: ClassificationSchema.optional(),
  /** The seed's escalation triggers for this action; they can only tighten the workflow's and the policy's. */
  escalationTriggers: EscalationTriggersSchema.optional(),
  /** The approval kind the action needs (synchronous for time-critical work); the policy may override it. */
  approvalKind: ApprovalKindNameSchema.optional(),
  signals: RuntimeSignalsSchema.optional(),
  customers: z.array(CustomerRefSchema).optional(),
  /** Directory id of the person who proposed it, if a person did; they may not approve it. */
  initiatedBy: z.string().min(1).optional(),
  /** Options the approver must choose between; approving then means approving one of them. */
  choices: ChoicesSchema.optional(),
});

export type ProposedAction = DeepReadonly<z.output<typeof ProposedActionSchema>>;

export function parseProposedAction(raw: unknown): ProposedAction {
  const result = ProposedActionSchema.safeParse(raw, { error: issueMessage });
  if (!result.success) throw new ActionValidationError(toFieldIssues(result.error.issues));
  return result.data;
}
