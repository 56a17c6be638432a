/**
 * A workflow's own classification (the seed's `WorkflowClassification`): the classification its
 * gate actions start from, the autonomy level it declares, its escalation triggers in the seed's
 * terms and the approval kind it asks for. Declared in code on `defineWorkflow` (the engine carries
 * it untouched) and replaceable field by field in the policy file's `workflows.<name>`, which is
 * the operator's word. Pure: no I/O.
 */
import { z } from 'zod';
import type { ApprovalKindName } from './approval-kinds.ts';
import { ApprovalKindNameSchema } from './approval-kinds.ts';
import type { Classification } from './classification.ts';
import { ClassificationSchema } from './classification.ts';
import { PolicyValidationError, WorkflowClassificationError } from './errors.ts';
import type { AutonomyLevel, DeepReadonly } from './primitives.ts';
import { AutonomyLevelSchema, UsdSchema } from './primitives.ts';
import { issueMessage, toFieldIssues } from '../lib/field-issues.ts';

/** The engine's rule for workflow names (`defineWorkflow`), so a policy key can name any workflow. */
export const WorkflowNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "expected a workflow name: letters, digits, '.', '_' and '-'");

/** An action type (`billing.recovery`, `refund`): the proposal's `type`, else its id up to the first ':'. */
export const ActionTypeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "expected an action type: letters, digits, '.', '_' and '-'");

/**
 * The seed's four escalation triggers. Each tightens one of the policy's run-time triggers
 * (`escalation.*`, docs/policy.md) at Level 2; none of them can loosen one.
 */
export const EscalationTriggersSchema = z.strictObject({
  /** USD: Level 2 at or above (escalation.financialImpact.level2AtOrAboveUsd). */
  financialThreshold: UsdSchema.optional(),
  /** Customers: Level 2 when more are affected (escalation.customersAffected.level2Above). */
  customerImpactCount: z.number().int().min(0).optional(),
  /** Availability in percent: Level 2 below it (escalation.systemHealth.level2Below). */
  systemHealthThreshold: z.number().min(0).max(100).optional(),
  /** 0..1: Level 2 when the uncertainty, 1 - model confidence, is above it (escalation.modelConfidence.level2Below = 1 - u). */
  uncertaintyThreshold: z.number().min(0).max(1).optional(),
});

export type EscalationTriggers = z.infer<typeof EscalationTriggersSchema>;
export type SeedTriggerName = keyof EscalationTriggers;
export const SEED_TRIGGERS: readonly SeedTriggerName[] = [
  'financialThreshold',
  'customerImpactCount',
  'systemHealthThreshold',
  'uncertaintyThreshold',
];

export const WorkflowClassificationSchema = z.strictObject({
  /** A floor: the workflow's actions never run below it. */
  autonomyLevel: AutonomyLevelSchema.optional(),
  classification: ClassificationSchema,
  escalationTriggers: EscalationTriggersSchema.optional(),
  approvalKind: ApprovalKindNameSchema.optional(),
});

/** What `defineWorkflow({ classification })` accepts. */
export type WorkflowClassificationInput = z.input<typeof WorkflowClassificationSchema>;
export type WorkflowClassification = DeepReadonly<z.output<typeof WorkflowClassificationSchema>>;

// Gives `defineWorkflow`'s opaque `classification` its type, without the engine naming the policy.
declare module '../engine/workflow.ts' {
  interface DeclaredWorkflowTypes {
    classification: WorkflowClassificationInput;
  }
}

/** `null` removes what the code declares (the policy's triggers and defaults then apply). */
const TriggerOverridesSchema = z.strictObject({
  financialThreshold: UsdSchema.nullable().optional(),
  customerImpactCount: z.number().int().min(0).nullable().optional(),
  systemHealthThreshold: z.number().min(0).max(100).nullable().optional(),
  uncertaintyThreshold: z.number().min(0).max(1).nullable().optional(),
});

/** The policy file's word on one workflow: each field given replaces the code's. */
/**
 * Routine internal work, Level 1 by the seed's rule: low impact, simple, easily reversible, no money
 * at stake, nobody outside affected. Workflows that only read, report, or hand work to other runs
 * (which classify their own actions) declare it.
 */
export function routineInternalWork(timeToExecuteMinutes = 1): WorkflowClassificationInput {
  return {
    autonomyLevel: 1,
    classification: {
      impact: 'low',
      complexity: 'simple',
      reversibility: 'easily_reversible',
      stakeholders: 'internal',
      financialImpact: 0,
      timeToExecute: timeToExecuteMinutes,
    },
  };
}

export const WorkflowOverrideSchema = z.strictObject({
  autonomyLevel: AutonomyLevelSchema.nullable().optional(),
  classification: ClassificationSchema.partial().optional(),
  escalationTriggers: TriggerOverridesSchema.optional(),
  approvalKind: ApprovalKindNameSchema.nullable().optional(),
  /** The kind per action type, above everything else that asks for one. */
  actions: z.record(ActionTypeSchema, z.strictObject({ approvalKind: ApprovalKindNameSchema })).optional(),
});

export const WorkflowOverridesSchema = z.record(WorkflowNameSchema, WorkflowOverrideSchema);
export type WorkflowOverride = DeepReadonly<z.output<typeof WorkflowOverrideSchema>>;
export type WorkflowOverrides = DeepReadonly<z.output<typeof WorkflowOverridesSchema>>;

