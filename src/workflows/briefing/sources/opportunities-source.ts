/**
 * `opportunities`: trials using the product hard (a sales conversation worth having) and paying
 * customers close to their plan's included calls (an upgrade worth proposing), by rules stated
 * here so every listed customer can be checked against their usage rows.
 */
import type { PlanUsage, TrialEngagement } from '../../../domain/metrics/index.ts';
import { ok, type BriefingSource } from './source.ts';

/** A trial is engaged when it called the API on at least this many of the last 7 days ... */
export const ENGAGED_ACTIVE_DAYS = 5;
/** ... with at least this many team members active on one of them. */
export const ENGAGED_TEAM = 2;
/** A paying customer is near their quota at this share of the plan's monthly calls within 30 days. */
export const QUOTA_SHARE = 0.8;
const LIST_LIMIT = 25;

export interface OpportunityData {
  /** Engaged trials, most calls first. */
  engagedTrials: TrialEngagement[];
  /** Customers near or over their plan's included calls, highest share first. */
  nearQuota: PlanUsage[];
}

export interface OpportunityReads {
  trialEngagement(day: string, asOf: number): Promise<TrialEngagement[]>;
  planUsage(day: string, share: number): Promise<PlanUsage[]>;
}

export function opportunitiesSource(reads: OpportunityReads): BriefingSource<OpportunityData> {
  return {
    name: 'opportunities',
    title: 'opportunities',
    async collect(window) {
      const trials = await reads.trialEngagement(window.day, window.asOf);
      const engagedTrials = trials
        .filter((t) => t.activeDays >= ENGAGED_ACTIVE_DAYS && t.teamMembers >= ENGAGED_TEAM)
        .sort((a, b) => b.calls - a.calls || a.id.localeCompare(b.id))
        .slice(0, LIST_LIMIT);
      const nearQuota = (await reads.planUsage(window.day, QUOTA_SHARE)).slice(0, LIST_LIMIT);
      return ok({ engagedTrials, nearQuota });
    },
  };
}
