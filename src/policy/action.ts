/**
 * A proposed business action, as a workflow (or `psizero policy explain <file.json>`) presents it
 * to the policy gate: what it is, how it is classified, what is known at run time, whom it touches.
 */
import { z } from 'zod';
import { ClassificationSchema } from './classification.ts';
import { ActionValidationError } from './errors.ts';
import { RuntimeSignalsSchema } from './escalation.ts';
import type { DeepReadonly } from './primitives.ts';
import { CustomerRefSchema } from './routing.ts';
import { describeIssue, toFieldIssues } from './zod-issues.ts';

export const ProposedActionSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  classification: ClassificationSchema,
  signals: RuntimeSignalsSchema.optional(),
  customers: z.array(CustomerRefSchema).optional(),
  /** Directory id of the person who proposed it, if a person did; they may not approve it. */
  initiatedBy: z.string().min(1).optional(),
});

export type ProposedAction = DeepReadonly<z.output<typeof ProposedActionSchema>>;

export function parseProposedAction(raw: unknown): ProposedAction {
  const result = ProposedActionSchema.safeParse(raw, { error: describeIssue });
  if (!result.success) throw new ActionValidationError(toFieldIssues(result.error.issues));
  return result.data;
}
