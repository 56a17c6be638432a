/**
 * How one gate action is classified inside its workflow. The action inherits the workflow's
 * classification, triggers and declared level and may only raise them, never lower them:
 * - each ordinal dimension (impact, complexity, reversibility, stakeholders) takes the stricter of
 *   workflow and action; financial impact and time to execute the larger;
 * - each trigger takes the strictest threshold of the policy's global one, the workflow's and the
 *   action's (a tie keeps the earlier, so a value is credited to the broadest rule that sets it);
 * - the declared level is a floor (decision-record.ts takes the maximum with the seed's rule and
 *   the triggers).
 * The approval kind follows a fixed precedence instead (approvalKindFor). Every value keeps where it
 * came from, for the decision record. Pure.
 */
import type { ProposedAction } from './action.ts';
import type { ApprovalKindName } from './approval-kinds.ts';
import type { Classification } from './classification.ts';
import { ComplexitySchema, ImpactSchema, ReversibilitySchema, StakeholdersSchema } from './classification.ts';
import { ActionValidationError } from './errors.ts';
import type { EscalationPolicy } from './escalation.ts';
import type { Policy } from './policy-schema.ts';
import type { AutonomyLevel } from './primitives.ts';
import type {
  EscalationTriggers,
  SeedTriggerName,
  Sourced,
  SourcedClassification,
  SourcedTriggers,
  WorkflowPolicy,
} from './workflow-classification.ts';
import { SEED_TRIGGERS } from './workflow-classification.ts';

/** Where each value of an action's classification came from; kept in the decision record. */
export interface ActionSources {
  /** The workflow the action ran in. */
  readonly workflow: string;
  readonly actionType: string;
  readonly autonomyLevel: Sourced<AutonomyLevel> | null;
  readonly classification: SourcedClassification;
  readonly escalationTriggers: SourcedTriggers;
  /** The kind asked for; routing still makes a route of two or more approvals a consensus. */
  readonly approvalKind: Sourced<ApprovalKindName>;
}

export interface ClassifiedAction {
  readonly classification: Classification;
  /** The policy's triggers with the workflow's and the action's Level 2 thresholds applied. */
  readonly escalation: EscalationPolicy;
  readonly declaredLevel: Sourced<AutonomyLevel> | null;
  readonly approvalKind: Sourced<ApprovalKindName>;
  readonly sources: Omit<ActionSources, 'workflow'>;
}

/** The action's type: its own `type`, else its id up to the first ':' (`billing.recovery:inv_1:0` → `billing.recovery`). */
export function actionTypeOf(action: Pick<ProposedAction, 'id' | 'type'>): string {
  return action.type ?? action.id.split(':')[0]!;
}

/** Each ordinal dimension's scale, mildest first. */
const ORDINAL: Readonly<Record<string, readonly string[]>> = {
  impact: ImpactSchema.options,
  complexity: ComplexitySchema.options,
  reversibility: ReversibilitySchema.options,
  stakeholders: StakeholdersSchema.options,
};

/** Is `a` stricter than `b` for this field (ordinal: later in the scale; amounts: larger)? */
function stricterField(field: keyof Classification, a: string | number, b: string | number): boolean {
  const scale = ORDINAL[field];
  if (scale === undefined) return a > b;
  return scale.indexOf(String(a)) > scale.indexOf(String(b));
}

const FIELDS: readonly (keyof Classification)[] = [
  'impact',
  'complexity',
  'reversibility',
  'stakeholders',
  'financialImpact',
  'timeToExecute',
];

/** The workflow's classification raised by the action's, field by field; the action's own when outside a classified workflow. */
export function mergeClassification(
  workflow: SourcedClassification | null,
  action: Classification | undefined,
): SourcedClassification {
  if (workflow === null) {
    if (action === undefined) {
      throw new ActionValidationError([
        {
          path: 'classification',
          message: 'required: the action is not inside a classified workflow, so it must give its classification',
        },
      ]);
    }
    return Object.fromEntries(
      FIELDS.map((f) => [f, { value: action[f], source: 'action' }]),
    ) as unknown as SourcedClassification;
  }
  if (action === undefined) return workflow;
  return Object.fromEntries(
    FIELDS.map((f) => [
      f,
      stricterField(f, action[f], workflow[f].value) ? { value: action[f], source: 'action' } : workflow[f],
    ]),
  ) as unknown as SourcedClassification;
}

export function plainClassification(sourced: SourcedClassification): Classification {
  return Object.fromEntries(FIELDS.map((f) => [f, sourced[f].value])) as unknown as Classification;
}

const round = (n: number): number => Math.round(n * 1e9) / 1e9;

