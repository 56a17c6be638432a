/**
 * The briefing's sources, built from the reads the app hands over. A later workflow replaces one by
 * name (the customer health workflow brings its own `customer_health_changes`), and tests replace
 * one to make it fail or hang.
 */
import { apiPerformanceSource, type ApiPerformanceReads } from './api-performance-source.ts';
import { approvalsSource, type ApprovalReads } from './approvals-source.ts';
import { autonomousActionsSource, type AuditReads } from './autonomous-actions-source.ts';
import { customerGrowthSource, type CustomerGrowthReads } from './customer-growth-source.ts';
import { customerHealthSource } from './customer-health-source.ts';
import { followUpsSource, type FollowUpReads } from './follow-ups-source.ts';
import { opportunitiesSource, type OpportunityReads } from './opportunities-source.ts';
import { revenueSource, type RevenueReads } from './revenue-source.ts';
import type { BriefingSource, SourceName } from './source.ts';
import { supportTicketSource, type SupportTicketReads } from './support-tickets-source.ts';
import { systemHealthSource, type SystemHealthReads } from './system-health-source.ts';

export interface BriefingReads
  extends
    RevenueReads,
    ApiPerformanceReads,
    SupportTicketReads,
    SystemHealthReads,
    CustomerGrowthReads,
    OpportunityReads {
  audit: AuditReads;
  approvals: ApprovalReads;
  followUps: FollowUpReads;
}

export type SourceOverrides = Partial<Record<SourceName, BriefingSource>>;

export function briefingSources(reads: BriefingReads, overrides: SourceOverrides = {}): BriefingSource[] {
  const sources: BriefingSource[] = [
    revenueSource(reads),
    customerHealthSource(),
    apiPerformanceSource(reads),
    supportTicketSource(reads),
    systemHealthSource(reads),
    customerGrowthSource(reads),
    opportunitiesSource(reads),
    autonomousActionsSource(reads.audit),
    approvalsSource(reads.approvals),
    followUpsSource(reads.followUps),
  ];
  return sources.map((s) => overrides[s.name] ?? s);
}

export {
  EXTRA_SOURCES,
  HISTORY_DAYS,
  SEED_SOURCES,
  briefingWindow,
  dailySeries,
  ok,
  unavailable,
  valueOn,
  type BriefingSource,
  type BriefingWindow,
  type Collected,
  type DailySeries,
  type SourceName,
} from './source.ts';
export type { ApiPerformanceData } from './api-performance-source.ts';
export { waitingAt, type ApprovalsWaitingData, type WaitingApproval } from './approvals-source.ts';
export {
  ACTION_KINDS,
  type ActionEntry,
  type ActionKind,
  type AutonomousActionData,
} from './autonomous-actions-source.ts';
export type { CustomerGrowthData } from './customer-growth-source.ts';
export { RECENTLY_CLOSED_DAYS, type FollowUpKey, type FollowUpsData, type OpenFollowUp } from './follow-ups-source.ts';
export { HEALTH_NOT_BUILT, type CustomerHealthData, type HealthDrop } from './customer-health-source.ts';
export { ENGAGED_ACTIVE_DAYS, ENGAGED_TEAM, QUOTA_SHARE, type OpportunityData } from './opportunities-source.ts';
export type { RevenueData } from './revenue-source.ts';
export type { SupportTicketData } from './support-tickets-source.ts';
export type { ServiceDowntime, SystemHealthData } from './system-health-source.ts';
