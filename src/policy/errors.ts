/**
 * Policy-layer errors, on the project's one hierarchy: stable codes callers can switch on, never
 * retryable (the same input fails the same way), validation issues carrying field paths.
 */
import type { FieldIssue } from '../lib/errors.ts';
import { PsiZeroError, ValidationError } from '../lib/errors.ts';

export type { FieldIssue };

/** The policy document (file or overrides) is malformed or inconsistent. */
export class PolicyValidationError extends ValidationError {
  override readonly code = 'POLICY_INVALID';
  constructor(issues: FieldIssue[], source?: string) {
    super(source === undefined ? 'invalid policy' : `invalid policy in ${source}`, issues);
  }
}

/** A workflow's declared classification (`defineWorkflow({ classification })`) does not match the schema. */
export class WorkflowClassificationError extends ValidationError {
  override readonly code = 'WORKFLOW_CLASSIFICATION_INVALID';
  constructor(workflow: string, issues: FieldIssue[]) {
    super(`invalid classification of workflow '${workflow}'`, issues);
  }
}

/** The policy file could not be read at all (missing, unreadable, unsupported extension). */
export class PolicyLoadError extends PsiZeroError {
  override readonly code = 'POLICY_UNREADABLE';
  constructor(message: string, cause?: unknown) {
    super('POLICY_UNREADABLE', message, { kind: 'invalid', retryable: false, cause });
  }
}

/** A proposed action (e.g. the file given to `policy explain`) does not match the action schema. */
export class ActionValidationError extends ValidationError {
  override readonly code = 'ACTION_INVALID';
  constructor(issues: FieldIssue[]) {
    super('invalid action', issues);
  }
}
