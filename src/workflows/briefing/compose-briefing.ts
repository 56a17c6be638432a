/**
 * The company's briefing for one morning, from what the sources collected: every metric analysed,
 * the health check's criteria, what PsiZero did on its own, the opportunities, what waits for
 * people, and which sources were unavailable. Pure and deterministic: the workflow composes it
 * from recorded step results, and `psizero briefing show` composes the same from the same data.
 * Each person's briefing is cut from it by audience (audience.ts); the model is what is stored.
 */
import type { NewCustomer, OpenTicket, PlanUsage, TrialEngagement } from '../../domain/metrics/index.ts';
import { formatCount } from '../../policy/money.ts';
import { autonomousActions, type ActionSummary } from './autonomous-actions.ts';
import { formatValue, plural } from './briefing-words.ts';
import { escalationChecks, type EscalationCheck, type EscalationThresholds } from './escalation-checks.ts';
import { METRICS, dataOf, type Topic } from './metric-definitions.ts';
import { analyzeMetric, type MetricReport } from './metric-report.ts';
import type {
  ApprovalsWaitingData,
  AutonomousActionData,
  BriefingWindow,
  Collected,
  CustomerGrowthData,
  CustomerHealthData,
  FollowUpKey,
  FollowUpsData,
  OpenFollowUp,
  OpportunityData,
  ServiceDowntime,
  SourceName,
  SupportTicketData,
  SystemHealthData,
  WaitingApproval,
} from './sources/index.ts';

export const BRIEFING_MODEL_VERSION = 1;

export interface SourceStatus {
  name: SourceName;
  title: string;
  status: 'ok' | 'unavailable';
  reason: string | null;
}

export interface OpportunityItem {
  kind: 'engaged_trial' | 'near_quota';
  topics: Topic[];
  text: string;
  customer: { id: string; name: string; csmId: string | null };
}

export interface BriefingModel {
  version: typeof BRIEFING_MODEL_VERSION;
  /** The morning's calendar date in the briefing's zone. */
  date: string;
  timezone: string;
  asOf: number;
  since: number;
  /** The UTC day the daily figures report. */
  day: string;
  sources: SourceStatus[];
  metrics: MetricReport[];
  checks: EscalationCheck[];
  actions: ActionSummary[];
  opportunities: OpportunityItem[];
  approvals: WaitingApproval[];
  /** Follow-ups earlier mornings planned, still open at this one (absent in briefings stored before they existed). */
  followUps?: OpenFollowUp[];
  /** Follow-ups closed in the weeks before, not to be planned again yet. */
  closedFollowUps?: FollowUpKey[];
  criticalTickets: OpenTicket[];
  newCustomers: NewCustomer[];
  downtime: ServiceDowntime[];
}

export interface ComposeSettings {
  date: string;
  timezone: string;
  escalation: EscalationThresholds;
}

export interface CollectedSource {
  name: SourceName;
  title: string;
  result: Collected<unknown>;
}

export function composeBriefing(
  window: BriefingWindow,
  collected: readonly CollectedSource[],
  settings: ComposeSettings,
): BriefingModel {
  const byName = new Map(collected.map((c) => [c.name, c.result]));
  const metrics: MetricReport[] = [];
  for (const def of METRICS) {
    const data = dataOf<unknown>(byName, def.source);
    if (data === null) continue;
    metrics.push(analyzeMetric(def, def.series(data), def.target?.(data) ?? null, window.day));
  }
  const health = dataOf<CustomerHealthData>(byName, 'customer_health_changes');
  const healthResult = byName.get('customer_health_changes');
  const system = dataOf<SystemHealthData>(byName, 'system_health_status');
  const tickets = dataOf<SupportTicketData>(byName, 'support_ticket_volume');
  const checks = escalationChecks(
    {
      revenue: metrics.find((m) => m.id === 'revenue') ?? null,
      health,
      healthUnavailable: healthResult?.status === 'unavailable' ? healthResult.reason : null,
      system,
      tickets,
      zone: settings.timezone,
    },
    settings.escalation,
  );
  const actions = dataOf<AutonomousActionData>(byName, 'autonomous_actions');
  const opportunities = dataOf<OpportunityData>(byName, 'opportunities');
  return {
    version: BRIEFING_MODEL_VERSION,
    date: settings.date,
    timezone: settings.timezone,
    asOf: window.asOf,
    since: window.since,
    day: window.day,
    sources: collected.map((c) => ({
      name: c.name,
      title: c.title,
      status: c.result.status,
      reason: c.result.status === 'unavailable' ? c.result.reason : null,
    })),
    metrics,
    checks,
    actions: actions === null ? [] : autonomousActions(actions.entries, health),
    opportunities: opportunities === null ? [] : opportunityItems(opportunities),
    approvals: dataOf<ApprovalsWaitingData>(byName, 'approvals_waiting')?.approvals ?? [],
    followUps: dataOf<FollowUpsData>(byName, 'follow_ups')?.open ?? [],
    closedFollowUps: dataOf<FollowUpsData>(byName, 'follow_ups')?.recentlyClosed ?? [],
    criticalTickets: tickets?.openCritical ?? [],
    newCustomers: dataOf<CustomerGrowthData>(byName, 'customer_growth')?.newCustomers ?? [],
    downtime: system?.overnight ?? [],
  };
}

function opportunityItems(data: OpportunityData): OpportunityItem[] {
  const trials = data.engagedTrials.map((t: TrialEngagement): OpportunityItem => ({
    kind: 'engaged_trial',
    topics: ['onboarding'],
    customer: { id: t.id, name: t.name, csmId: t.csmId },
    text: `${t.name} (trial until ${t.trialEndsOn}) used the API on ${t.activeDays} of the last 7 days with ${plural(t.teamMembers, 'person', 'people')}: ${formatCount(t.calls)} calls`,
  }));
  const quota = data.nearQuota.map((c: PlanUsage): OpportunityItem => ({
    kind: 'near_quota',
    topics: ['expansion'],
    customer: { id: c.id, name: c.name, csmId: c.csmId },
    text: `${c.name} used ${Math.round((100 * c.calls) / c.includedCalls)}% of the ${c.plan} plan's ${formatValue(c.includedCalls, 'count')} monthly calls in the last 30 days: an upgrade conversation`,
  }));
  return [...trials, ...quota];
}

/** The criteria that fired: the urgent items. */
export function urgentItems(model: BriefingModel): EscalationCheck[] {
  return model.checks.filter((c) => c.status === 'fired');
}