/**
 * Where a value came from: the workflow's code, the policy file's `workflows.<name>` (or its
 * `actions.<type>`), the action itself, or the policy's global settings (`escalation.*`,
 * `approvals.defaultKind`).
 */
export type ValueSource = 'code' | 'policy' | 'policy_action_type' | 'action' | 'global';

export interface Sourced<T> {
  readonly value: T;
  readonly source: ValueSource;
}

export type SourcedClassification = { readonly [K in keyof Classification]: Sourced<Classification[K]> };
export type SourcedTriggers = { readonly [K in SeedTriggerName]: Sourced<number> | null };

/** A workflow's effective classification: its code default with the policy file's override applied, every value sourced. */
export interface WorkflowPolicy {
  readonly name: string;
  readonly version: number;
  readonly autonomyLevel: Sourced<AutonomyLevel> | null;
  /** Null when neither code nor policy classifies the workflow: its actions then classify themselves. */
  readonly classification: SourcedClassification | null;
  /** The workflow's own triggers only; the policy's global ones are merged per action. */
  readonly escalationTriggers: SourcedTriggers;
  /** Kept apart, because an action's own request ranks between the policy's word and the code's. */
  readonly approvalKind: { readonly policy: ApprovalKindName | null; readonly code: ApprovalKindName | null };
  /** The policy's kind per action type (`workflows.<name>.actions.<type>.approvalKind`). */
  readonly actionKinds: Readonly<Record<string, ApprovalKindName>>;
}

/** Finds a running workflow's effective classification (the gate's view of the registered workflows). */
export interface WorkflowPolicyResolver {
  /** Null for a workflow it does not know. */
  policyOf(name: string, version: number): WorkflowPolicy | null;
}

/** A workflow that declares nothing and that the policy does not name. */
export function unclassifiedWorkflow(name: string, version: number): WorkflowPolicy {
  return resolveWorkflowPolicy({ name, version }, undefined);
}

/** What the layers above need of a workflow definition; the engine's `WorkflowDefinition` fits. */
export interface DeclaredWorkflow {
  readonly name: string;
  readonly version: number;
  readonly classification?: unknown;
}

/** The code's classification, validated; null when the workflow declares none. */
export function parseWorkflowClassification(def: DeclaredWorkflow): WorkflowClassification | null {
  if (def.classification === undefined) return null;
  const result = WorkflowClassificationSchema.safeParse(def.classification, { error: issueMessage });
  if (!result.success) {
    throw new WorkflowClassificationError(def.name, toFieldIssues(result.error.issues, ['classification']));
  }
  return result.data;
}

const CLASSIFICATION_FIELDS = Object.keys(ClassificationSchema.shape) as (keyof Classification)[];

function pick<T>(override: T | null | undefined, code: T | undefined): Sourced<T> | null {
  if (override === null) return null;
  if (override !== undefined) return { value: override, source: 'policy' };
  return code === undefined ? null : { value: code, source: 'code' };
}

/**
 * The effective classification of one workflow. A policy that classifies a workflow whose code
 * declares none must give the whole classification, since its actions will rely on it.
 */
export function resolveWorkflowPolicy(def: DeclaredWorkflow, override: WorkflowOverride | undefined): WorkflowPolicy {
  const code = parseWorkflowClassification(def);
  const overridden = override?.classification ?? {};
  let classification: SourcedClassification | null = null;
  if (code !== null || Object.keys(overridden).length > 0) {
    const missing = CLASSIFICATION_FIELDS.filter((field) => overridden[field] === undefined && code === null);
    if (missing.length > 0) {
      throw new PolicyValidationError(
        missing.map((field) => ({
          path: `workflows.${def.name}.classification.${field}`,
          message: `required: workflow ${def.name} declares no classification in code, so the policy must give all of it`,
        })),
      );
    }
    const sourced = (field: keyof Classification) => pick(overridden[field], code?.classification[field])!;
    classification = Object.fromEntries(
      CLASSIFICATION_FIELDS.map((field) => [field, sourced(field)]),
    ) as unknown as SourcedClassification;
  }
  const triggers = Object.fromEntries(
    SEED_TRIGGERS.map((name) => [name, pick(override?.escalationTriggers?.[name], code?.escalationTriggers?.[name])]),
  ) as unknown as SourcedTriggers;
  return {
    name: def.name,
    version: def.version,
    autonomyLevel: pick(override?.autonomyLevel, code?.autonomyLevel),
    classification,
    escalationTriggers: triggers,
    approvalKind: {
      policy: override?.approvalKind ?? null,
      code: override?.approvalKind === null ? null : (code?.approvalKind ?? null),
    },
    actionKinds: Object.fromEntries(Object.entries(override?.actions ?? {}).map(([type, a]) => [type, a.approvalKind])),
  };
}

/** The policy may only name workflows that exist; a typo would otherwise be silently ignored. */
export function checkWorkflowOverrides(overrides: WorkflowOverrides, registered: readonly string[], source?: string) {
  const known = new Set(registered);
  const unknown = Object.keys(overrides).filter((name) => !known.has(name));
  if (unknown.length === 0) return;
  const list = [...registered].sort().join(', ') || 'none';
  throw new PolicyValidationError(
    unknown.map((name) => ({
      path: `workflows.${name}`,
      message: `unknown workflow "${name}"; registered workflows: ${list}`,
    })),
    source,
  );
}
