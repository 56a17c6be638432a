/**
 * The policy layer: pure rules that decide how autonomously PsiZero may act and who must approve,
 * plus the one loader that reads the policy file.
 */
export type { ActionChoice, ProposedAction } from './action.ts';
export { ActionChoiceSchema, ProposedActionSchema, parseProposedAction } from './action.ts';
export type { ActionSources, ClassifiedAction } from './action-classification.ts';
export {
  actionTypeOf,
  applyTriggers,
  approvalKindFor,
  classifyAction,
  globalTriggers,
  mergeClassification,
  mergeTriggers,
  plainClassification,
} from './action-classification.ts';
export type {
  ApprovalFallback,
  ApprovalKindName,
  ApprovalKindPolicy,
  ApprovalsPolicy,
  Quorum,
} from './approval-kinds.ts';
export { approvalTimeoutMs, requiredApprovalCount } from './approval-kinds.ts';
export type { FailedPaymentFacts, BillingPolicy, RecoveryPolicy, Restriction } from './billing-recovery.ts';
export { graceRestrictionOnDay, manualRecoveryReasons } from './billing-recovery.ts';
export type { BusinessCalendar, Weekday } from './business-hours.ts';
export {
  BusinessCalendarSchema,
  TimeZoneSchema,
  WEEKDAYS,
  addBusinessTime,
  businessTimeBetween,
  inTimeZone,
} from './business-hours.ts';
export type {
  AutonomyEvaluation,
  AutonomyThresholds,
  Classification,
  Complexity,
  Impact,
  Reversibility,
  Stakeholders,
} from './classification.ts';
export { ClassificationSchema, determineAutonomyLevel, evaluateAutonomyRules } from './classification.ts';
export type { DecisionRecord, RecordedTrigger } from './decision-record.ts';
export {
  buildDecisionRecord,
  choiceLabel,
  choicesOf,
  effectiveSignals,
  formatDecisionRecord,
} from './decision-record.ts';
export { DEFAULT_POLICY } from './defaults.ts';
export type { Directory, Person } from './directory.ts';
export { backupCycles, backupOf, findPerson, holdersOfRole } from './directory.ts';
export type { FieldIssue } from './errors.ts';
export {
  ActionValidationError,
  PolicyLoadError,
  PolicyValidationError,
  WorkflowClassificationError,
} from './errors.ts';
export type { EscalationPolicy, RuntimeSignals, TriggerFinding, TriggerName } from './escalation.ts';
export { RuntimeSignalsSchema, applyEscalation, evaluateEscalationTriggers } from './escalation.ts';
export { loadPolicy } from './load-policy.ts';
export { formatUsd, toCents } from './money.ts';
export type { Policy } from './policy-schema.ts';
export { PolicySchema } from './policy-schema.ts';
export type { AutonomyLevel, AutonomyMode, Finding } from './primitives.ts';
export { AUTONOMY_MODES, describeRole } from './primitives.ts';
export type { PolicyFormat } from './resolve-policy.ts';
export { parsePolicyText, resolvePolicy } from './resolve-policy.ts';
export type {
  ApprovalPlan,
  ApprovalRequirement,
  ApprovalRoute,
  CustomerRef,
  CustomerRouteMatch,
  FinancialRouteMatch,
  FinancialTier,
  RequirementSource,
  RouteInput,
  RoutingContext,
  RoutingPolicy,
} from './routing.ts';
export { CustomerRefSchema, routeApproval, routeByCustomerImpact, routeByFinancialImpact } from './routing.ts';
export type {
  DeclaredWorkflow,
  EscalationTriggers,
  SeedTriggerName,
  Sourced,
  SourcedClassification,
  SourcedTriggers,
  ValueSource,
  WorkflowClassification,
  WorkflowClassificationInput,
  WorkflowOverride,
  WorkflowOverrides,
  WorkflowPolicy,
  WorkflowPolicyResolver,
} from './workflow-classification.ts';
export {
  EscalationTriggersSchema,
  SEED_TRIGGERS,
  routineInternalWork,
  WorkflowClassificationSchema,
  WorkflowOverrideSchema,
  checkWorkflowOverrides,
  parseWorkflowClassification,
  resolveWorkflowPolicy,
  unclassifiedWorkflow,
} from './workflow-classification.ts';
export type { WorkflowSummary } from './workflow-summary.ts';
export { explainWorkflow, summarizeWorkflow } from './workflow-summary.ts';
export {
  CLASSIFICATION_LABELS,
  TRIGGER_LABELS,
  classificationValueWords,
  formatSources,
  sourceWords,
  triggerWords,
} from './workflow-words.ts';
