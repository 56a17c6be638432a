/**
 * The morning briefing (the seed's Daily Business Operations Workflow, Level 1): sources that
 * collect the morning's data, the pure composition of the company's briefing and each person's
 * cut of it, and the renderers. The app wires the workflow (src/app/create-briefing.ts).
 */
export {
  AUDIENCES,
  AUDIENCE_TOPICS,
  ROLE_AUDIENCES,
  audienceOf,
  briefingFor,
  newFollowUps,
  type Audience,
  type AudienceKind,
  type FocusItem,
  type PersonalBriefing,
  type Reader,
} from './audience.ts';
export { ACTION_IDS, autonomousActions, type ActionId, type ActionSummary } from './autonomous-actions.ts';
export { CLOSING_QUESTION, briefingSections, type BriefingSection, type BriefingText } from './briefing-sections.ts';
export { briefingMessage, urgentMessage } from './briefing-messages.ts';
export { dateOfSlot, morningInput, previousSlot, slotOn, type BriefingSchedule } from './briefing-schedule.ts';
export { formatValue, localDay, longDay, shortTime } from './briefing-words.ts';
export {
  BRIEFING_MODEL_VERSION,
  composeBriefing,
  urgentItems,
  type BriefingModel,
  type CollectedSource,
  type ComposeSettings,
  type OpportunityItem,
  type SourceStatus,
} from './compose-briefing.ts';
export {
  ESCALATION_RULES,
  escalationChecks,
  type CheckDetail,
  type EscalationCheck,
  type EscalationRule,
  type EscalationThresholds,
} from './escalation-checks.ts';
export { METRICS, METRIC_IDS, TOPICS, type MetricId, type MetricUnit, type Topic } from './metric-definitions.ts';
export {
  CHART_DAYS,
  analyzeMetric,
  isWeeklyStep,
  type ExpectedBand,
  type MetricChart,
  type MetricReport,
  type TrendSummary,
} from './metric-report.ts';
export {
  BRIEFING_PAGE,
  MorningInputSchema,
  SOURCE_TIMEOUT_MS,
  briefingPageUrl,
  morningBriefingWorkflow,
  type BriefingPerson,
  type BriefingSettings,
  type DeliveryResult,
  type MorningDeps,
  type MorningInput,
  type MorningResult,
} from './morning-briefing.ts';
export { renderBriefingText } from './render-text.ts';