/** The policy's Level 2 triggers in the seed's terms (null: switched off). */
export function globalTriggers(escalation: EscalationPolicy): Record<SeedTriggerName, number | null> {
  const confidence = escalation.modelConfidence.level2Below;
  return {
    financialThreshold: escalation.financialImpact.level2AtOrAboveUsd,
    customerImpactCount: escalation.customersAffected.level2Above,
    systemHealthThreshold: escalation.systemHealth.level2Below,
    uncertaintyThreshold: confidence === null ? null : round(1 - confidence),
  };
}

/** A lower threshold is stricter for money, customers and uncertainty; a higher one for system health. */
function stricterTrigger(name: SeedTriggerName, a: number, b: number): boolean {
  return name === 'systemHealthThreshold' ? a > b : a < b;
}

/** The strictest of the policy's, the workflow's and the action's threshold, per trigger. */
export function mergeTriggers(
  escalation: EscalationPolicy,
  workflow: SourcedTriggers | null,
  action: EscalationTriggers | undefined,
): SourcedTriggers {
  const global = globalTriggers(escalation);
  const merged = SEED_TRIGGERS.map((name): [SeedTriggerName, Sourced<number> | null] => {
    const candidates: (Sourced<number> | null)[] = [
      global[name] === null ? null : { value: global[name], source: 'global' },
      workflow?.[name] ?? null,
      action?.[name] === undefined ? null : { value: action[name], source: 'action' },
    ];
    const strictest = candidates.reduce<Sourced<number> | null>((best, c) => {
      if (c === null) return best;
      return best === null || stricterTrigger(name, c.value, best.value) ? c : best;
    }, null);
    return [name, strictest];
  });
  return Object.fromEntries(merged) as unknown as SourcedTriggers;
}

/** The policy's triggers with each Level 2 threshold that a workflow or an action tightened replaced. */
export function applyTriggers(escalation: EscalationPolicy, triggers: SourcedTriggers): EscalationPolicy {
  const tightened = (name: SeedTriggerName): number | null => {
    const t = triggers[name];
    return t === null || t.source === 'global' ? null : t.value;
  };
  const money = tightened('financialThreshold');
  const customers = tightened('customerImpactCount');
  const health = tightened('systemHealthThreshold');
  const uncertainty = tightened('uncertaintyThreshold');
  return {
    financialImpact:
      money === null ? escalation.financialImpact : { ...escalation.financialImpact, level2AtOrAboveUsd: money },
    customersAffected:
      customers === null ? escalation.customersAffected : { ...escalation.customersAffected, level2Above: customers },
    systemHealth: health === null ? escalation.systemHealth : { ...escalation.systemHealth, level2Below: health },
    modelConfidence:
      uncertainty === null
        ? escalation.modelConfidence
        : { ...escalation.modelConfidence, level2Below: round(1 - uncertainty) },
  };
}

/**
 * The kind an action asks for, first that applies: the policy's kind for this action type in this
 * workflow, the policy's kind for the workflow, the action's own, the workflow code's, the policy's
 * `approvals.defaultKind`.
 */
export function approvalKindFor(
  actionType: string,
  asked: ApprovalKindName | undefined,
  workflow: WorkflowPolicy | undefined,
  defaultKind: ApprovalKindName,
): Sourced<ApprovalKindName> {
  const perType = workflow?.actionKinds[actionType];
  if (perType !== undefined) return { value: perType, source: 'policy_action_type' };
  if (workflow?.approvalKind.policy) return { value: workflow.approvalKind.policy, source: 'policy' };
  if (asked !== undefined) return { value: asked, source: 'action' };
  if (workflow?.approvalKind.code) return { value: workflow.approvalKind.code, source: 'code' };
  return { value: defaultKind, source: 'global' };
}

export function classifyAction(action: ProposedAction, policy: Policy, workflow?: WorkflowPolicy): ClassifiedAction {
  const classification = mergeClassification(workflow?.classification ?? null, action.classification);
  const escalationTriggers = mergeTriggers(
    policy.escalation,
    workflow?.escalationTriggers ?? null,
    action.escalationTriggers,
  );
  const actionType = actionTypeOf(action);
  const approvalKind = approvalKindFor(actionType, action.approvalKind, workflow, policy.approvals.defaultKind);
  const autonomyLevel = workflow?.autonomyLevel ?? null;
  return {
    classification: plainClassification(classification),
    escalation: applyTriggers(policy.escalation, escalationTriggers),
    declaredLevel: autonomyLevel,
    approvalKind,
    sources: { actionType, autonomyLevel, classification, escalationTriggers, approvalKind },
  };
}
