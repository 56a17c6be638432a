/**
 * A registered workflow as people check it (`psizero workflows list/explain`, the dashboard's
 * Policy page): its level, classification, triggers and approval kind, each with where it came
 * from, and the decision record the seed's rule gives the workflow itself.
 */
import type {
  Sourced,
  SourcedClassification,
  SourcedTriggers,
  ValueSource,
  WorkflowPolicy,
} from './workflow-classification.ts';
import type { ApprovalKindName } from './approval-kinds.ts';
import { evaluateAutonomyRules } from './classification.ts';
import type { DecisionRecord } from './decision-record.ts';
import { buildDecisionRecord } from './decision-record.ts';
import { approvalKindFor, mergeTriggers, plainClassification } from './action-classification.ts';
import type { Policy } from './policy-schema.ts';
import type { AutonomyLevel } from './primitives.ts';
import { PsiZeroError } from '../lib/errors.ts';

export interface WorkflowSummary {
  readonly name: string;
  readonly version: number;
  /**
   * The workflow's level: the higher of its declared level and the seed's rule over its
   * classification ('rule'); null when it declares neither (each action then decides alone).
   */
  readonly level: { readonly value: AutonomyLevel; readonly source: ValueSource | 'rule' } | null;
  readonly autonomyLevel: Sourced<AutonomyLevel> | null;
  readonly classification: SourcedClassification | null;
  /** The workflow's triggers merged with the policy's global ones. */
  readonly escalationTriggers: SourcedTriggers;
  /** The kind an action of the workflow gets unless it asks for its own (or the policy names its type). */
  readonly approvalKind: Sourced<ApprovalKindName>;
  /** The policy file's kind per action type. */
  readonly actionKinds: Readonly<Record<string, ApprovalKindName>>;
}

export function summarizeWorkflow(workflow: WorkflowPolicy, policy: Policy): WorkflowSummary {
  const declared = workflow.autonomyLevel;
  const rule =
    workflow.classification === null
      ? null
      : evaluateAutonomyRules(plainClassification(workflow.classification), policy.autonomy).level;
  let level: WorkflowSummary['level'] = null;
  if (declared !== null && (rule === null || declared.value >= rule)) level = declared;
  else if (rule !== null) level = { value: rule, source: 'rule' };
  return {
    name: workflow.name,
    version: workflow.version,
    level,
    autonomyLevel: declared,
    classification: workflow.classification,
    escalationTriggers: mergeTriggers(policy.escalation, workflow.escalationTriggers, undefined),
    // The kind a plain action of the workflow (no type the policy names, no kind of its own) gets.
    approvalKind: approvalKindFor('', undefined, { ...workflow, actionKinds: {} }, policy.approvals.defaultKind),
    actionKinds: workflow.actionKinds,
  };
}

/**
 * The decision record of the workflow taken as one action with its own classification: what the
 * seed's `determineAutonomyLevel(workflow)` gives it under this policy, and who would approve.
 */
export function explainWorkflow(workflow: WorkflowPolicy, policy: Policy): DecisionRecord {
  if (workflow.classification === null) {
    throw new PsiZeroError(
      'WORKFLOW_UNCLASSIFIED',
      `workflow ${workflow.name} declares no classification (in code or in the policy file's workflows.${workflow.name}); each of its actions classifies itself`,
      { kind: 'invalid', retryable: false },
    );
  }
  const action = { id: workflow.name, title: `Workflow ${workflow.name} (version ${workflow.version})` };
  return buildDecisionRecord(action, policy, { ...workflow, actionKinds: {} });
}
