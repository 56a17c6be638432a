/**
 * The SDK's `defineWorkflow`: the engine's, with a declared `version` required. A workflow that
 * PsiZero loads from a module runs for days across deployments, and a run keeps the version it
 * started with, so the author says which version the code is rather than inheriting a default.
 */
import type { z } from 'zod';
import {
  defineWorkflow as defineEngineWorkflow,
  definitionIssues,
  type WorkflowContext,
  type WorkflowDefinition,
} from '../engine/workflow.ts';
import type { RetryPolicy } from '../engine/retry.ts';
import type { WorkflowClassificationInput } from '../policy/workflow-classification.ts';
import { ValidationError, type FieldIssue } from '../lib/errors.ts';

export interface WorkflowSpec<S extends z.ZodType, O> {
  /** Unique among the workflows of one PsiZero: letters, digits, '.', '_' and '-' (e.g. `ops.refund`). */
  name: string;
  /** A whole number from 1 up; raise it when a change would break runs in flight (docs/sdk.md). */
  version: number;
  input: S;
  /** Default retry policy for this workflow's steps. */
  retry?: Partial<RetryPolicy>;
  /**
   * The seed's `WorkflowClassification`: its level, classification, escalation triggers and approval
   * kind. Gate actions inside the workflow inherit it and may only raise it; the policy file's
   * `workflows:` section can override it by name (docs/policy.md).
   */
  classification?: WorkflowClassificationInput;
  run: (ctx: WorkflowContext, input: z.output<S>) => Promise<O>;
}

export function defineWorkflow<S extends z.ZodType, O>(
  spec: WorkflowSpec<S, O>,
): WorkflowDefinition<z.output<S>, O, z.input<S>> {
  const missing: FieldIssue[] =
    (spec as { version?: unknown }).version === undefined
      ? [{ path: 'version', message: 'required: declare which version (a whole number from 1 up) this code is' }]
      : [];
  const issues = [...missing, ...definitionIssues(spec)];
  if (issues.length > 0)
    throw new ValidationError(
      typeof spec.name === 'string' ? `invalid workflow definition '${spec.name}'` : 'invalid workflow definition',
      issues,
    );
  return defineEngineWorkflow(spec);
}
