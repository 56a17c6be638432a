/**
 * PsiZero as a package (docs/sdk.md): `import { defineWorkflow, act, z } from 'psizero'`.
 * What a workflow module needs, and what a program that runs PsiZero itself (a test, a script)
 * needs to start it. The repository runs from these sources through tsx; the package ships them
 * compiled (`npm pack` builds dist/).
 */

// Writing a workflow.
export { defineWorkflow, type WorkflowSpec } from './sdk/define-workflow.ts';
export { z } from 'zod';
export type {
  AnyWorkflow,
  ChildHandle,
  ReceivedEvent,
  StepInfo,
  StepOptions,
  WaitOptions,
  WaitResult,
  WorkflowContext,
  WorkflowDefinition,
} from './engine/workflow.ts';
export type { RetryPolicy } from './engine/retry.ts';
export type { CatchUpPolicy, ScheduleDefinition } from './engine/scheduler.ts';
export type { Subscription } from './engine/registry.ts';
export type { NewEvent } from './store/types.ts';

// Business actions through the policy gate.
export { act } from './approvals/gate.ts';
export type { ConservativeDefault, GateAction, GateResult } from './approvals/gate.ts';
export type { GateDeps } from './approvals/gate-steps.ts';
export type { NotExecutedReason } from './approvals/gate-outcome.ts';
export type { ApprovalDecision, Recommendation } from './approvals/approval-model.ts';
export type {
  ActionChoice,
  ApprovalKindName,
  AutonomyLevel,
  Classification,
  Complexity,
  DecisionRecord,
  Impact,
  ProposedAction,
  Reversibility,
  RuntimeSignals,
  Stakeholders,
  WorkflowClassificationInput,
} from './policy/index.ts';

// Workflow modules: the files the config's `workflows` names.
export { WorkflowModuleError, type WorkflowModule, type WorkflowServices } from './app/workflow-module.ts';
export type { LoadedWorkflowModule } from './app/load-workflow-modules.ts';

// Errors a workflow throws or catches.
export {
  ChildFailedError,
  ConflictError,
  InternalError,
  NonRetryableError,
  NotConfiguredError,
  NotFoundError,
  PsiZeroError,
  StepFailedError,
  StepTimeoutError,
  ValidationError,
  type ErrorKind,
  type FieldIssue,
} from './lib/errors.ts';
export { ActionValidationError } from './policy/errors.ts';
export { ApprovalRefusedError } from './approvals/errors.ts';

// Running PsiZero from a program.
export { createApp, type App, type CreateAppOptions } from './app/create-app.ts';
export { loadConfig, type Config, type LoadConfigOptions } from './app/config.ts';
export { ManualClock, systemClock, type Clock } from './lib/clock.ts';
export { createLogger, silentLogger, type Logger } from './lib/logger.ts';
